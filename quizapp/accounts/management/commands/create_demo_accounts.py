from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from quizapp.accounts.roles import make_teacher

# Demo logins for a local run only; README says so and production never runs this.
DEMO_ACCOUNTS = [
    {"username": "admin", "password": "pyongyang-admin-2018", "role": "admin"},
    {"username": "teacher", "password": "pyongyang-teacher-2018", "role": "teacher"},
    {"username": "student", "password": "pyongyang-student-2018", "role": "student"},
]


class Command(BaseCommand):
    help = "Create (or reset) the demo admin, teacher and student accounts and print them."

    def handle(self, *args: object, **options: object) -> None:
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
        self.stdout.write("  Admin: http://127.0.0.1:8000/admin/\n")
