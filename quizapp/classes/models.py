"""Classes, their rosters and the question sets assigned to them.

A class belongs to its teachers; a student is a real account, in the `students` group,
joined to a class by a membership. Removing a student ends the membership and keeps
everything they answered. An assignment puts a published set in front of a class, with
its own optional open and close times.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizapp.quizzes.models import QuestionSet

ROSTER_NAME_MAX = 40
# Seven characters of the join-code alphabet (31**7 ≈ 2.8 × 10**10): never the length of
# a set's code (eight), so one box on the home page takes either.
CLASS_CODE_LENGTH = 7


class SchoolClass(models.Model):
    name = models.CharField(
        _("班級名稱"), max_length=40, error_messages={"blank": _("請輸入班級名稱。")}
    )
    school_year = models.CharField(
        _("學年度"), max_length=20, blank=True, help_text=_("例如 114 學年度。")
    )
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="taught_classes", verbose_name=_("老師")
    )
    join_code = models.CharField(_("班級代碼"), max_length=12, unique=True)
    is_archived = models.BooleanField(_("已封存"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("班級")
        verbose_name_plural = _("班級")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.school_year}）" if self.school_year else self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        """Students in the class now: not those the teacher removed (their work stays)."""
        return self.filter(removed_at__isnull=True)


class Membership(models.Model):
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="memberships"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    # 座號: the number a Taiwanese or Hong Kong class lists its students by.
    seat_number = models.PositiveSmallIntegerField(_("座號"), null=True, blank=True)
    name = models.CharField(_("姓名"), max_length=ROSTER_NAME_MAX)
    # The account was made from this class's pasted list: only then may the class's
    # teachers set its password (a student's own account is theirs alone).
    made_account = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("班級成員")
        verbose_name_plural = _("班級成員")
        ordering = [models.F("seat_number").asc(nulls_last=True), "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "student"], name="one_membership_per_student"
            ),
            models.UniqueConstraint(
                fields=["school_class", "seat_number"],
                condition=models.Q(removed_at__isnull=True, seat_number__isnull=False),
                name="one_student_per_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_class}：{self.seat_number or ''} {self.name}"


class Assignment(models.Model):
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="assignments"
    )
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="assignments"
    )
    opens_at = models.DateTimeField(_("開放時間"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止時間"), null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("作業")
        verbose_name_plural = _("作業")
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "question_set"], name="one_assignment_per_set"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_class}：{self.question_set}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("截止時間要晚於開放時間。")
        if errors:
            raise ValidationError(errors)

    def has_closed(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return bool(self.closes_at and now >= self.closes_at) or self.question_set.has_closed

    def not_yet_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return bool(self.opens_at and now < self.opens_at)
