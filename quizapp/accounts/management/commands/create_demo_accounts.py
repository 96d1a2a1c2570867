from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from quizapp.accounts.demo import DEMO_ACCOUNTS, DemoCommand
from quizapp.accounts.roles import make_teacher


class Command(DemoCommand):
    help = "Create (or reset) the demo admin, teacher and student accounts and print them."

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
