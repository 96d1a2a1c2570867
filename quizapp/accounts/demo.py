"""Demo logins for a local run only (`make run`); production never creates them."""

from __future__ import annotations

from typing import Final

DEMO_TEACHER: Final = "teacher"
DEMO_ACCOUNTS: Final = [
    {"username": "admin", "password": "pyongyang-admin-2018", "role": "admin"},
    {"username": DEMO_TEACHER, "password": "pyongyang-teacher-2018", "role": "teacher"},
    {"username": "student", "password": "pyongyang-student-2018", "role": "student"},
]
