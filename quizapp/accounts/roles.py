"""The roles: teachers, a group holding the question-set permissions; students, a group."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

TEACHERS = "teachers"
# What makes a teacher: building question sets.
TEACHER_PERMISSION = "quizzes.add_questionset"
TEACHER_PERMISSIONS = [
    ("quizzes", "add_questionset"),
    ("quizzes", "change_questionset"),
    ("quizzes", "delete_questionset"),
    ("quizzes", "view_questionset"),
    ("quizzes", "view_attempt"),
]


def teacher_group() -> Group:
    group, _created = Group.objects.get_or_create(name=TEACHERS)
    permissions = Permission.objects.filter(
        content_type__app_label="quizzes",
        codename__in=[codename for _app, codename in TEACHER_PERMISSIONS],
    )
    group.permissions.add(*permissions)
    return group


def make_teacher(user) -> None:
    user.groups.add(teacher_group())


STUDENTS = "students"


def student_group() -> Group:
    """Students a teacher's roster made or a class took in: no permissions of their own."""
    group, _created = Group.objects.get_or_create(name=STUDENTS)
    return group
