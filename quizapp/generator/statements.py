"""Builders for what the article states beyond dates, people and places: numbers, the
points of the agreements, who said what, the firsts and the summit's official names.

The same rules hold as for the other kinds (`rules.py` checks them independently): the
key is what the statement says, and every distractor is known false from the fact base:
- a number has one value, so any other value is false; distractors are made from the
  key (½×, ⅔×, 1½×, 2× …, or ±10 and ±20 points for a percentage), never another number
  the article states in the same unit (「14名」 beside 「200人」 could be the other count),
  and, for a number the article gives roughly (「15萬名」), at least a quarter away;
- an agreement's points are what the article lists; the only distractors are claims
  the article says the talks left out (「未有提及核清單」), and the reverse question asks
  which of them was not included;
- a quote's distractors are other speakers of its kind the fact base quotes, none of
  whom it quotes saying these words;
- a first has one holder: every other president of that side is known not to be it;
- an official name is one: the other spellings the fact gives are all wrong.

Difficulty (0 easy … 1 hard) before results exist: numbers by how close the distractors
are (a factor 1.5 away is half as hard as beside the key); the rest fixed per kind, as
their distractors have no distance to measure (README, Questions).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal

from quizapp.chinese.scripts import fold_key
from quizapp.chinese.wording import number_label
from quizapp.generator.drafts import (
    AgreementQuery,
    FirstQuery,
    NameQuery,
    NumberQuery,
    QuestionDraft,
    QuoteQuery,
)
from quizapp.generator.facts import FactBase, PersonFact, StatementFact
from quizapp.generator.kinds import (
    DISTRACTORS,
    in_quotes,
    nearby,
    spread,
    stable_rank,
    variety,
)
from quizapp.vocabulary import (
    FactKind,
    FactRef,
    PersonKind,
    QuestionKind,
    SpeakerKind,
    StatementKind,
)

PERCENT = "%"
# Distractors for a count: the key times these, rounded as a person would write them.
COUNT_FACTORS = (
    Decimal("0.5"),
    Decimal("0.67"),
    Decimal("0.8"),
    Decimal("1.25"),
    Decimal("1.5"),
    Decimal("2"),
)
PERCENT_STEPS = (Decimal(-20), Decimal(-10), Decimal(10), Decimal(20), Decimal(30))
# How far apart two values must be for a distractor to be plainly false.
EXACT_APART = 0.1
APPROXIMATE_APART = 0.25
NUMBER_HALF_DIFFICULTY = math.log(1.5)
AGREEMENT_DIFFICULTY = 0.5
AGREEMENT_EXCLUDED_DIFFICULTY = 0.6  # 「不是」: the student must know every other point
QUOTE_DIFFICULTY = 0.5
FIRST_DIFFICULTY = 0.3
NAME_DIFFICULTY = 0.4
# Who may be asked about in a first: 「首位……的南韓總統」 is a head of state.
HEADS_OF_STATE = (PersonKind.LEADER, PersonKind.FORMER_LEADER)
# 「下列哪一位說過「……」？」: who is asked for, with the verb that kind of speaker takes.
WHO_SAID = {
    SpeakerKind.PERSON: "下列哪一位說過",
    SpeakerKind.PARTY: "下列哪一個政黨表示",
    SpeakerKind.MEDIA: "下列哪一家媒體寫道",
    SpeakerKind.GOVERNMENT: "下列哪一個機關表示",
}


def _refs(*statements: StatementFact, people: Sequence[PersonFact] = ()) -> tuple[FactRef, ...]:
    return tuple(FactRef(FactKind.STATEMENT, s.id) for s in statements) + tuple(
        FactRef(FactKind.PERSON, p.id) for p in people
    )


def _draft(
    statement: StatementFact,
    *,
    kind: QuestionKind,
    prompt: str,
    options: Sequence[str],
    key: str,
    difficulty: float,
    query: NumberQuery | AgreementQuery | QuoteQuery | FirstQuery | NameQuery,
    people: Sequence[PersonFact] = (),
) -> QuestionDraft:
    """A draft explained by the statement's sentence, led by the key where the sentence
    words it otherwise (a point of an agreement is listed in a longer sentence)."""
    explanation = statement.sentence
    if key not in explanation:
        explanation = f"{key}：{explanation}"
    return QuestionDraft(
        kind=kind,
        prompt=prompt,
        options=tuple(options),
        key=(list(options).index(key),),
        explanation=explanation,
        footnotes=statement.footnotes,
        difficulty=difficulty,
        facts=_refs(statement, people=people),
        query=query,
    )


# ---- numbers ------------------------------------------------------------------------


def rounded(value: Decimal) -> Decimal:
    """A made-up count as a person would write it: whole, and two significant digits
    from 20 up (62, 140, 23萬)."""
    if value < 20:
        return max(Decimal(1), value.quantize(Decimal(1)))
    scale = Decimal(10) ** (len(str(int(value))) - 2)
    return (value / scale).quantize(Decimal(1)) * scale


def relative_apart(key: Decimal, other: Decimal) -> float:
    return abs(math.log(float(other) / float(key)))


def far_enough(key: Decimal, other: Decimal, *, approximate: bool) -> bool:
    """A distractor plainly not the key: a tenth away, a quarter for a rough figure."""
    least = APPROXIMATE_APART if approximate else EXACT_APART
    return abs(other - key) >= Decimal(str(least)) * key


def number_distractors(statement: StatementFact, *, stated: set[Decimal]) -> list[Decimal]:
    """Values made from the key, never one the article states in the same unit."""
    key = statement.value
    assert key is not None
    if statement.unit == PERCENT:
        made = {key + step for step in PERCENT_STEPS}
        made = {value for value in made if 0 < value < 100}
    else:
        made = {rounded(key * factor) for factor in COUNT_FACTORS}
    return sorted(
        value
        for value in made
        if value not in stated and far_enough(key, value, approximate=statement.is_approximate)
    )


def _stated_values(fb: FactBase) -> dict[str, set[Decimal]]:
    by_unit: dict[str, set[Decimal]] = {}
    for statement in fb.statements:
        if statement.kind == StatementKind.NUMBER and statement.value is not None:
            by_unit.setdefault(statement.unit, set()).add(statement.value)
    return by_unit


def number_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    stated = _stated_values(fb)
    questions = [fold_key(s.question) for s in fb.statements_of(StatementKind.NUMBER)]
    for statement in fb.statements_of(StatementKind.NUMBER):
        key = statement.value
        if key is None or questions.count(fold_key(statement.question)) != 1:
            continue
        apart: Callable[[Decimal, Decimal], float] = (
            _points_apart if statement.unit == PERCENT else relative_apart
        )
        chosen = nearby(
            key,
            number_distractors(statement, stated=stated.get(statement.unit, set())),
            apart=apart,
            question_key=statement.key,
        )
        if chosen is None:
            continue
        options = [number_label(value, statement.unit) for value in chosen.values]
        closeness = (
            chosen.mean_distance / 100 * 4  # ±10 points reads like a factor of 1.5
            if statement.unit == PERCENT
            else chosen.mean_distance
        )
        yield _draft(
            statement,
            kind=QuestionKind.NUMBER,
            prompt=statement.question,
            options=options,
            key=options[chosen.key_index],
            difficulty=1 / (1 + closeness / NUMBER_HALF_DIFFICULTY),
            query=NumberQuery(question=statement.question),
        )


def _points_apart(key: Decimal, other: Decimal) -> float:
    return float(abs(other - key))


# ---- agreements ---------------------------------------------------------------------


def _pick(items: Sequence[StatementFact], *, key: StatementFact, seed: str) -> list[StatementFact]:
    """Up to DISTRACTORS items, spread so the key's place among the sorted options varies."""
    preferred = sorted(items, key=lambda item: variety(seed, item.key))
    return spread(
        preferred,
        key=key,
        order=lambda item: fold_key(item.text),
        rank=stable_rank(seed, DISTRACTORS + 1),
    )


def agreement_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    points = fb.statements_of(StatementKind.AGREEMENT)
    for agreement in dict.fromkeys(p.agreement for p in points if p.agreement):
        inside = [p for p in points if p.agreement == agreement and p.included]
        # Claims the article says the talks left out: of this agreement, or of all of them.
        outside = [p for p in points if not p.included and p.agreement in (agreement, "")]
        for included, keys, others in ((True, inside, outside), (False, outside, inside)):
            word = "是" if included else "不是"
            prompt = f"下列哪一項{word}{agreement}的內容？"
            for point in keys:
                chosen = _pick(others, key=point, seed=f"{prompt}|{point.key}")
                if len(chosen) < 2:
                    continue
                options = sorted([point.text, *(c.text for c in chosen)], key=fold_key)
                yield _draft(
                    point,
                    kind=QuestionKind.AGREEMENT,
                    prompt=prompt,
                    options=options,
                    key=point.text,
                    difficulty=AGREEMENT_DIFFICULTY if included else AGREEMENT_EXCLUDED_DIFFICULTY,
                    query=AgreementQuery(agreement=agreement, included=included),
                )


# ---- quotes -------------------------------------------------------------------------


def quote_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    quotes = fb.statements_of(StatementKind.QUOTE)
    for quote in quotes:
        if quote.speaker_kind is None:
            continue
        # Disputed quotes count too: a speaker they may belong to is not known wrong.
        said_it = {
            fold_key(q.speaker)
            for q in fb.statements
            if q.kind == StatementKind.QUOTE and fold_key(q.text) == fold_key(quote.text)
        }
        speakers = dict.fromkeys(
            q.speaker
            for q in quotes
            if q.speaker_kind == quote.speaker_kind and fold_key(q.speaker) not in said_it
        )
        seed = f"quote|{quote.key}"
        preferred = sorted(speakers, key=lambda speaker: variety(seed, speaker))
        others = spread(
            preferred, key=quote.speaker, order=fold_key, rank=stable_rank(seed, DISTRACTORS + 1)
        )
        if len(others) < 2:
            continue
        options = sorted([quote.speaker, *others], key=fold_key)
        prompt = quote.question or f"{WHO_SAID[quote.speaker_kind]}{in_quotes(quote.text)}？"
        yield _draft(
            quote,
            kind=QuestionKind.QUOTE,
            prompt=prompt,
            options=options,
            key=quote.speaker,
            difficulty=QUOTE_DIFFICULTY,
            query=QuoteQuery(quote=quote.text),
        )


# ---- firsts and names ---------------------------------------------------------------


def first_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    for first in fb.statements_of(StatementKind.FIRST):
        if first.person_id is None:
            continue
        holder = fb.person_by_id[first.person_id]
        # The first is one person: every other head of state of that side is not it.
        rivals = [
            p
            for p in fb.people
            if p.id != holder.id and p.side == holder.side and p.kind in HEADS_OF_STATE
        ]
        seed = f"first|{first.key}"
        preferred = sorted(rivals, key=lambda person: variety(seed, person.key))
        others = spread(
            preferred,
            key=holder,
            order=lambda person: fold_key(person.display_name),
            rank=stable_rank(seed, DISTRACTORS + 1),
        )
        if len(others) < 2:
            continue
        options = sorted([holder.display_name, *(p.display_name for p in others)], key=fold_key)
        yield _draft(
            first,
            kind=QuestionKind.FIRST,
            prompt=f"誰是{first.text}？",
            options=options,
            key=holder.display_name,
            difficulty=FIRST_DIFFICULTY,
            query=FirstQuery(first=first.text),
            people=[holder],
        )
    for name in fb.statements_of(StatementKind.NAME):
        wrong = list(dict.fromkeys(name.wrong_values))[:DISTRACTORS]
        if len(wrong) < 2:
            continue
        options = sorted([name.text, *wrong], key=fold_key)
        yield _draft(
            name,
            kind=QuestionKind.FIRST,
            prompt=name.question,
            options=options,
            key=name.text,
            difficulty=NAME_DIFFICULTY,
            query=NameQuery(question=name.question),
        )


STATEMENT_BUILDERS: dict[QuestionKind, Callable[[FactBase], Iterator[QuestionDraft]]] = {
    QuestionKind.NUMBER: number_drafts,
    QuestionKind.AGREEMENT: agreement_drafts,
    QuestionKind.QUOTE: quote_drafts,
    QuestionKind.FIRST: first_drafts,
}
