"""What each student remembers of each unit (a fact and one of its relations), as py-fsrs
keeps it: the card's state, and its due time and stability as columns to query by."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quizapp.labels import choices
from quizapp.recall import Unit
from quizapp.vocabulary import FactKind, FactRef


class Learner(models.Model):
    """Who remembers: an account, or a guest's browser (its signed-cookie token).

    Neither column has an index of its own: each model's indexes begin with them, in the
    order its queries need, and every index more is written for each row an answer adds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    guest_token = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True


class FactMemory(Learner):
    fact_kind = models.CharField(max_length=16, choices=choices(FactKind))
    fact_id = models.PositiveIntegerField()
    relation = models.CharField(max_length=16)
    # The later event of an order pair; 0 for every other relation.
    other_id = models.PositiveIntegerField(default=0)
    card = models.JSONField(default=dict)
    due = models.DateTimeField()
    stability = models.FloatField(default=0)
    reviews = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    last_review = models.DateTimeField(null=True, blank=True)
    # The stem last asked about this unit: the next review asks it in other words.
    last_prompt = models.TextField(blank=True)

    class Meta:
        verbose_name = _("記憶")
        verbose_name_plural = _("記憶")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "fact_kind", "fact_id", "relation", "other_id"],
                condition=Q(user__isnull=False),
                name="one_memory_per_user_and_unit",
            ),
            models.UniqueConstraint(
                fields=["guest_token", "fact_kind", "fact_id", "relation", "other_id"],
                condition=Q(user__isnull=True),
                name="one_memory_per_guest_and_unit",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_token=""),
                name="memory_belongs_to_someone",
            ),
        ]
        # No other index: a student's rows are read by the owner columns the two unique
        # indexes begin with, never by due date, and every answer writes rows here.

    def __str__(self) -> str:
        return str(self.unit)

    @property
    def unit(self) -> Unit:
        return Unit(FactRef(FactKind(self.fact_kind), self.fact_id), self.relation, self.other_id)

    @staticmethod
    def unit_fields(unit: Unit) -> dict[str, Any]:
        return {
            "fact_kind": str(unit.fact.kind),
            "fact_id": unit.fact.id,
            "relation": unit.relation,
            "other_id": unit.other,
        }
