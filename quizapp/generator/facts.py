"""A snapshot of the fact base as plain, frozen dataclasses: what the generator reads."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from quizapp import vocabulary
from quizapp.chinese.scripts import fold_key
from quizapp.chinese.wording import time_label


@dataclass(frozen=True)
class RoleFact:
    title: str
    is_delegation_post: bool = False
    # The article's sentence that gives the post, and its footnotes.
    sentence: str = ""
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True)
class PersonFact:
    id: int
    key: str
    name: str
    side: vocabulary.Side
    kind: vocabulary.PersonKind
    label: str = ""
    takes_part: bool = True
    roles: tuple[RoleFact, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return f"{self.name}（{self.label}）" if self.label else self.name

    @property
    def delegation_post(self) -> str:
        return next((role.title for role in self.roles if role.is_delegation_post), "")


@dataclass(frozen=True)
class PlaceFact:
    id: int
    key: str
    name: str
    city: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventFact:
    id: int
    key: str
    clause: str
    phase: vocabulary.Phase
    date: datetime.date
    date_precision: vocabulary.DatePrecision = vocabulary.DatePrecision.DAY
    end_date: datetime.date | None = None
    # Inferred, not stated (「首腦會談前夕」): kept for ordering, never asked as a date.
    date_is_derived: bool = False
    time: datetime.time | None = None
    time_precision: vocabulary.TimePrecision = vocabulary.TimePrecision.NONE
    part_of_day: vocabulary.PartOfDay | None = None
    time_is_derived: bool = False
    time_is_approximate: bool = False
    activity: str = ""
    # (part, verb phrase) for 「下列哪一位{phrase}？」, e.g. ("signed", "簽署了《平壤共同宣言》").
    who_phrases: tuple[tuple[vocabulary.Part, str], ...] = ()
    # A whole 在哪裡 question for events that are not 「舉行」ed (departures, arrivals).
    where_question: str = ""
    place_id: int | None = None
    participants: tuple[tuple[int, vocabulary.Part], ...] = ()  # (person id, part)
    has_unnamed_participants: bool = False
    sentence: str = ""
    footnotes: tuple[int, ...] = ()
    is_disputed: bool = False
    sequence: int = 0

    def people_in(self, part: vocabulary.Part | None = None) -> frozenset[int]:
        return frozenset(pid for pid, p in self.participants if part is None or p == part)


@dataclass(frozen=True)
class StatementFact:
    """A number, an agreement point, a quote, a first or a name, as the article states it.

    Each kind uses its own fields (quizapp.facts.models.Statement says which)."""

    id: int
    key: str
    kind: vocabulary.StatementKind
    phase: vocabulary.Phase
    sentence: str
    footnotes: tuple[int, ...]
    question: str = ""
    subject: str = ""
    value: Decimal | None = None
    unit: str = ""
    is_approximate: bool = False
    text: str = ""
    agreement: str = ""
    included: bool = True
    speaker: str = ""
    speaker_kind: vocabulary.SpeakerKind | None = None
    person_id: int | None = None
    wrong_values: tuple[str, ...] = ()
    is_disputed: bool = False
    sequence: int = 0


def _by_folded_form(named: Iterable[tuple[int, set[str]]]) -> dict[str, frozenset[int]]:
    """Each written form, folded across scripts → the ids of everything written so."""
    index: dict[str, set[int]] = {}
    for fact_id, forms in named:
        for form in forms:
            index.setdefault(fold_key(form), set()).add(fact_id)
    return {form: frozenset(ids) for form, ids in index.items()}


@dataclass(frozen=True)
class FactBase:
    people: tuple[PersonFact, ...]
    places: tuple[PlaceFact, ...]
    events: tuple[EventFact, ...]
    statements: tuple[StatementFact, ...] = ()

    @cached_property
    def person_by_id(self) -> dict[int, PersonFact]:
        return {person.id: person for person in self.people}

    @cached_property
    def statement_by_id(self) -> dict[int, StatementFact]:
        return {statement.id: statement for statement in self.statements}

    def statements_of(self, kind: vocabulary.StatementKind) -> list[StatementFact]:
        """The statements of one kind the article does not contradict, in article order."""
        return [s for s in self.statements if s.kind == kind and not s.is_disputed]

    @cached_property
    def event_by_id(self) -> dict[int, EventFact]:
        return {event.id: event for event in self.events}

    @cached_property
    def events_per_person(self) -> dict[int, int]:
        """Person id → how many events they take part in (0 for none)."""
        counts = dict.fromkeys((person.id for person in self.people), 0)
        for event in self.events:
            for person_id in event.people_in():
                counts[person_id] = counts.get(person_id, 0) + 1
        return counts

    @cached_property
    def place_by_id(self) -> dict[int, PlaceFact]:
        return {place.id: place for place in self.places}

    @cached_property
    def people_by_folded_name(self) -> dict[str, frozenset[int]]:
        """Every written form of a person (name, labelled name, alias) → who it can mean."""
        return _by_folded_form(
            (person.id, {person.name, person.display_name, *person.aliases})
            for person in self.people
        )

    @cached_property
    def places_by_folded_name(self) -> dict[str, frozenset[int]]:
        return _by_folded_form((place.id, {place.name, *place.aliases}) for place in self.places)

    @cached_property
    def events_by_clause(self) -> dict[str, list[EventFact]]:
        index: dict[str, list[EventFact]] = {}
        for event in self.events:
            index.setdefault(fold_key(event.clause), []).append(event)
        return index

    @cached_property
    def events_by_place_question(self) -> dict[str, list[EventFact]]:
        """Events by the text a where-question names them with: its question, or activity."""
        index: dict[str, list[EventFact]] = {}
        for event in self.events:
            for text in {event.where_question, event.activity} - {""}:
                index.setdefault(fold_key(text), []).append(event)
        return index

    @cached_property
    def events_by_who_phrase(self) -> dict[tuple[vocabulary.Part, str], list[EventFact]]:
        index: dict[tuple[vocabulary.Part, str], list[EventFact]] = {}
        for event in self.events:
            for part, phrase in event.who_phrases:
                index.setdefault((part, fold_key(phrase)), []).append(event)
        return index

    @cached_property
    def time_by_label(self) -> dict[str, datetime.time]:
        """「上午9時50分」 → 9:50, for putting time options in clock order."""
        return {
            time_label(e.time, precision=e.time_precision, part_of_day=e.part_of_day): e.time
            for e in self.events
            if e.time
        }

    @cached_property
    def title_holders(self) -> dict[str, frozenset[int]]:
        """Folded post title → everyone the fact base gives it to (any kind of role)."""
        index: dict[str, set[int]] = {}
        for person in self.people:
            for role in person.roles:
                index.setdefault(fold_key(role.title), set()).add(person.id)
        return {title: frozenset(ids) for title, ids in index.items()}

    @cached_property
    def delegation_post_holders(self) -> dict[str, frozenset[int]]:
        """Folded delegation post → the delegation members listed with it."""
        index: dict[str, set[int]] = {}
        for person in self.people:
            for role in person.roles:
                if role.is_delegation_post:
                    index.setdefault(fold_key(role.title), set()).add(person.id)
        return {title: frozenset(ids) for title, ids in index.items()}

    @cached_property
    def shared_names(self) -> frozenset[str]:
        """Folded names that more than one person carries (namesakes)."""
        counts: dict[str, int] = {}
        for person in self.people:
            counts[fold_key(person.name)] = counts.get(fold_key(person.name), 0) + 1
        return frozenset(name for name, count in counts.items() if count > 1)
