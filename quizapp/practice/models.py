"""A practice question as it was put to one student: kept on the server with its key, so
the page carries only opaque option ids, and an answer can be checked, once."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from quizapp.labels import choices
from quizapp.memory.models import Learner
from quizapp.vocabulary import QuestionKind


class PracticeQuestion(Learner):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scope = models.CharField(max_length=80)
    unit = models.CharField(max_length=80)
    kind = models.CharField(max_length=16, choices=choices(QuestionKind))
    prompt = models.TextField()
    options = models.JSONField()
    key = models.JSONField()
    explanation = models.TextField()
    footnotes = models.JSONField(default=list)
    facts = models.JSONField(default=list)
    # The options as shown: opaque ids, and the option each stands for; an ordering's
    # current arrangement while the student moves items without JavaScript.
    ids = models.JSONField()
    indices = models.JSONField()
    shown_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.JSONField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("練習題")
        verbose_name_plural = _("練習題")
        indexes = [
            models.Index(fields=["user", "scope", "answered_at"], name="practice_user_open"),
            models.Index(
                fields=["guest_token", "scope", "answered_at"], name="practice_guest_open"
            ),
        ]

    def __str__(self) -> str:
        return self.prompt

    @property
    def is_ordering(self) -> bool:
        return self.kind == QuestionKind.ORDERING

    @property
    def shown(self) -> list[tuple[str, str]]:
        """(opaque id, text) in the order the page shows them."""
        return [
            (opaque, self.options[index])
            for opaque, index in zip(self.ids, self.indices, strict=True)
        ]
