"""Writes for classes: create, archive, and students joining by the class's link or code."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from quizapp.accounts.names import clean_display_name
from quizapp.accounts.roles import TEACHER_PERMISSION, student_group
from quizapp.classes.models import CLASS_CODE_LENGTH, ROSTER_NAME_MAX, Membership, SchoolClass
from quizapp.classes.roster import roster_name_problem
from quizapp.quizzes.models import JOIN_CODE_ALPHABET

CODE_TRIES = 5


def _class_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(CLASS_CODE_LENGTH))


def class_create(*, teacher: User, name: str, school_year: str) -> SchoolClass:
    for _try in range(CODE_TRIES):
        try:
            with transaction.atomic():
                school_class = SchoolClass.objects.create(
                    name=name, school_year=school_year, join_code=_class_code()
                )
                school_class.teachers.add(teacher)
                return school_class
        except IntegrityError:
            continue  # a code drawn twice: draw again
    raise RuntimeError("No free class code after several draws.")


def class_set_archived(*, school_class: SchoolClass, archived: bool) -> SchoolClass:
    """An archived class leaves the teacher's list and its students' homes; its roster
    and their work stay, and it can come back."""
    school_class.is_archived = archived
    school_class.save(update_fields=["is_archived"])
    return school_class


def can_be_student(*, user: User) -> bool:
    """Staff and teachers are never a class's students: a class's teachers can reset
    their students' passwords."""
    return not (user.is_staff or user.is_superuser or user.has_perm(TEACHER_PERMISSION))


@transaction.atomic
def class_join(*, school_class: SchoolClass, student: User, name: str) -> Membership:
    """A student joins by the class's link or code with their own account. Joining
    again is no mistake: they are in the class already (back in, if removed)."""
    if school_class.is_archived:
        raise ValidationError(_("這個班級已經封存，不能再加入。"))
    if not can_be_student(user=student):
        raise ValidationError(_("老師和管理員的帳號不能加入班級當學生。"))
    name = roster_name(name)
    membership, created = Membership.objects.get_or_create(
        school_class=school_class, student=student, defaults={"name": name}
    )
    if not created and membership.removed_at is not None:
        # The teacher took them out: only the teacher puts them back (「加入已有帳號的學生」).
        raise ValidationError(_("老師已經把你移出這個班級。要回到班上，請找老師。"))
    student.groups.add(student_group())
    return membership


def roster_name(typed: str, *, field: str = "name") -> str:
    """A name for the class list, cleaned, or a ValidationError on `field` saying why not:
    the same rule for a pasted list, an added account and a student joining."""
    name = clean_display_name(typed)
    if roster_name_problem(name, max_length=ROSTER_NAME_MAX) is not None:
        raise ValidationError(
            {
                field: _(
                    "姓名要有 1 到 40 個字，只能有文字：不能只有數字，"
                    "也不能有表情符號、符號或看不見的控制字元。"
                )
            }
        )
    return name
