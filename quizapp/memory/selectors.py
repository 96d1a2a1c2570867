"""Reads of memory: whose rows, due units, recall now, the sections of units."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Min, Q

from quizapp.facts.models import Event, Participation, Statement
from quizapp.memory.models import FactMemory
from quizapp.memory.scheduling import recall_probability
from quizapp.recall import Unit
from quizapp.vocabulary import FactKind, FactRef, Phase


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


@dataclass(frozen=True)
class Recall:
    unit: Unit
    probability: float
    due: datetime.datetime


def recalls(rows: Iterable[FactMemory], *, now: datetime.datetime) -> list[Recall]:
    return [
        Recall(unit=row.unit, probability=recall_probability(row.card, now=now), due=row.due)
        for row in rows
    ]


def unit_phases(units: Sequence[Unit]) -> dict[Unit, Phase]:
    """Each unit's section of the article: its event's or statement's; a person's post,
    the section of the first event they take part in (the delegation list: 準備)."""
    ids: dict[FactKind, set[int]] = {}
    for unit in units:
        ids.setdefault(unit.fact.kind, set()).add(unit.fact.id)
    phase_of: dict[tuple[FactKind, int], Phase] = {}
    if FactKind.EVENT in ids:
        for pk, phase in Event.objects.filter(pk__in=ids[FactKind.EVENT]).values_list(
            "pk", "phase"
        ):
            phase_of[(FactKind.EVENT, pk)] = Phase(phase)
    if FactKind.STATEMENT in ids:
        for pk, phase in Statement.objects.filter(pk__in=ids[FactKind.STATEMENT]).values_list(
            "pk", "phase"
        ):
            phase_of[(FactKind.STATEMENT, pk)] = Phase(phase)
    if FactKind.PERSON in ids:
        firsts = (
            Participation.objects.filter(person_id__in=ids[FactKind.PERSON])
            .values("person_id")
            .annotate(first=Min("event__date"))
        )
        first_date = {row["person_id"]: row["first"] for row in firsts}
        for pk in ids[FactKind.PERSON]:
            phase_of[(FactKind.PERSON, pk)] = Phase.PREPARATION
        dated = Event.objects.filter(date__in=set(first_date.values())).values_list("date", "phase")
        phase_by_date = dict(dated)
        for pk, date in first_date.items():
            phase_of[(FactKind.PERSON, pk)] = Phase(phase_by_date.get(date, Phase.PREPARATION))
    return {unit: phase_of.get((unit.fact.kind, unit.fact.id), Phase.PREPARATION) for unit in units}
