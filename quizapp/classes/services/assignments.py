"""Writes for assignments: a published set put in front of a class, with optional times."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quizapp.classes.models import Assignment, SchoolClass
from quizapp.quizzes.models import QuestionSet


def assignment_create(
    *,
    school_class: SchoolClass,
    question_set: QuestionSet,
    opens_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
    now: datetime.datetime | None = None,
) -> Assignment:
    """Refused, with nothing saved, for a draft or closed set, an archived class, a
    close time before the open time or already past, or a set the class has already."""
    now = now or timezone.now()
    if not question_set.is_published:
        raise ValidationError(
            {"question_set": _("這個題組還沒發布（或已經關閉），不能指派。請先發布。")}
        )
    if question_set.is_archived or question_set.has_closed:
        raise ValidationError({"question_set": _("這個題組已經關閉，不能指派。")})
    if school_class.is_archived:
        raise ValidationError(_("這個班級已經封存，不能指派題組。"))
    assignment = Assignment(
        school_class=school_class, question_set=question_set, opens_at=opens_at, closes_at=closes_at
    )
    assignment.clean()
    if closes_at and closes_at <= now:
        raise ValidationError({"closes_at": _("截止時間已經過了，請選擇未來的時間。")})
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        raise ValidationError({"question_set": _("這個班級已經有這份作業了。")}) from None
    return assignment


def assignment_delete(*, assignment: Assignment) -> None:
    """The set leaves the class's homework list; what students answered stays with the set."""
    assignment.delete()
