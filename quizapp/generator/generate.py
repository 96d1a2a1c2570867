"""Every candidate, and question sets drawn from them for a scope, a count and a seed."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from quizapp.generator.drafts import DateQuery, QuestionDraft, RoleHolderQuery, RoleQuery, Rule
from quizapp.generator.facts import EventFact, FactBase, PersonFact, StatementFact
from quizapp.generator.kinds import BUILDERS as EVENT_BUILDERS
from quizapp.generator.rules import broken_rule
from quizapp.generator.statements import STATEMENT_BUILDERS
from quizapp.vocabulary import (
    GENERATED_KINDS,
    DatePrecision,
    FactKind,
    FactRef,
    Phase,
    QuestionKind,
    Side,
)


@dataclass
class Candidates:
    drafts: list[QuestionDraft]
    dropped: Counter[Rule] = field(default_factory=Counter)
    # Each dropped draft with the rule it broke: what the admin names when an edit to
    # a fact would cost questions.
    rejected: list[tuple[QuestionDraft, Rule]] = field(default_factory=list)

    def per_kind(self) -> Counter[QuestionKind]:
        return Counter(draft.kind for draft in self.drafts)


def all_candidates(
    fb: FactBase, *, kinds: tuple[QuestionKind, ...] = GENERATED_KINDS
) -> Candidates:
    """Every draft the fact base supports that passes every rule; the rest are counted."""
    result = Candidates(drafts=[])
    seen: set[tuple[str, str, tuple[str, ...], tuple[int, ...]]] = set()
    for kind in kinds:
        build = EVENT_BUILDERS.get(kind) or STATEMENT_BUILDERS[kind]
        for draft in build(fb):
            if draft.identity in seen:
                continue
            seen.add(draft.identity)
            rule = broken_rule(draft, fb)
            if rule is None:
                result.drafts.append(draft)
            else:
                result.dropped[rule] += 1
                result.rejected.append((draft, rule))
    return result


@dataclass(frozen=True)
class Scope:
    """Which facts a set may ask about. Empty fields do not restrict."""

    phases: frozenset[Phase] = frozenset()
    person_keys: frozenset[str] = frozenset()
    sides: frozenset[Side] = frozenset()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def in_scope(draft: QuestionDraft, fb: FactBase, scope: Scope) -> bool:
    """Every event a draft asks about lies in the scope; a role question's person does; a
    statement's section is one the scope names."""
    statements = [
        fb.statement_by_id[fact.id] for fact in draft.facts if fact.kind == FactKind.STATEMENT
    ]
    if statements:
        return all(_statement_in_scope(statement, draft, fb, scope) for statement in statements)
    events = _events_of(draft, fb)
    people = [fb.person_by_id[fact.id] for fact in draft.facts if fact.kind == FactKind.PERSON]
    if events:
        return all(_event_in_scope(event, fb, scope) for event in events)
    return any(
        _person_matches(person, scope)
        and (
            not (scope.phases or scope.date_from or scope.date_to)
            or any(
                person.id in event.people_in() and _event_in_scope(event, fb, scope)
                for event in fb.events
            )
        )
        for person in people
    )


def _statement_in_scope(
    statement: StatementFact, draft: QuestionDraft, fb: FactBase, scope: Scope
) -> bool:
    """A statement has a section but no date: a date range leaves it out. A scope of
    people or sides keeps it only when it is about one of them (a first)."""
    if scope.phases and statement.phase not in scope.phases:
        return False
    if scope.date_from or scope.date_to:
        return False
    if scope.person_keys or scope.sides:
        people = [fb.person_by_id[f.id] for f in draft.facts if f.kind == FactKind.PERSON]
        return any(_person_matches(person, scope) for person in people)
    return True


def _person_matches(person: PersonFact, scope: Scope) -> bool:
    return (not scope.person_keys or person.key in scope.person_keys) and (
        not scope.sides or person.side in scope.sides
    )


def _event_in_scope(event: EventFact, fb: FactBase, scope: Scope) -> bool:
    if scope.phases and event.phase not in scope.phases:
        return False
    if scope.date_from and event.date < scope.date_from:
        return False
    if scope.date_to and event.date > scope.date_to:
        return False
    if scope.person_keys or scope.sides:
        involved = [fb.person_by_id[pid] for pid in event.people_in()]
        return any(_person_matches(person, scope) for person in involved)
    return True


def _events_of(draft: QuestionDraft, fb: FactBase) -> list[EventFact]:
    ids = {fact.id for fact in draft.facts if fact.kind == FactKind.EVENT}
    return [event for event in fb.events if event.id in ids]


def _one_day(fb: FactBase, scope: Scope) -> bool:
    """Every event the scope covers happened on one day."""
    if not (scope.phases or scope.date_from or scope.date_to):
        return False
    days = {event.date for event in fb.events if _event_in_scope(event, fb, scope)}
    return len(days) == 1


def _asks_the_day(draft: QuestionDraft) -> bool:
    return isinstance(draft.query, DateQuery) and draft.query.precision == DatePrecision.DAY


def draft_sections(draft: QuestionDraft, fb: FactBase) -> frozenset[Phase]:
    """The article's sections a draft asks about: those of its events and statements. A
    role question has neither: a delegation post is stated in the list under 準備, any
    other post where the person's events are."""
    sections = {event.phase for event in _events_of(draft, fb)} | {
        fb.statement_by_id[fact.id].phase for fact in draft.facts if fact.kind == FactKind.STATEMENT
    }
    if sections:
        return frozenset(sections)
    if isinstance(draft.query, RoleQuery | RoleHolderQuery) and draft.query.delegation_only:
        return frozenset({Phase.PREPARATION})
    people = {fact.id for fact in draft.facts if fact.kind == FactKind.PERSON}
    return frozenset(event.phase for event in fb.events if people & event.people_in())


class NotEnoughQuestions(Exception):
    """The scope supports fewer questions than asked: how many there are, per kind.

    The Django layer words it for a teacher (`quizapp.quizzes.wording`).
    """

    def __init__(self, *, asked: int, available: Counter[QuestionKind], scope: Scope) -> None:
        self.asked = asked
        self.available = available
        self.scope = scope
        super().__init__(f"{sum(available.values())} questions in scope, {asked} asked")


def question_set(
    candidates: Candidates,
    fb: FactBase,
    *,
    count: int,
    seed: int,
    kinds: tuple[QuestionKind, ...] = GENERATED_KINDS,
    scope: Scope = Scope(),
) -> list[QuestionDraft]:
    """`count` drafts from the pool, spread over the kinds, each fact asked once if it can be.

    Same seed and same facts give the same set: the seed drives the only randomness.
    """
    pool = [d for d in candidates.drafts if d.kind in kinds and in_scope(d, fb, scope)]
    if _one_day(fb, scope):
        # A set about one day (「第一天」) gives every 「哪一天？」 answer in its title.
        pool = [d for d in pool if not _asks_the_day(d)]
    available = Counter(draft.kind for draft in pool)
    if len(pool) < count:
        raise NotEnoughQuestions(asked=count, available=available, scope=scope)
    rng = random.Random(seed)
    by_kind = {kind: [d for d in pool if d.kind == kind] for kind in kinds}
    for drafts in by_kind.values():
        rng.shuffle(drafts)
    chosen: list[QuestionDraft] = []
    used_facts: set[FactRef] = set()
    shown: set[frozenset[str]] = set()
    # Round-robin over the kinds; within a kind, prefer a draft about facts not yet asked.
    while len(chosen) < count:
        progressed = False
        for kind in kinds:
            drafts = by_kind[kind]
            if not drafts or len(chosen) == count:
                continue
            # Fresh facts, and options no chosen question already shows in full: two
            # questions with one option set read as one question asked twice.
            fresh = next(
                (
                    d
                    for d in drafts
                    if not used_facts & set(d.facts) and frozenset(d.options) not in shown
                ),
                next((d for d in drafts if frozenset(d.options) not in shown), drafts[0]),
            )
            drafts.remove(fresh)
            chosen.append(fresh)
            used_facts |= set(fresh.facts)
            shown.add(frozenset(fresh.options))
            progressed = True
        if not progressed:
            break
    return chosen
