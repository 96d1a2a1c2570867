"""Question sets, their snapshotted questions, and students' attempts and responses.

A question is a snapshot: prompt, options, key and citation are copied from the
generator's draft when it joins a set, so editing a fact never changes a question a
student has already seen. An attempt is a small state machine guarded by a sequence
number; its per-attempt layout (question order, opaque shuffled option ids) lives on
the server and never reaches the browser except as opaque ids.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizapp.accounts.names import DISPLAY_NAME_MAX
from quizapp.facts.models import Event, Person, Statement
from quizapp.labels import choices
from quizapp.vocabulary import (
    AttemptState,
    FactKind,
    FactRef,
    FeedbackMode,
    OrderingGrading,
    QuestionKind,
    ReviewMoment,
    SetStatus,
)

# 31 characters without look-alikes (0/O, 1/I/L): 31**8 ≈ 8.5 × 10**11 codes.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 8


class QuestionSet(models.Model):
    title = models.CharField(
        _("標題"), max_length=100, error_messages={"blank": _("請輸入題組標題。")}
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("建立者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="question_sets",
    )
    status = models.CharField(
        _("狀態"), max_length=12, choices=choices(SetStatus), default=SetStatus.DRAFT
    )
    join_code = models.CharField(_("加入代碼"), max_length=12, unique=True, null=True, blank=True)
    feedback_mode = models.CharField(
        _("回饋方式"),
        max_length=12,
        choices=choices(FeedbackMode),
        default=FeedbackMode.IMMEDIATE,
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("可作答次數"), default=0, help_text=_("0 表示不限次數。")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("時間限制（分鐘）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("時間限制至少 1 分鐘；不限時請留空。"))],
    )
    shuffle_questions = models.BooleanField(_("題目順序隨機"), default=False)
    shuffle_options = models.BooleanField(_("選項順序隨機"), default=False)
    ordering_grading = models.CharField(
        _("排序題計分"),
        max_length=16,
        choices=choices(OrderingGrading),
        default=OrderingGrading.PAIRS,
    )
    review = models.CharField(
        _("何時公布答案和解說"),
        max_length=16,
        choices=choices(ReviewMoment),
        default=ReviewMoment.AFTER_EACH,
        help_text=_("作答完還能再做的題組，答案最好等題組關閉後才公布。"),
    )
    is_public = models.BooleanField(
        _("列在首頁"),
        default=False,
        help_text=_("不勾選時，學生要有加入代碼、連結或 QR code 才找得到這個題組。"),
    )
    requires_account = models.BooleanField(
        _("只限登入帳號作答"),
        default=False,
        help_text=_("勾選後，訪客不能作答；每位學生的作答次數以帳號計算。"),
    )
    opens_at = models.DateTimeField(_("開放時間"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("截止時間"),
        null=True,
        blank=True,
        help_text=_("時間一到，進行中的作答就以已作答的部分結束。"),
    )
    # How the set was generated, so a teacher can regenerate or replace questions.
    scope = models.JSONField(_("範圍"), default=dict, blank=True)
    kinds = models.JSONField(_("題型"), default=list, blank=True)
    seed = models.IntegerField(_("隨機種子"), default=0)
    # Out of the teacher's lists (and closed to new attempts), kept with its results.
    is_archived = models.BooleanField(_("已封存"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("題組")
        verbose_name_plural = _("題組")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.review == ReviewMoment.AFTER_EACH and self.feedback_mode != FeedbackMode.IMMEDIATE:
            errors["review"] = _("「每題作答後」公布答案，只能搭配每題作答後立即回饋。")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("截止時間要晚於開放時間。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.status == SetStatus.PUBLISHED

    @property
    def is_open(self) -> bool:
        """Published, and (if the teacher set times) between opening and closing."""
        return self.status == SetStatus.PUBLISHED and self.window_now() == Window.OPEN

    @property
    def is_joinable(self) -> bool:
        """Published, not archived and not past its closing time: its code and link lead
        students in (before the opening time, to a page that says when it opens)."""
        return self.is_published and not self.is_archived and not self.has_closed

    def window_now(self, now: datetime.datetime | None = None) -> Window:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return Window.NOT_YET
        if self.closes_at and now >= self.closes_at:
            return Window.CLOSED
        return Window.OPEN

    @property
    def has_closed(self) -> bool:
        """Closed by the teacher, or past its closing time: what "after the set closes"
        waits for."""
        return self.status == SetStatus.CLOSED or self.window_now() == Window.CLOSED

    @property
    def is_immediate(self) -> bool:
        return self.feedback_mode == FeedbackMode.IMMEDIATE

    def reveals_keys(self, *, attempt_finished: bool) -> bool:
        """Whether a student may see the keys and explanations now (in the review; during
        the attempt, AFTER_EACH also shows them on the feedback screen)."""
        if self.review == ReviewMoment.AFTER_EACH:
            return True
        if self.review == ReviewMoment.AFTER_ATTEMPT:
            return attempt_finished
        if self.review == ReviewMoment.AFTER_CLOSE:
            return attempt_finished and self.has_closed
        return False

    @property
    def join_url(self) -> str:
        """Where students start this set (published sets only: it needs the code)."""
        return reverse("set_start", args=[self.join_code])


class Window(StrEnum):
    """Where now falls between a set's opening and closing times."""

    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


class QuestionQuerySet(models.QuerySet["Question"]):
    def active(self) -> QuestionQuerySet:
        """The set's current questions: not those retired by an edit (kept for reviews)."""
        return self.filter(is_active=True)


class Question(models.Model):
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("順序"))
    kind = models.CharField(_("題型"), max_length=12, choices=choices(QuestionKind))
    prompt = models.TextField(_("題幹"))
    # Multiple choice: the choices. Ordering: the items, in a stable order.
    options = models.JSONField(_("選項"))
    # Multiple choice: [index of the key]. Ordering: item indices in time order.
    key = models.JSONField(_("答案"))
    explanation = models.TextField(_("出處原文"), blank=True)
    # The teacher's own words on why the key is right (their own questions); the
    # article's sentence, when they pick one, is the explanation above.
    note = models.TextField(_("老師的解說"), blank=True)
    footnotes = models.JSONField(_("腳註"), default=list, blank=True)
    difficulty = models.FloatField(_("難度"), default=0.5)
    # An edited question that students already answered is kept, retired, for their
    # review; the edit becomes a new question in its place.
    is_active = models.BooleanField(_("使用中"), default=True)
    written_by_teacher = models.BooleanField(_("老師自訂"), default=False)
    # A wording edit of an answered question: the retired version it replaces. Their
    # answers are one question's statistics.
    revision_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("題目")
        verbose_name_plural = _("題目")
        ordering = ["question_set", "position"]

    def __str__(self) -> str:
        return self.prompt

    @property
    def is_ordering(self) -> bool:
        return self.kind == QuestionKind.ORDERING

    @property
    def key_texts(self) -> list[str]:
        """The key option (multiple choice), or the items in time order (ordering)."""
        return [self.options[index] for index in self.key]


class QuestionFact(models.Model):
    """A fact a question was drawn from: lets the admin list the question sets an edit
    to a fact would touch, and lets an answer reach the facts behind its question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="facts")
    # Exactly one of the three. A deleted fact takes its links with it; the question's
    # own text, a snapshot, stays as students saw it.
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(event__isnull=False, person__isnull=True, statement__isnull=True)
                    | models.Q(event__isnull=True, person__isnull=False, statement__isnull=True)
                    | models.Q(event__isnull=True, person__isnull=True, statement__isnull=False)
                ),
                name="question_fact_is_one_fact",
            ),
            models.UniqueConstraint(fields=["question", "event"], name="one_link_per_event"),
            models.UniqueConstraint(fields=["question", "person"], name="one_link_per_person"),
            models.UniqueConstraint(
                fields=["question", "statement"], name="one_link_per_statement"
            ),
        ]

    def __str__(self) -> str:
        return str(self.ref)

    @classmethod
    def for_ref(cls, *, question: Question, ref: FactRef) -> QuestionFact:
        if ref.kind == FactKind.EVENT:
            return cls(question=question, event_id=ref.id)
        if ref.kind == FactKind.STATEMENT:
            return cls(question=question, statement_id=ref.id)
        return cls(question=question, person_id=ref.id)

    @property
    def ref(self) -> FactRef:
        if self.event_id is not None:
            return FactRef(FactKind.EVENT, self.event_id)
        if self.person_id is not None:
            return FactRef(FactKind.PERSON, self.person_id)
        if self.statement_id is not None:
            return FactRef(FactKind.STATEMENT, self.statement_id)
        raise ValueError("A link to no fact: the check constraint forbids it.")


@dataclass(frozen=True)
class AttemptSlot:
    """One question as this attempt shows it: its options' opaque ids, in the order shown,
    and which option each one is. Stored as JSON on the attempt; never sent as such."""

    question_id: int
    ids: tuple[str, ...]
    indices: tuple[int, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AttemptSlot:
        return cls(
            question_id=data["question"], ids=tuple(data["ids"]), indices=tuple(data["indices"])
        )

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question_id, "ids": list(self.ids), "indices": list(self.indices)}

    def index_of(self, opaque_id: str) -> int:
        """The option an opaque id stands for (the id must be one of this slot's)."""
        return self.indices[self.ids.index(opaque_id)]

    def as_indices(self, order: Sequence[str]) -> list[int]:
        """An arrangement of opaque ids as option indices."""
        return [self.index_of(opaque_id) for opaque_id in order]


class AttemptQuerySet(models.QuerySet["Attempt"]):
    def counted(self) -> AttemptQuerySet:
        """Students' attempts: what results, statistics and attempt limits count. A
        teacher's preview is left out, as if it never happened."""
        return self.filter(is_preview=False)

    def previews(self) -> AttemptQuerySet:
        """Teachers taking their own sets as a student would."""
        return self.filter(is_preview=True)


class Attempt(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attempts",
    )
    guest_token = models.CharField(max_length=64, blank=True, db_index=True)
    # A teacher taking their own set as a student would: never counted in results,
    # statistics or attempt limits.
    is_preview = models.BooleanField(default=False)
    display_name = models.CharField(_("名稱"), max_length=DISPLAY_NAME_MAX)
    # The set's feedback mode when the attempt started: a teacher changing it later never
    # changes how an attempt under way goes on.
    feedback_mode = models.CharField(
        max_length=12, choices=choices(FeedbackMode), default=FeedbackMode.IMMEDIATE
    )
    state = models.CharField(
        max_length=12, choices=choices(AttemptState), default=AttemptState.IN_PROGRESS
    )
    # Every accepted write bumps seq; a post carrying an older seq is stale (409).
    seq = models.PositiveIntegerField(default=0)
    current_index = models.PositiveSmallIntegerField(default=0)
    # AttemptSlot.to_json() per question, in the order this student sees them.
    layout = models.JSONField(default=list)
    started_at = models.DateTimeField(auto_now_add=True)
    # Set with each answer, in the same UPDATE that claims the question: the time a
    # student took over the next one is read from here, not from the responses.
    last_answered_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(default=0)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("作答")
        verbose_name_plural = _("作答")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["question_set", "state"])]

    def __str__(self) -> str:
        return f"{self.display_name}：{self.question_set}"

    @property
    def is_finished(self) -> bool:
        return self.state == AttemptState.FINISHED

    @property
    def is_immediate(self) -> bool:
        return self.feedback_mode == FeedbackMode.IMMEDIATE

    @cached_property
    def slots(self) -> tuple[AttemptSlot, ...]:
        # The layout is written once, when the attempt starts; it never changes after.
        return tuple(AttemptSlot.from_json(data) for data in self.layout)

    @property
    def current_slot(self) -> AttemptSlot:
        return self.slots[self.current_index]

    @property
    def is_past_last_question(self) -> bool:
        return self.current_index >= len(self.slots)


class Response(models.Model):
    # No index of its own: one_response_per_question's index starts with the attempt and
    # serves every look-up by it, and each index more is written on every answer.
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="responses")
    # Multiple choice: [chosen option index]. Ordering: option indices in the order given.
    answer = models.JSONField()
    score = models.FloatField()
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("作答紀錄")
        verbose_name_plural = _("作答紀錄")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="one_response_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempt}：{self.question_id}"

    @property
    def is_correct(self) -> bool:
        return self.score >= 1.0
