"""Reads of memory: whose rows, due units, recall now, the sections of units."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from quizapp.memory.models import FactMemory
from quizapp.recall import Unit
from quizapp.vocabulary import FactKind, FactRef


def owned_by(*, user_id: int | None, guest_token: str) -> Q:
    if user_id:
        return Q(user_id=user_id)
    return Q(user__isnull=True, guest_token=guest_token)


def memories(*, user_id: int | None, guest_token: str) -> dict[Unit, FactMemory]:
    """Every unit the student has answered, in one query."""
    if not (user_id or guest_token):
        return {}
    rows = FactMemory.objects.filter(owned_by(user_id=user_id, guest_token=guest_token))
    return {row.unit: row for row in rows}


@dataclass(frozen=True)
class MemoryState:
    """A memory row's scheduling columns, read without its card."""

    due: datetime.datetime
    stability: float
    last_review: datetime.datetime | None
    reviews: int
    last_prompt: str


def memory_states(*, user_id: int | None, guest_token: str) -> dict[Unit, MemoryState]:
    """Every unit the student has answered, in one query of plain columns: what picking
    the next practice question needs, fast whatever the history's length."""
    if not (user_id or guest_token):
        return {}
    rows = FactMemory.objects.filter(
        owned_by(user_id=user_id, guest_token=guest_token)
    ).values_list(
        "fact_kind",
        "fact_id",
        "relation",
        "other_id",
        "due",
        "stability",
        "last_review",
        "reviews",
        "last_prompt",
    )
    states = {}
    for kind, fact_id, relation, other, due, stability, last_review, reviews, prompt in rows:
        unit = Unit(FactRef(FactKind(kind), fact_id), relation, other)
        states[unit] = MemoryState(due, stability, last_review, reviews, prompt)
    return states
