"""Builders for what the article states beyond dates, people and places: numbers, the
points of the agreements, who said what, the firsts and the summit's official names.

The same rules hold as for the other kinds (`rules.py` checks them independently): the
key is what the statement says, and every distractor is known false from the fact base:
- a number has one value, so any other value is false; the distractors and the key
  make an evenly spaced ladder (9, 11, 13, 15年; ±10 points for a percentage), the key on
  a rung each question decides, never another number the article states in the same
  unit (「14名」 beside 「200人」 could be the other count), and, for a number the article
  gives roughly (「15萬名」), at least a quarter away;
- an agreement's points are what the article lists; the only distractors are claims
  the article says the talks left out (「未有提及核清單」), and the reverse question asks
  which of them was not included;
- a quote's distractors are other speakers of its kind the fact base quotes, none of
  whom it quotes saying these words;
- a first is asked among what the article says was done before (the same flight
  route as 金大中's in 2000): those are known not to be firsts;
- an official name is one: the other spellings the fact gives are all wrong.

Difficulty (0 easy … 1 hard) before results exist: numbers by how close the distractors
are (a factor 1.5 away is half as hard as beside the key); the rest fixed per kind, as
their distractors have no distance to measure (README, Questions).
"""

from __future__ import annotations

import math
import re
from collections import Counter
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
    spread,
    stable_rank,
    variety,
)
from quizapp.vocabulary import (
    FactKind,
    FactRef,
    QuestionKind,
    Side,
    SpeakerKind,
    StatementKind,
)

PERCENT = "%"
# Distractors for a number: an evenly spaced ladder of four values that holds the key,
# so the key is never the odd one out (「11年」 beside 6, 7 and 8 is guessed by its gap).
# The step is this share of the key (a tenth and a half at least, a quarter for a rough
# figure), a multiple of how round the key is written, the roundest such step first;
# the key's rung is the question's own (lowest, highest or between), and the ladder
# reaches no lower than a quarter of the key.
LADDER_SHARE = (Decimal("0.15"), Decimal("0.35"))
ROUGH_LADDER_SHARE = (Decimal("0.25"), Decimal("0.4"))
LADDER_FLOOR = Decimal("0.25")
# A percentage climbs in whole points, 5 to 15 of them, and stays between 0 and 100.
PERCENT_LADDER_POINTS = (5, 15)
# How far apart two values must be for a distractor to be plainly false.
EXACT_APART = 0.1
APPROXIMATE_APART = 0.25
NUMBER_HALF_DIFFICULTY = math.log(1.5)
AGREEMENT_DIFFICULTY = 0.5
AGREEMENT_EXCLUDED_DIFFICULTY = 0.6  # 「不是」: the student must know every other point
# A wrong option stands in at most this many agreement questions while two others are
# left: seen in every one it is learnt as the wrong one (a question of three options
# rather than a fourth seen too often).
AGREEMENT_DISTRACTOR_TURNS = 4
QUOTE_DIFFICULTY = 0.5
FIRST_DIFFICULTY = 0.3
NAME_DIFFICULTY = 0.4
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
    aliases: Sequence[str] = (),
) -> QuestionDraft:
    """A draft explained by the statement's sentence, led by the key where the sentence
    words it otherwise (a point of an agreement is listed in a longer sentence), and by
    the name the sentence uses for it (「川普」 for 特朗普)."""
    explanation = statement.sentence
    if key not in explanation:
        alias = next((alias for alias in aliases if alias in explanation), None)
        named = f"{key}（文中作「{alias}」）" if alias else key
        explanation = f"{named}：{explanation}"
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


def relative_apart(key: Decimal, other: Decimal) -> float:
    return abs(math.log(float(other) / float(key)))


def far_enough(key: Decimal, other: Decimal, *, approximate: bool) -> bool:
    """A distractor plainly not the key: a tenth away, a quarter for a rough figure."""
    least = APPROXIMATE_APART if approximate else EXACT_APART
    return abs(other - key) >= Decimal(str(least)) * key


def roundness(value: Decimal) -> Decimal:
    """The largest of 1, 2, 5, 10, 20, 50 … that divides the value (1 for 13.76)."""
    best = Decimal(1)
    if value != value.to_integral_value() or value <= 0:
        return best
    unit = Decimal(1)
    while unit <= value:
        for nice in (unit, 2 * unit, 5 * unit):
            if nice <= value and value % nice == 0:
                best = max(best, nice)
        unit *= 10
    return best


def _ladder_steps(statement: StatementFact) -> list[Decimal]:
    """The steps a ladder around the key may take, the roundest first."""
    key = statement.value
    assert key is not None
    if statement.unit == PERCENT:
        low, high = PERCENT_LADDER_POINTS
        steps = [Decimal(points) for points in range(low, high + 1)]
    else:
        share_low, share_high = ROUGH_LADDER_SHARE if statement.is_approximate else LADDER_SHARE
        scale = _scale(key)
        first = math.ceil(key * share_low / scale)
        last = math.floor(key * share_high / scale)
        steps = [scale * n for n in range(max(1, first), last + 1)]
    seed = f"ladder|{statement.key}"
    return sorted(steps, key=lambda step: (-roundness(step), variety(seed, str(step))))


def _scale(key: Decimal) -> Decimal:
    """How round the key is written, as `rounded` keeps it: 10 for 200, 1 for 2224."""
    digits = len(str(int(key)))
    zeros = digits - len(str(int(key)).rstrip("0"))
    return Decimal(10) ** max(0, min(zeros, digits - 2))


def _fits(statement: StatementFact, value: Decimal, *, stated: set[Decimal]) -> bool:
    key = statement.value
    assert key is not None
    if statement.unit == PERCENT:
        return 0 < value < 100 and value not in stated
    return (
        value >= LADDER_FLOOR * key
        and value not in stated
        and far_enough(key, value, approximate=statement.is_approximate)
    )


def number_ladder(statement: StatementFact, *, stated: set[Decimal]) -> list[Decimal]:
    """The key's three ladder-mates (empty when no ladder fits): evenly spaced around
    it, the key's rung decided by the question, never a value the article states in
    the same unit."""
    key = statement.value
    assert key is not None
    rungs = DISTRACTORS + 1
    preferred = stable_rank(f"rung|{statement.key}", rungs)
    positions = sorted(range(rungs), key=lambda p: (p != preferred, variety(statement.key, str(p))))
    for step in _ladder_steps(statement):
        for position in positions:
            values = [key + (rung - position) * step for rung in range(rungs)]
            others = [value for value in values if value != key]
            if all(_fits(statement, value, stated=stated) for value in others):
                return others
    return []


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
        percent = statement.unit == PERCENT
        apart: Callable[[Decimal, Decimal], float] = _points_apart if percent else relative_apart
        chosen = number_ladder(statement, stated=stated.get(statement.unit, set()))
        if len(chosen) < DISTRACTORS:
            continue
        values = sorted([key, *chosen])
        options = [number_label(value, statement.unit) for value in values]
        mean = sum(apart(key, value) for value in chosen) / len(chosen)
        closeness = mean / 100 * 4 if percent else mean  # ±10 points reads like ×1.5
        yield _draft(
            statement,
            kind=QuestionKind.NUMBER,
            prompt=statement.question,
            options=options,
            key=options[values.index(key)],
            difficulty=1 / (1 + closeness / NUMBER_HALF_DIFFICULTY),
            query=NumberQuery(question=statement.question),
        )


def _points_apart(key: Decimal, other: Decimal) -> float:
    return float(abs(other - key))


# ---- agreements ---------------------------------------------------------------------


# Stems for one agreement, taken in turn so that a set never reads one stem twice over.
INCLUDED_STEMS = (
    "下列哪一項是{agreement}的內容？",
    "根據文章，{agreement}包括下列哪一項？",
    "下列哪一項列在{agreement}之中？",
)
EXCLUDED_STEMS = (
    "下列哪一項不是{agreement}的內容？",
    "根據文章，下列哪一項不在{agreement}之中？",
)


def same_point(one: StatementFact, other: StatementFact) -> bool:
    """A point and its near miss share a subject (「申辦奧運」): 「共同申辦2032年…」 beside
    「共同申辦2036年…」 would ask only which year, and point at one of the two."""
    return bool(one.subject) and fold_key(one.subject) == fold_key(other.subject)


_FIGURE = re.compile(r"\d+(?:公里|年|周年)")


def _figures(point: StatementFact) -> set[str]:
    return set(_FIGURE.findall(point.text))


# A figure with the words just before it: 「界線5公里」.
_FIGURE_IN_CONTEXT = re.compile(r"(\D{2})(\d+)(公里|年|周年)")


def _figure_contexts(point: StatementFact) -> dict[tuple[str, str], str]:
    return {
        (before, unit): number for before, number, unit in _FIGURE_IN_CONTEXT.findall(point.text)
    }


def _contradicts(one: StatementFact, other: StatementFact) -> bool:
    """Two options with one frame and two figures (「軍事分界線5公里內…」 beside 「軍事分界線
    10公里內…」): a student who remembers either figure knows which one was altered."""
    mine, theirs = _figure_contexts(one), _figure_contexts(other)
    return any(theirs[frame] != number for frame, number in mine.items() if frame in theirs)


def _compatible(ranked: Sequence[StatementFact], *, key: StatementFact) -> list[StatementFact]:
    """The ranked items, in order, that can stand together as one question's wrong
    options: two with one figure the key lacks (「10公里」 twice) tell a student the odd one
    out is the key, and so would three of what the talks left out (all about the nuclear
    list) beside a key about sport, or two figures in one frame (`_contradicts`)."""
    chosen: list[StatementFact] = []
    for item in ranked:
        shared = _figures(item) & set().union(*map(_figures, chosen)) - _figures(key)
        omissions = sum(not c.agreement for c in chosen) + (not item.agreement)
        clash = any(_contradicts(item, other) for other in (key, *chosen))
        if not shared and not clash and omissions <= DISTRACTORS - 1:
            chosen.append(item)
    return chosen


def _pick(
    items: Sequence[StatementFact],
    *,
    key: StatementFact,
    seed: str,
    used: Counter[str],
) -> list[StatementFact]:
    """Up to DISTRACTORS items that are not another wording of the key and can stand
    together (`_compatible`), spread so the key's place among the sorted options varies.
    Those the agreement itself rules out first (a near miss reads like a real point),
    then what the talks left out (shared by every agreement, so kept for where near
    misses run out); among them the least used so far (`used`, which gains the chosen),
    and none used AGREEMENT_DISTRACTOR_TURNS times while two others are left: one near
    miss in every question (「2036年」) would be learnt as the wrong one."""
    ranked = sorted(
        (item for item in items if not same_point(item, key)),
        key=lambda item: (
            item.agreement != key.agreement,
            # Of the key's own domain first: a nuclear claim that is not in the
            # declaration beside its nuclear points, not among its sports alone.
            agreement_domain(item) != agreement_domain(key),
            used[item.key],
            variety(seed, item.key),
        ),
    )
    preferred = _compatible(
        [item for item in ranked if used[item.key] < AGREEMENT_DISTRACTOR_TURNS], key=key
    )
    if len(preferred) < 2:
        preferred = _compatible(ranked, key=key)
    chosen = spread(
        preferred[: DISTRACTORS + 1],
        key=key,
        order=lambda item: fold_key(item.text),
        rank=stable_rank(seed, DISTRACTORS + 1),
    )
    used.update(item.key for item in chosen)
    return chosen


# What a point or a ruled-out claim is about, by its words, tried in order: the armed
# forces (drills, even an air-to-air missile's), the nuclear programme (a missile site's
# dismantling too), else exchanges (trade, families, culture, sport). An agreement's
# domains are its points'.
AGREEMENT_DOMAINS = (
    ("military", ("軍事", "訓練", "炮")),
    ("nuclear", ("核", "導彈")),
)


def agreement_domain(point: StatementFact) -> str:
    return next(
        (domain for domain, words in AGREEMENT_DOMAINS if any(w in point.text for w in words)),
        "exchange",
    )


def agreement_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    """「Which of these is in it?」 with what the article rules out as distractors: a near
    miss of one of its points (2036 where it says 2032; the article's one figure makes
    any other false) or what it says the talks left out (「未有提及核清單」); and the
    reverse, 「which of these is not?」."""
    points = fb.statements_of(StatementKind.AGREEMENT)
    used: Counter[str] = Counter()  # each option's turns as a distractor so far
    for agreement in dict.fromkeys(p.agreement for p in points if p.agreement):
        inside = [p for p in points if p.agreement == agreement and p.included]
        # What the article rules out: for this agreement, or for every agreement of the talks.
        outside = [p for p in points if not p.included and p.agreement in (agreement, "")]
        # Only claims of the agreement's own domains: a nuclear list beside the military
        # agreement's drills is ruled out on sight, leaving a question of two.
        domains = {agreement_domain(p) for p in inside}
        inside = [p for p in inside if agreement_domain(p) in domains]
        outside = [p for p in outside if agreement_domain(p) in domains]
        # The agreement's own list: what shows a ruled-out claim is not in it.
        listed = inside[0] if inside else None
        for included, keys, others in ((True, inside, outside), (False, outside, inside)):
            stems = INCLUDED_STEMS if included else EXCLUDED_STEMS
            for turn, point in enumerate(keys):
                prompt = stems[turn % len(stems)].format(agreement=agreement)
                chosen = _pick(
                    others, key=point, seed=f"{agreement}|{included}|{point.key}", used=used
                )
                if len(chosen) < DISTRACTORS:
                    continue
                options = sorted([point.text, *(c.text for c in chosen)], key=fold_key)
                verdict = "" if included else f"不是{agreement}的內容"
                sentences = [point.sentence]
                footnotes = set(point.footnotes)
                if not included and listed is not None and listed.sentence != point.sentence:
                    sentences.append(listed.sentence)
                    footnotes |= set(listed.footnotes)
                yield QuestionDraft(
                    kind=QuestionKind.AGREEMENT,
                    prompt=prompt,
                    options=tuple(options),
                    key=(options.index(point.text),),
                    explanation=f"{in_quotes(point.text)}{verdict}：{''.join(sentences)}",
                    footnotes=tuple(sorted(footnotes)),
                    difficulty=AGREEMENT_DIFFICULTY if included else AGREEMENT_EXCLUDED_DIFFICULTY,
                    facts=_refs(point),
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
        if korean_voice(quote.text):
            # 「我們將半島變成永久的和平地帶」 is a Korean speaking: an American president
            # or a Chinese spokesman beside him is ruled out by the words alone.
            speakers = {speaker: None for speaker in speakers if _side(fb, speaker) in KOREAS}
        key_side = _side(fb, quote.speaker)
        if key_side in KOREAS:
            # A third country's spokesman beside a Korean voice on the talks (耿爽 for
            # 「重新啟動核武和導彈」) is ruled out by who he is; the American side is not.
            speakers = {speaker: None for speaker in speakers if _side(fb, speaker) in TALKS_SIDES}
        elif key_side is not None:
            # An outsider's verdict stands among outsiders: the two Koreas do not
            # 「熱烈祝賀」 their own declaration, nor call their own progress too slow.
            speakers = {
                speaker: None
                for speaker in speakers
                if _side(fb, speaker) is not None and _side(fb, speaker) not in KOREAS
            }
        seed = f"quote|{quote.key}"
        phases = {fold_key(q.speaker): q.phase for q in quotes}
        # A plausible speaker first: one of the key's side (a person), then one quoted in
        # the same section of the article; the same few people never fill every question.
        preferred = sorted(
            speakers,
            key=lambda speaker: (
                _side(fb, speaker) is None or _side(fb, speaker) != _side(fb, quote.speaker),
                phases[fold_key(speaker)] != quote.phase,
                variety(seed, speaker),
            ),
        )
        others = spread(
            preferred, key=quote.speaker, order=fold_key, rank=stable_rank(seed, DISTRACTORS + 1)
        )
        if len(others) < DISTRACTORS:
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
            aliases=_aliases(fb, quote.speaker),
        )


# The parties to the talks: what a Korean said is asked among them.
KOREAS = (Side.ROK, Side.DPRK)
TALKS_SIDES = (*KOREAS, Side.US)


# A quote in a Korean voice: 「我們」 with the peninsula, the nation or the two Koreas.
_WE = re.compile(r"我們|我國|我軍")
_KOREAN_MATTERS = re.compile(r"半島|民族|南北|北南|統一")


def korean_voice(text: str) -> bool:
    return bool(_WE.search(text) and _KOREAN_MATTERS.search(text))


def _aliases(fb: FactBase, speaker: str) -> tuple[str, ...]:
    people = fb.people_by_folded_name.get(fold_key(speaker), frozenset())
    return fb.person_by_id[next(iter(people))].aliases if len(people) == 1 else ()


def _side(fb: FactBase, speaker: str) -> str | None:
    people = fb.people_by_folded_name.get(fold_key(speaker), frozenset())
    return fb.person_by_id[next(iter(people))].side if len(people) == 1 else None


# ---- firsts and names ---------------------------------------------------------------


def first_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    """「Which of these was a first?」: one of the firsts the article names for a person,
    among what it says others did before (「這路線與2000年金大中訪問北韓的相同」)."""
    firsts = fb.statements_of(StatementKind.FIRST)
    for holder_id in dict.fromkeys(f.person_id for f in firsts if f.person_id is not None):
        holder = fb.person_by_id[holder_id]
        done_before = [f for f in firsts if f.person_id == holder_id and not f.included]
        prompt = (
            f"{holder.display_name}這次訪問北韓時，下列哪一件事是南韓總統訪問北韓以來首次出現的？"
        )
        for first in (f for f in firsts if f.person_id == holder_id and f.included):
            seed = f"first|{first.key}"
            others = spread(
                sorted(done_before, key=lambda f: variety(seed, f.key)),
                key=first,
                order=lambda f: fold_key(f.text),
                rank=stable_rank(seed, DISTRACTORS + 1),
            )
            if len(others) < DISTRACTORS:
                continue
            options = sorted([first.text, *(o.text for o in others)], key=fold_key)
            yield _draft(
                first,
                kind=QuestionKind.FIRST,
                prompt=prompt,
                options=options,
                key=first.text,
                difficulty=FIRST_DIFFICULTY,
                query=FirstQuery(holder=holder.display_name),
                people=[holder],
            )


def name_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    for name in fb.statements_of(StatementKind.NAME):
        wrong = list(dict.fromkeys(name.wrong_values))[:DISTRACTORS]
        if len(wrong) < DISTRACTORS:
            continue
        options = sorted([name.text, *wrong], key=fold_key)
        yield _draft(
            name,
            kind=QuestionKind.NAME,
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
    QuestionKind.NAME: name_drafts,
}
