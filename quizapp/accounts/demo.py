"""Demo logins for a local run only (`make run`); production never creates them."""

from __future__ import annotations

from typing import Final

from django.core.management.base import BaseCommand, CommandParser

DEMO_TEACHER: Final = "teacher"
DEMO_STUDENT: Final = "student"
DEMO_ACCOUNTS: Final = [
    {"username": "admin", "password": "pyongyang-admin-2018", "role": "admin"},
    {"username": DEMO_TEACHER, "password": "pyongyang-teacher-2018", "role": "teacher"},
    {"username": DEMO_STUDENT, "password": "pyongyang-student-2018", "role": "student"},
]


class DemoCommand(BaseCommand):
    """A demo command prints the addresses to open: `--url` says where the site is served."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="where the site is served"
        )
