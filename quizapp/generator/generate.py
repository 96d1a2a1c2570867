"""Every candidate, and question sets drawn from them for a scope, a count and a seed."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from quizapp.generator.drafts import Kind, QuestionDraft, Rule
from quizapp.generator.facts import PHASE_NAMES, SIDE_NAMES, EventFact, FactBase, PersonFact
from quizapp.generator.kinds import BUILDERS
from quizapp.generator.rules import broken_rule

KIND_LABELS = {
    Kind.DATE: "日期選擇題",
    Kind.TIME: "時間選擇題",
    Kind.PARTICIPANT: "參與者選擇題",
    Kind.ROLE: "職務選擇題",
    Kind.PLACE: "地點選擇題",
    Kind.ORDERING: "排序題",
}


@dataclass
class Candidates:
    drafts: list[QuestionDraft]
    dropped: Counter[Rule] = field(default_factory=Counter)

    def per_kind(self) -> Counter[Kind]:
        return Counter(draft.kind for draft in self.drafts)


def all_candidates(fb: FactBase, *, kinds: tuple[Kind, ...] = tuple(Kind)) -> Candidates:
    """Every draft the fact base supports that passes every rule; the rest are counted."""
    result = Candidates(drafts=[])
    seen: set[tuple] = set()
    for kind in kinds:
        for draft in BUILDERS[kind](fb):
            if draft.identity in seen:
                continue
            seen.add(draft.identity)
            rule = broken_rule(draft, fb)
            if rule is None:
                result.drafts.append(draft)
            else:
                result.dropped[rule] += 1
    return result


@dataclass(frozen=True)
class Scope:
    """Which facts a set may ask about. Empty fields do not restrict."""

    phases: frozenset[str] = frozenset()
    person_keys: frozenset[str] = frozenset()
    sides: frozenset[str] = frozenset()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def describe(self) -> str:
        parts = []
        if self.phases:
            parts.append("階段：" + "、".join(PHASE_NAMES.get(p, p) for p in sorted(self.phases)))
        if self.person_keys:
            parts.append("人物：" + "、".join(sorted(self.person_keys)))
        if self.sides:
            parts.append("陣營：" + "、".join(SIDE_NAMES.get(s, s) for s in sorted(self.sides)))
        if self.date_from or self.date_to:
            parts.append(f"日期：{self.date_from or '…'} 至 {self.date_to or '…'}")
        return "；".join(parts) or "全部事實"


def in_scope(draft: QuestionDraft, fb: FactBase, scope: Scope) -> bool:
    """Every event a draft asks about lies in the scope; a role question's person does."""
    events = _events_of(draft, fb)
    people = [
        fb.person_by_id[int(i.split(":")[1])] for i in draft.fact_ids if i.startswith("person:")
    ]
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


def _events_of(draft: QuestionDraft, fb: FactBase):
    ids = {int(i.split(":")[1]) for i in draft.fact_ids if i.startswith("event:")}
    return [event for event in fb.events if event.id in ids]


class NotEnoughQuestions(Exception):
    """The scope supports fewer questions than asked; says how many and why."""

    def __init__(self, *, asked: int, available: Counter[Kind], scope: Scope) -> None:
        self.asked = asked
        self.available = available
        self.scope = scope
        total = sum(available.values())
        by_kind = (
            "、".join(f"{KIND_LABELS[kind]} {available.get(kind, 0)} 題" for kind in available)
            or "沒有任何題目"
        )
        super().__init__(
            f"這個範圍（{scope.describe()}）只能出 {total} 題，少於要求的 {asked} 題"
            f"（{by_kind}）。請放寬範圍、增加題型或減少題數。"
        )


def question_set(
    candidates: Candidates,
    fb: FactBase,
    *,
    count: int,
    seed: int,
    kinds: tuple[Kind, ...] = tuple(Kind),
    scope: Scope = Scope(),
) -> list[QuestionDraft]:
    """`count` drafts from the pool, spread over the kinds, each fact asked once if it can be."""
    pool = [d for d in candidates.drafts if d.kind in kinds and in_scope(d, fb, scope)]
    available = Counter(draft.kind for draft in pool)
    if len(pool) < count:
        raise NotEnoughQuestions(asked=count, available=available, scope=scope)
    rng = random.Random(seed)
    by_kind = {kind: [d for d in pool if d.kind == kind] for kind in kinds}
    for drafts in by_kind.values():
        rng.shuffle(drafts)
    chosen: list[QuestionDraft] = []
    used_facts: set[str] = set()
    # Round-robin over the kinds; within a kind, prefer a draft about facts not yet asked.
    while len(chosen) < count:
        progressed = False
        for kind in kinds:
            drafts = by_kind[kind]
            if not drafts or len(chosen) == count:
                continue
            fresh = next((d for d in drafts if not used_facts & set(d.fact_ids)), drafts[0])
            drafts.remove(fresh)
            chosen.append(fresh)
            used_facts |= set(fresh.fact_ids)
            progressed = True
        if not progressed:
            break
    return chosen
