from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from quizapp.accounts.demo import DEMO_ACCOUNTS
from quizapp.accounts.roles import make_teacher


class Command(BaseCommand):
    help = "Create (or reset) the demo admin, teacher and student accounts and print them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="where the site is served"
        )

    def handle(self, *args: Any, url: str, **options: Any) -> None:
        user_model = get_user_model()
        for account in DEMO_ACCOUNTS:
            user, _created = user_model.objects.get_or_create(username=account["username"])
            user.is_staff = user.is_superuser = account["role"] == "admin"
            user.set_password(account["password"])
            user.save()
            if account["role"] == "teacher":
                make_teacher(user)
        self.stdout.write("\nDemo accounts (local use only):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account['role']:<8} username: {account['username']:<8} "
                f"password: {account['password']}"
            )
        self.stdout.write(f"  Teacher's workspace: {url}/teacher/   Admin: {url}/admin/\n")
