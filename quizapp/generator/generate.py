"""Every candidate, and question sets drawn from them for a scope, a count and a seed.

Within one set:
- every fact is asked once if the scope allows it;
- no option set is shown twice;
- a role pair is asked in one direction only: 「X擔任什麼職務？」 keyed Y and 「下列哪一位
  擔任Y？」 keyed X never both (`role_pair`);
- no question answers another through its stem, options or explanation, unless the
  scope leaves nothing else (`answers`).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from quizapp.chinese.scripts import fold_key
from quizapp.generator.drafts import (
    DateQuery,
    QuestionDraft,
    RoleHolderQuery,
    RoleQuery,
    Rule,
)
from quizapp.generator.errata import mark_errata
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
        for built in build(fb):
            # Explanations quote the article word for word: its slips are marked here,
            # once for every kind.
            draft = replace(built, explanation=mark_errata(built.explanation))
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


def role_pair(draft: QuestionDraft) -> tuple[str, str] | None:
    """(person, post) a role question is about, whichever way it asks: 「金永南擔任什麼
    職務？」 and 「下列哪一位擔任最高人民會議常任委員長？」 are one pair."""
    if isinstance(draft.query, RoleQuery):
        return fold_key(draft.query.person_shown), fold_key(draft.key_text)
    if isinstance(draft.query, RoleHolderQuery):
        return fold_key(draft.key_text), fold_key(draft.query.title)
    return None


@dataclass(frozen=True)
class _Reading:
    """What a student reads of a question, and what it asks, folded across scripts."""

    text: str  # stem, options and the explanation feedback shows, maybe before the rest
    key: str | None  # None for an ordering: an order is no text to give away
    facts: frozenset[FactRef]  # every fact it rests on
    asked_facts: frozenset[FactRef]  # its events; a role question's person
    about: tuple[str, ...]  # clause and activity of its events; a role question's person or post


def _reading(draft: QuestionDraft, fb: FactBase) -> _Reading:
    events = [fb.event_by_id[f.id] for f in draft.facts if f.kind == FactKind.EVENT]
    if isinstance(draft.query, RoleQuery):
        about = [draft.query.person_shown]
    elif isinstance(draft.query, RoleHolderQuery):
        about = [draft.query.title]
    else:
        about = [e.clause for e in events] + [e.activity for e in events]
    # A statement is about its words and its sentence: an explanation quoting 「文在寅…寫道
    # 『藝術將成為…』」 answers who wrote them; one quoting the stadium sentence, how many
    # cheered.
    for fact in draft.facts:
        if fact.kind == FactKind.STATEMENT:
            statement = fb.statement_by_id[fact.id]
            about += [statement.sentence, statement.text]
    return _Reading(
        text=fold_key("\n".join([draft.prompt, *draft.options, draft.explanation])),
        key=None if draft.kind == QuestionKind.ORDERING else fold_key(draft.key_text),
        facts=frozenset(draft.facts),
        asked_facts=frozenset(FactRef(FactKind.EVENT, e.id) for e in events)
        or frozenset(draft.facts),
        about=tuple(fold_key(text) for text in about if text),
    )


def answers(a: QuestionDraft, b: QuestionDraft, fb: FactBase) -> bool:
    """Question `a` gives away question `b`'s key: `a` shows b's key text, and either
    also shows what b asks about (b's clause or activity, person or post) or asks about
    the same fact. So 「「文在寅和金正恩簽訂《平壤共同宣言》」是在哪一天？」 answers 「下列哪一位
    簽署了《平壤共同宣言》？」 keyed 文在寅 (one event, and its stem names him), and the role
    question 「…李善權擔任什麼職務？」 answers its reverse through its explanation. An
    ordering has no key text, so nothing answers it this way."""
    return a is not b and _gives_away(_reading(a, fb), _reading(b, fb))


def _gives_away(a: _Reading, b: _Reading) -> bool:
    if b.key is None or b.key not in a.text:
        return False
    return bool(b.asked_facts & a.facts) or any(about in a.text for about in b.about)


def _askable(pool: list[QuestionDraft]) -> Counter[QuestionKind]:
    """Questions per kind one set can hold: a role pair counts once (one direction)."""
    pairs = {role_pair(d) for d in pool} - {None}
    counts = Counter(d.kind for d in pool if role_pair(d) is None)
    if pairs:
        counts[QuestionKind.ROLE] += len(pairs)
    return counts


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
    available = _askable(pool)
    if sum(available.values()) < count:
        raise NotEnoughQuestions(asked=count, available=available, scope=scope)
    rng = random.Random(seed)
    by_kind = {kind: [d for d in pool if d.kind == kind] for kind in kinds}
    for drafts in by_kind.values():
        rng.shuffle(drafts)
    chosen: list[QuestionDraft] = []
    used_facts: set[FactRef] = set()
    shown: set[frozenset[str]] = set()
    stems: set[str] = set()
    asked_pairs: set[tuple[str, str]] = set()

    reading = {id(draft): _reading(draft, fb) for draft in pool}

    def rank(draft: QuestionDraft) -> tuple[bool, bool, bool]:
        """What speaks against a draft, worst first: options or a stem a chosen question
        already shows in full (two questions with one option set, or one stem, read as one
        question asked twice); answering a chosen question or being answered by one; facts
        already asked."""
        this = reading[id(draft)]
        return (
            frozenset(draft.options) in shown or draft.prompt in stems,
            any(
                _gives_away(this, reading[id(c)]) or _gives_away(reading[id(c)], this)
                for c in chosen
            ),
            bool(used_facts & set(draft.facts)),
        )

    # Round-robin over the kinds; within a kind, the first draft with the least against
    # it. A kind whose best draft shows chosen options or answers a chosen question (or is
    # answered by one) waits while other kinds have better; only a round in which no kind
    # has takes the least bad. The kind with the fewest drafts left chooses first in each
    # round, so a day's two orderings are not all crowded out by the questions they
    # answer; the set still lists each round in the order of `kinds`.
    strict = True
    rounds = 0
    placed: dict[int, tuple[int, int]] = {}  # id(draft) → (round, position of its kind)
    while len(chosen) < count:
        progressed = False
        rounds += 1
        for kind in sorted(kinds, key=lambda k: len(by_kind[k])):
            # A role pair is asked one way only, whatever else is left.
            drafts = by_kind[kind] = [d for d in by_kind[kind] if role_pair(d) not in asked_pairs]
            if not drafts or len(chosen) == count:
                continue
            fresh = _first_best(drafts, rank)
            if strict and any(rank(fresh)[:2]):
                continue
            drafts.remove(fresh)
            chosen.append(fresh)
            placed[id(fresh)] = (rounds, kinds.index(kind))
            used_facts |= set(fresh.facts)
            shown.add(frozenset(fresh.options))
            stems.add(fresh.prompt)
            if (pair := role_pair(fresh)) is not None:
                asked_pairs.add(pair)
            progressed = True
        if not progressed and not strict:
            break
        strict = progressed
    return sorted(chosen, key=lambda draft: placed[id(draft)])


def _first_best(
    drafts: list[QuestionDraft], rank: Callable[[QuestionDraft], tuple[bool, ...]]
) -> QuestionDraft:
    """The first draft nothing speaks against, else the first of the least bad."""
    best, best_rank = drafts[0], rank(drafts[0])
    for draft in drafts:
        if not any(best_rank):
            break
        if (this := rank(draft)) < best_rank:
            best, best_rank = draft, this
    return best
