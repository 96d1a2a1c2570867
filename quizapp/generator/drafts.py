"""What the generator returns: question drafts, and the queries their stems stand for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from quizapp.vocabulary import DatePrecision, FactRef, Part, QuestionKind


class Rule(StrEnum):
    """The rules every draft must pass (README, Questions); a draft breaking one is dropped."""

    ONE_KEY = "1-exactly-one-correct-option"
    OPTIONS = "2-distinct-parallel-sorted-options"
    STEM = "3-stem-gives-nothing-away"
    ORDER = "4-strictly-ordered-items"
    NAMES = "5-namesakes-labelled-no-alias-beside-its-name"
    # Rule 6 (same seed, same facts → same questions) is a property of the whole run;
    # it is proved by tests, never a reason to drop one draft.


@dataclass(frozen=True)
class DateQuery:
    """「{clause}」是在哪一天？ (or 哪一個月？ where the article gives only the month)"""

    clause: str
    precision: DatePrecision = DatePrecision.DAY


@dataclass(frozen=True)
class TimeQuery:
    """{date}，「{clause}」是在幾點？"""

    date: datetime.date
    clause: str


@dataclass(frozen=True)
class ParticipantQuery:
    """下列哪一位{phrase}？ — the phrase names one part in one event."""

    part: Part
    phrase: str


@dataclass(frozen=True)
class RoleQuery:
    """{person}擔任什麼職務？ (the person as the stem shows them)."""

    person_shown: str
    delegation_only: bool


@dataclass(frozen=True)
class RoleHolderQuery:
    """下列哪一位擔任{title}？"""

    title: str
    delegation_only: bool


@dataclass(frozen=True)
class PlaceQuery:
    """「{activity}」在哪裡舉行？ (發表 a speech, 吃 a meal), or the event's own where-question."""

    asked_about: str


@dataclass(frozen=True)
class NumberQuery:
    """The statement's own question, e.g. 「南韓派往平壤的先遣隊有多少人？」"""

    question: str


@dataclass(frozen=True)
class AgreementQuery:
    """下列哪一項是（不是）{agreement}的內容？"""

    agreement: str
    included: bool


@dataclass(frozen=True)
class QuoteQuery:
    """誰說過「{quote}」？ — the options are speakers of one kind."""

    quote: str


@dataclass(frozen=True)
class FirstQuery:
    """下列哪一件事是{holder}這次訪問北韓時首次做到的？"""

    holder: str


@dataclass(frozen=True)
class NameQuery:
    """The statement's own question, e.g. 「本次首腦會談的標語是什麼？」"""

    question: str


@dataclass(frozen=True)
class OrderQuery:
    """請依時間先後排列: the items are event clauses."""


Query = (
    DateQuery
    | TimeQuery
    | ParticipantQuery
    | RoleQuery
    | RoleHolderQuery
    | PlaceQuery
    | OrderQuery
    | NumberQuery
    | AgreementQuery
    | QuoteQuery
    | FirstQuery
    | NameQuery
)


@dataclass(frozen=True)
class QuestionDraft:
    kind: QuestionKind
    prompt: str
    # Multiple choice: the choices, in their natural order. Ordering: the items, in a
    # stable display order (never the answer order).
    options: tuple[str, ...]
    # Multiple choice: (index of the correct option,). Ordering: option indices in time order.
    key: tuple[int, ...]
    explanation: str
    footnotes: tuple[int, ...]
    difficulty: float
    facts: tuple[FactRef, ...]
    query: Query

    @property
    def key_text(self) -> str:
        return self.options[self.key[0]]

    @property
    def identity(self) -> tuple[str, str, tuple[str, ...], tuple[int, ...]]:
        """Two drafts are the same question when kind, prompt and options agree."""
        return (self.kind, self.prompt, self.options, self.key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "prompt": self.prompt,
            "options": list(self.options),
            "key": list(self.key),
            "explanation": self.explanation,
            "footnotes": list(self.footnotes),
            "difficulty": round(self.difficulty, 2),
            "fact_ids": [str(fact) for fact in self.facts],
        }
