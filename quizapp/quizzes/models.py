"""Question sets, their snapshotted questions, and students' attempts and responses.

A question is a snapshot: prompt, options, key and citation are copied from the
generator's draft when it joins a set, so editing a fact never changes a question a
student has already seen. An attempt is a small state machine guarded by a sequence
number; its per-attempt layout (question order, opaque shuffled option ids) lives on
the server and never reaches the browser except as opaque ids.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedbackMode(models.TextChoices):
    IMMEDIATE = "immediate", _("每題作答後立即回饋")
    DEFERRED = "deferred", _("全部作答完才看結果")


class OrderingGrading(models.TextChoices):
    PAIRS = "pairs", _("按相對順序給部分分數")
    ALL_OR_NOTHING = "all_or_nothing", _("完全正確才得分")


class SetStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已發布")
    CLOSED = "closed", _("已關閉")


class QuestionKind(models.TextChoices):
    DATE = "date", _("日期")
    TIME = "time", _("時間")
    PARTICIPANT = "participant", _("參與者")
    ROLE = "role", _("職務")
    PLACE = "place", _("地點")
    ORDERING = "ordering", _("排序")
    CHOICE = "choice", _("自訂選擇題")


class QuestionSet(models.Model):
    title = models.CharField(_("標題"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("建立者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="question_sets",
    )
    status = models.CharField(
        _("狀態"), max_length=12, choices=SetStatus.choices, default=SetStatus.DRAFT
    )
    join_code = models.CharField(_("加入代碼"), max_length=12, unique=True, null=True, blank=True)
    feedback_mode = models.CharField(
        _("回饋方式"), max_length=12, choices=FeedbackMode.choices, default=FeedbackMode.IMMEDIATE
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
        choices=OrderingGrading.choices,
        default=OrderingGrading.PAIRS,
    )
    # How the set was generated, so a teacher can regenerate or replace questions.
    scope = models.JSONField(_("範圍"), default=dict, blank=True)
    kinds = models.JSONField(_("題型"), default=list, blank=True)
    seed = models.IntegerField(_("隨機種子"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("題組")
        verbose_name_plural = _("題組")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not self.title or not self.title.strip():
            raise ValidationError({"title": _("請輸入題組標題。")})

    @property
    def is_open(self) -> bool:
        return self.status == SetStatus.PUBLISHED


class Question(models.Model):
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("順序"))
    kind = models.CharField(_("題型"), max_length=12, choices=QuestionKind.choices)
    prompt = models.TextField(_("題幹"))
    # Multiple choice: the choices. Ordering: the items, in a stable order.
    options = models.JSONField(_("選項"))
    # Multiple choice: [index of the key]. Ordering: item indices in time order.
    key = models.JSONField(_("答案"))
    explanation = models.TextField(_("出處原文"), blank=True)
    footnotes = models.JSONField(_("腳註"), default=list, blank=True)
    fact_ids = models.JSONField(_("史實代號"), default=list, blank=True)
    difficulty = models.FloatField(_("難度"), default=0.5)
    # An edited question that students already answered is kept, retired, for their
    # review; the edit becomes a new question in its place.
    is_active = models.BooleanField(_("使用中"), default=True)
    written_by_teacher = models.BooleanField(_("老師自訂"), default=False)

    class Meta:
        verbose_name = _("題目")
        verbose_name_plural = _("題目")
        ordering = ["question_set", "position"]

    def __str__(self) -> str:
        return self.prompt

    @property
    def is_ordering(self) -> bool:
        return self.kind == QuestionKind.ORDERING


class QuestionFact(models.Model):
    """Which fact a question was drawn from ("event:12", "person:3"): lets the admin list
    the question sets an edit to a fact would touch."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="facts")
    ref = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "ref"], name="one_ref_per_question")
        ]

    def __str__(self) -> str:
        return self.ref


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("作答中")
    FINISHED = "finished", _("已完成")


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
    display_name = models.CharField(_("名稱"), max_length=40)
    state = models.CharField(
        max_length=12, choices=AttemptState.choices, default=AttemptState.IN_PROGRESS
    )
    # Every accepted write bumps seq; a post carrying an older seq is stale (409).
    seq = models.PositiveIntegerField(default=0)
    current_index = models.PositiveSmallIntegerField(default=0)
    # [{"question": id, "ids": [opaque id per shown position], "indices": [option index
    # per shown position]}, ...] in the order this student sees the questions.
    layout = models.JSONField(default=list)
    started_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(default=0)

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


class Response(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
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
