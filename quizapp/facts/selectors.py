"""Reads of the fact base, each with a fixed number of queries whatever the filter."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch

from quizapp import versions
from quizapp.facts.models import Event, Participation, Person, Place
from quizapp.vocabulary import Phase, Side

PHASE_ORDER = {phase: index for index, phase in enumerate(Phase)}


@dataclass(frozen=True)
class TimelineFilters:
    person: Person | None = None
    side: Side | None = None
    phase: Phase | None = None

    @property
    def active(self) -> bool:
        return bool(self.person or self.side or self.phase)


@dataclass(frozen=True)
class TimelineDay:
    date_label_event: Event
    events: list[Event]


@dataclass(frozen=True)
class TimelinePhase:
    phase: Phase
    days: list[TimelineDay]

    @property
    def event_count(self) -> int:
        return sum(len(day.events) for day in self.days)


def people_taking_part() -> list[Person]:
    """People who appear in at least one event, for the person filter (one query)."""
    return list(
        Person.objects.filter(takes_part=True, participations__isnull=False)
        .distinct()
        .order_by("side", "name", "key")
    )


def timeline_events(*, filters: TimelineFilters) -> list[Event]:
    """Events in time order, with place and participants: two queries."""
    events = Event.objects.select_related("place").prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("person").order_by("id"),
        )
    )
    if filters.person is not None:
        events = events.filter(participations__person=filters.person)
    if filters.side:
        events = events.filter(participations__person__side=filters.side)
    if filters.phase:
        events = events.filter(phase=filters.phase)
    return sorted(
        events.distinct(),
        key=lambda event: (PHASE_ORDER[Phase(event.phase)], event.date, event.sequence),
    )


def timeline_grouped(events: list[Event]) -> list[TimelinePhase]:
    """Group time-ordered events by phase, then by day (or month where only that is known)."""
    phases: list[TimelinePhase] = []
    for phase, phase_events in groupby(events, key=lambda event: event.phase):
        days = [
            TimelineDay(date_label_event=day_events[0], events=day_events)
            for day_events in (
                list(group)
                for _date, group in groupby(
                    phase_events, key=lambda event: (event.date, event.date_precision)
                )
            )
        ]
        phases.append(TimelinePhase(phase=Phase(phase), days=days))
    return phases


@dataclass(frozen=True)
class ArticleSentence:
    """A sentence of the article as the fact base quotes it, and as a generated question
    cites it: the event's `source_sentence` and its footnotes. `id` is the first event
    (in the article's order) that quotes it: what a form posts to pick it."""

    id: int
    text: str
    footnotes: tuple[int, ...]
    phase: Phase


def article_sentences() -> list[ArticleSentence]:
    """Every sentence the facts quote, once, in the article's order (its sections, then
    time): one query. The article is split where the fact base already split it, so a
    teacher quotes exactly what generated questions quote; a sentence two events share
    carries both events' footnotes, as a generated question citing both would."""
    events = sorted(
        Event.objects.only("source_sentence", "footnotes", "phase", "date", "sequence"),
        key=lambda event: (PHASE_ORDER[Phase(event.phase)], event.date, event.sequence, event.pk),
    )
    first: dict[str, Event] = {}
    footnotes: dict[str, set[int]] = {}
    for event in events:
        first.setdefault(event.source_sentence, event)
        footnotes.setdefault(event.source_sentence, set()).update(event.footnote_numbers)
    return [
        ArticleSentence(
            id=event.pk,
            text=text,
            footnotes=tuple(sorted(footnotes[text])),
            phase=Phase(event.phase),
        )
        for text, event in first.items()
    ]


def fact_base_counts() -> dict[str, int]:
    """Kept between writes to the facts: the home page shows them to everyone."""
    return versions.cached(
        sources=(versions.FACTS,),
        key=("fact-counts",),
        build=lambda: {
            "events": Event.objects.count(),
            "people": Person.objects.count(),
            "places": Place.objects.count(),
        },
    )
