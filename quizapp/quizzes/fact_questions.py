"""The questions the generator makes from one fact now, and those an edit would cost.

The facts app knows nothing of questions, so its admin pages get these from here
(`quizapp.quizzes.admin`). Generating over the whole fact base takes a few queries and
a few tens of milliseconds, so a page simply generates afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from quizapp.generator.drafts import PlaceQuery, QuestionDraft, Rule
from quizapp.generator.facts import FactBase
from quizapp.generator.generate import Candidates, all_candidates
from quizapp.labels import label
from quizapp.quizzes.fact_snapshot import fact_base_snapshot
from quizapp.quizzes.wording import rule_broken
from quizapp.vocabulary import FactKind, FactRef, QuestionKind

# Whether a draft is about the fact with this id: one per kind of fact in the admin.
AboutFact = Callable[[int, QuestionDraft, FactBase], bool]


def about_event(pk: int, draft: QuestionDraft, fb: FactBase) -> bool:
    return FactRef(FactKind.EVENT, pk) in draft.facts


def about_person(pk: int, draft: QuestionDraft, fb: FactBase) -> bool:
    """The person is the key (who took part, who holds a post) or the one asked about."""
    return FactRef(FactKind.PERSON, pk) in draft.facts


def about_place(pk: int, draft: QuestionDraft, fb: FactBase) -> bool:
    """Where-questions whose answer is this place: the events they ask about are held here."""
    if not isinstance(draft.query, PlaceQuery):
        return False
    return any(
        event.place_id == pk and FactRef(FactKind.EVENT, event.id) in draft.facts
        for event in fb.events
    )


def about_statement(pk: int, draft: QuestionDraft, fb: FactBase) -> bool:
    return FactRef(FactKind.STATEMENT, pk) in draft.facts


@dataclass(frozen=True)
class Generated:
    """The whole fact base and every question it yields, at one moment."""

    fb: FactBase
    candidates: Candidates


def generated_now() -> Generated:
    fb = fact_base_snapshot()
    return Generated(fb=fb, candidates=all_candidates(fb))


def _what_it_asks(draft: QuestionDraft) -> tuple[Any, ...]:
    """A question apart from its wording and its distractors: rewording a clause or
    renaming a distractor keeps the question; losing what it asks about loses it."""
    query = draft.query
    return (
        draft.kind,
        frozenset(draft.facts),
        type(query).__name__,
        getattr(query, "part", None),
        getattr(query, "delegation_only", None),
    )


@dataclass(frozen=True)
class ShownQuestion:
    """A draft as the admin page shows it: options with the key marked, and why it
    would be lost when it would be."""

    kind: str
    prompt: str
    # (text, is the key); for ordering, the items in their right order.
    options: list[tuple[str, bool]]
    is_ordering: bool
    explanation: str
    lost_because: str = ""


def shown(draft: QuestionDraft, *, lost_because: str = "") -> ShownQuestion:
    is_ordering = draft.kind == QuestionKind.ORDERING
    if is_ordering:
        options = [(draft.options[index], False) for index in draft.key]
    else:
        options = [(text, index in draft.key) for index, text in enumerate(draft.options)]
    return ShownQuestion(
        kind=label(draft.kind),
        prompt=draft.prompt,
        options=options,
        is_ordering=is_ordering,
        explanation=draft.explanation,
        lost_because=lost_because,
    )


@dataclass(frozen=True)
class QuestionList:
    """Questions as a page lists them: orderings apart, to be folded away, since one
    event is in many (up to ten per day and size, near-copies of one another)."""

    choices: list[ShownQuestion]
    orderings: list[ShownQuestion]

    @classmethod
    def of(cls, questions: list[ShownQuestion]) -> QuestionList:
        return cls(
            choices=[q for q in questions if not q.is_ordering],
            orderings=[q for q in questions if q.is_ordering],
        )

    def __len__(self) -> int:
        return len(self.choices) + len(self.orderings)


def questions_about(*, pk: int, about: AboutFact, now: Generated) -> QuestionList:
    return QuestionList.of(
        [shown(draft) for draft in now.candidates.drafts if about(pk, draft, now.fb)]
    )


def questions_lost(*, before: Generated, after: Generated) -> QuestionList:
    """Every question the fact base made before and no longer makes, anywhere (an edit
    to one fact can cost questions about others), with the rule that now drops it."""
    kept = {_what_it_asks(draft) for draft in after.candidates.drafts}
    broken: dict[tuple[Any, ...], Rule] = {
        _what_it_asks(draft): rule for draft, rule in after.candidates.rejected
    }
    return QuestionList.of(
        [
            shown(draft, lost_because=rule_broken(broken.get(_what_it_asks(draft))))
            for draft in before.candidates.drafts
            if _what_it_asks(draft) not in kept
        ]
    )
