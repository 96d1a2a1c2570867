"""One builder per kind of question. Each yields every candidate draft it can make.

Builders choose options so that the rules hold by construction; `rules.py` checks them
again independently before a draft is returned. Builders use no randomness: the key's
position comes from a stable hash of the fact, so it is spread evenly over the options
and the same facts always give the same candidates.

Difficulty, 0 (easy) to 1 (hard), is a first guess before students' answers exist:

    difficulty = closeness × (1 − SALIENCE_WEIGHT × salience)

*Closeness* is how near the wrong options come to the key (or, in an ordering, the
steps to each other), per kind below. *Salience* is how likely a student is to
remember what is asked about, 0 to 1: the mean over the facts a draft rests on of
- an event's: the mean of four signals: on a summit day; a leader takes part; its named
  participants (four or more count fully); its footnotes beyond the first (two more
  count fully): the article cites more sources for what was widely reported;
- a person's: the events they take part in (four or more count fully).
A question about the signing of the 《平壤共同宣言》 is thus up to half easier than one
about an obscure report with distractors as close.
"""

from __future__ import annotations

import datetime
import itertools
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from quizapp.chinese.scripts import fold_key
from quizapp.chinese.wording import (
    WHO_QUESTION_OPENING,
    date_label,
    short_date_label,
    time_label,
)
from quizapp.generator.drafts import (
    DateQuery,
    OrderQuery,
    ParticipantQuery,
    PlaceQuery,
    QuestionDraft,
    RoleHolderQuery,
    RoleQuery,
    TimeQuery,
)
from quizapp.generator.facts import EventFact, FactBase, PersonFact, PlaceFact
from quizapp.generator.intervals import event_interval, strictly_ordered
from quizapp.vocabulary import (
    SUMMIT_DAYS,
    DatePrecision,
    FactKind,
    FactRef,
    PersonKind,
    Phase,
    QuestionKind,
    TimePrecision,
)

DISTRACTORS = 3
# Orderings are drawn from spread-out events, not slid along one chain: an event stands
# in at most ORDERINGS_PER_EVENT orderings (four: a summit day's seven timed events still
# give each day several orderings), and no two orderings share more than SHARED_ITEMS
# items, so two orderings are never one question with an item swapped.
ORDERINGS_PER_EVENT = 4
SHARED_ITEMS = 2

# Closeness (see the module's docstring), 0 to 1. It grows as the distractors come
# closer to the key: dates a week from the key are half as hard as dates beside it;
# times two hours away likewise. Where closeness is a share of "hard" distractors (same
# side and kind, same city), the floor is how hard a question of that kind is with none.
DATE_HALF_DIFFICULTY_DAYS = 7
TIME_HALF_DIFFICULTY_MINUTES = 120
MONTH_DIFFICULTY = 0.5  # months are few and far apart: no closeness to measure
PARTICIPANT_FLOOR = 0.4
ROLE_FLOOR = 0.3
PLACE_FLOOR = 0.3
# An ordering's closeness is the mean over its steps (the pair score grades each): a
# step within a day is half as hard three hours apart, a step across days a week apart;
# a departure followed the same day by an arrival is ordered by its words (「乘纜車前往
# 天池」 before 「到達天池」) and counts as no difficulty. Each item beyond three adds a little.
ORDERING_HALF_DIFFICULTY_HOURS = 3
ORDERING_HALF_DIFFICULTY_DAYS = 7
ORDERING_PER_EXTRA_ITEM = 0.05
DEPARTURE_WORDS = ("出發", "前往", "啟程", "離開")
ARRIVAL_WORDS = ("抵達", "到達", "飛抵")
# Salience lowers difficulty by at most half: a salient fact with close distractors is
# still a real question.
SALIENCE_WEIGHT = 0.5
SALIENT_PARTICIPANTS = 4
SALIENT_EXTRA_FOOTNOTES = 2
SALIENT_PERSON_EVENTS = 4


def _nearness(distance: float, *, half: float) -> float:
    """1 when the distractors sit on the key, ½ at `half` away, towards 0 beyond."""
    return 1 / (1 + distance / half)


def _share_hard(share: float, *, floor: float) -> float:
    return floor + (1 - floor) * share


def event_salience(fb: FactBase, event: EventFact) -> float:
    """How likely a student is to remember an event, 0 to 1 (the module's docstring)."""
    leaders = {p.id for p in fb.people if p.kind == PersonKind.LEADER}
    signals = (
        float(event.phase in SUMMIT_DAYS),
        float(bool(leaders & event.people_in())),
        min(1.0, len(event.people_in()) / SALIENT_PARTICIPANTS),
        min(1.0, max(0, len(event.footnotes) - 1) / SALIENT_EXTRA_FOOTNOTES),
    )
    return sum(signals) / len(signals)


def person_salience(fb: FactBase, person: PersonFact) -> float:
    return min(1.0, fb.events_per_person[person.id] / SALIENT_PERSON_EVENTS)


def difficulty(
    fb: FactBase,
    closeness: float,
    *,
    events: Sequence[EventFact] = (),
    people: Sequence[PersonFact] = (),
) -> float:
    """closeness × (1 − SALIENCE_WEIGHT × salience), salience the mean over the facts."""
    saliences = [event_salience(fb, e) for e in events] + [person_salience(fb, p) for p in people]
    salience = sum(saliences) / len(saliences) if saliences else 0.0
    return closeness * (1 - SALIENCE_WEIGHT * salience)


def in_quotes(text: str) -> str:
    """「text」, with a quotation inside it in 『』, as Chinese nests its quotation marks:
    「文在寅表示將和金正恩『坦誠相對』」."""
    return "「" + text.replace("「", "『").replace("」", "』") + "」"


# The verb an activity takes: a speech is given (發表), a meal eaten, not 舉行ed.
WHERE_BY_ENDING = (
    (("演說", "講話", "演講"), "是在哪裡發表的？"),
    (("午餐", "晚餐", "早餐"), "是在哪裡吃的？"),
)


def where_asked(activity: str) -> str:
    """「…」在哪裡舉行？, with the verb the activity takes."""
    return next(
        (asked for endings, asked in WHERE_BY_ENDING if activity.endswith(endings)),
        "在哪裡舉行？",
    )


def quoted(activity: str) -> str:
    """A document title keeps its 《》; any other activity is quoted 「」."""
    return activity if activity.startswith("《") else in_quotes(activity)


def stable_rank(text: str, size: int) -> int:
    return zlib.crc32(text.encode("utf-8")) % size


def citation(events: Sequence[EventFact]) -> tuple[str, tuple[int, ...]]:
    sentences = list(dict.fromkeys(event.sentence for event in events))
    footnotes = sorted({number for event in events for number in event.footnotes})
    return "".join(sentences), tuple(footnotes)


def spread[T](
    preferred: Sequence[T],
    *,
    key: T,
    order: Callable[[T], Any],
    rank: int,
) -> list[T]:
    """Up to DISTRACTORS items, taken in order of preference, that put the key at `rank`.

    Options are shown in their natural order, so which distractors are chosen decides
    where the key stands: taking `rank` of them from before it and the rest from after
    spreads the key evenly over the positions instead of always near one end.
    """
    before = [item for item in preferred if order(item) < order(key)]
    after = [item for item in preferred if order(item) > order(key)]
    take_before = min(rank, len(before))
    take_after = min(DISTRACTORS - take_before, len(after))
    take_before = min(DISTRACTORS - take_after, len(before))
    return before[:take_before] + after[:take_after]


@dataclass(frozen=True)
class Nearby[T]:
    """A key and the values chosen around it, in natural order, as a question's options."""

    values: list[T]
    key_index: int
    mean_distance: float


def nearby[T](
    key: T,
    values: Sequence[T],
    *,
    apart: Callable[[T, T], float],
    question_key: str,
    stands_out: Callable[[T, Sequence[T]], bool] | None = None,
) -> Nearby[T] | None:
    """The key among the values nearest it (by how far `apart` they are), at a position
    that varies from question to question (`question_key` decides it); None when fewer
    than two values are near, or when the key `stands_out` from the others wherever it
    is put."""
    distance = partial(apart, key)
    preferred = sorted(values, key=distance)
    first_rank = stable_rank(question_key, DISTRACTORS + 1)
    for step in range(DISTRACTORS + 1):
        chosen = spread(
            preferred, key=key, order=_as_is, rank=(first_rank + step) % (DISTRACTORS + 1)
        )
        if len(chosen) < DISTRACTORS:
            return None
        if stands_out is None or not stands_out(key, chosen):
            ordered = sorted([key, *chosen])  # type: ignore[type-var]
            mean = sum(distance(value) for value in chosen) / len(chosen)
            return Nearby(values=ordered, key_index=ordered.index(key), mean_distance=mean)
    return None


def _as_is(value: Any) -> Any:
    return value


def _days_apart(key: datetime.date, other: datetime.date) -> int:
    return abs((other - key).days)


def date_stands_out(key: datetime.date, others: Sequence[datetime.date]) -> bool:
    """Every other option shares a year or a month the key is alone in (2019年3月12日
    among three dates of October 2018, 9月29日 among three of October): the key is
    picked as the odd one out, not known."""
    return any(
        len({part(other) for other in others}) == 1 and part(others[0]) != part(key)
        for part in (_year_of, _month_of)
    )


def _year_of(day: datetime.date) -> int:
    return day.year


def _month_of(day: datetime.date) -> tuple[int, int]:
    return day.year, day.month


def _months_apart(key: datetime.date, other: datetime.date) -> int:
    return abs((other.year - key.year) * 12 + other.month - key.month)


def _minutes_apart(key: datetime.time, other: datetime.time) -> int:
    return abs(minutes(other) - minutes(key))


def variety(*parts: str) -> int:
    """A stable tie-breaker that differs from question to question."""
    return zlib.crc32("|".join(parts).encode("utf-8"))


def fact_refs(
    events: Sequence[EventFact] = (), people: Sequence[PersonFact] = ()
) -> tuple[FactRef, ...]:
    return tuple(FactRef(FactKind.EVENT, e.id) for e in events) + tuple(
        FactRef(FactKind.PERSON, p.id) for p in people
    )


# A clause that states a measurement (「…收視率合計13.76%」) tells what was measured, not
# what happened: a number question asks it, never a date, time or ordering question
# (「which day did a viewing figure happen?」).
_MEASUREMENT = re.compile(r"\d+(?:\.\d+)?%|收視率|支持率|民調")


def is_measurement(event: EventFact) -> bool:
    return bool(_MEASUREMENT.search(event.clause))


def usable(event: EventFact) -> bool:
    return not event.is_disputed and bool(event.clause.strip()) and not is_measurement(event)


def clause_is_unique(fb: FactBase, event: EventFact) -> bool:
    """A clause two events share names neither of them: the stem would be ambiguous."""
    return len(fb.events_by_clause[fold_key(event.clause)]) == 1


def naming_key(explanation: str, key: str) -> str:
    """The explanation as it states what it proves: the article's sentence names the key
    only by its context (「李在大會上…」, 「接著」 at the airport, 「同日」): the key leads then."""
    return explanation if key in explanation else f"{key}：{explanation}"


# A sentence that dates itself only by the one before (「次日」, 「同日」, 「接著」…).
RELATIVE_OPENINGS = ("次日", "翌日", "同日", "接著", "此外", "與此同時", "隨後", "會後", "然後")
_STATES_A_DATE = re.compile(r"\d{1,2}月\d{1,2}日")


def _date_anchor(fb: FactBase, event: EventFact) -> list[EventFact]:
    """For a sentence dated only by the one before it, the sentences it hangs on, back to
    the first that is not itself relative (「次日」 ← 「同日下午」 ← 「會談結束後的第一天」),
    at most three: quoted too, the explanation proves the date instead of asserting it."""
    if not event.sentence.startswith(RELATIVE_OPENINGS) or _STATES_A_DATE.search(event.sentence):
        return []
    in_article = sorted(fb.events, key=lambda other: other.sequence)
    chain: list[EventFact] = []
    current = event
    while current.sentence.startswith(RELATIVE_OPENINGS):
        before = [
            other
            for other in in_article
            if other.sequence < current.sequence and other.sentence != current.sentence
        ]
        # The fixture's order is the article's, but not sentence by sentence: the one
        # before must be as far back as the opening says (「次日」 a day, else the same
        # day), or no anchor is quoted rather than a wrong one.
        gap = 1 if current.sentence.startswith(("次日", "翌日")) else 0
        if (
            not before
            or len(chain) == 3
            or before[-1].date_precision != DatePrecision.DAY
            or (current.date - before[-1].date).days != gap
        ):
            return []
        current = before[-1]
        chain.insert(0, current)
    return chain


def _about_one_event(
    fb: FactBase,
    event: EventFact,
    *,
    kind: QuestionKind,
    prompt: str,
    options: tuple[str, ...],
    key_index: int,
    closeness: float,
    query: DateQuery | TimeQuery,
) -> QuestionDraft:
    """A multiple-choice draft about one event, explained by its own sentence. The
    article's sentence often dates itself only by its neighbours (「同日」, 「翌日」, 「會後」):
    the key leads the explanation then (`naming_key`), with how the article dates it
    (`_dated_by`)."""
    # The summit's days are dated by their section's heading, not by the sentence before
    # (「翌日早上8時40分」 follows a meeting the article dates only as 「出發前一天」).
    anchor = [] if event.phase in SUMMIT_DAYS else _date_anchor(fb, event)
    explanation, footnotes = citation([*anchor, event])
    key = options[key_index]
    reason = _dated_by(fb, event, explanation) if kind == QuestionKind.DATE else ""
    return QuestionDraft(
        kind=kind,
        prompt=prompt,
        options=options,
        key=(key_index,),
        explanation=f"{key}（{reason}）：{explanation}" if reason else naming_key(explanation, key),
        footnotes=footnotes,
        difficulty=difficulty(fb, closeness, events=[event]),
        facts=fact_refs([event]),
        query=query,
    )


def _dated_by(fb: FactBase, event: EventFact, quoted_text: str) -> str:
    """How the article dates an event whose quoted sentences carry no date of their own:
    a summit day by its section's heading (「第一天」), a sentence counting from the summit
    (「會談的第三天」, 「會談結束後的第一天」) by the summit's dates in the article's lead.
    Empty when the quoted text states the date itself."""
    if event.date_precision != DatePrecision.DAY or _states_the_date(quoted_text, event.date):
        return ""
    summit = sorted({e.date for e in fb.events if e.phase in SUMMIT_DAYS})
    if not summit:
        return ""
    first, last = summit[0], summit[-1]
    same_month = (first.year, first.month) == (last.year, last.month)
    span = f"會談於{date_label(first)}至{f'{last.day}日' if same_month else date_label(last)}舉行"
    if event.phase in SUMMIT_DAYS:
        return f"{span}，此事見「{Phase(event.phase).label}」一節"
    if "會談結束後" in quoted_text:
        # The student counts from the last day: name it, not the span.
        return f"會談於{date_label(last)}結束"
    return span if "會談的第" in quoted_text else ""


def _states_the_date(text: str, day: datetime.date) -> bool:
    """「9月24日」 in the text, or a bare 「29日」 where no other month is named."""
    if f"{day.month}月{day.day}日" in text:
        return True
    return f"{day.day}日" in text and not _STATES_A_DATE.search(text)


def date_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    """At most one date question per article sentence. Events quoting one sentence
    happened on one day, so their questions would be one question with the same options
    and key (「文在寅離開百花園迎賓館前往機場」 and 「文在寅的專機飛抵三池淵機場」). The one
    asked is about the event the article tells first (lowest `sequence`): a sentence
    opens with what it is about and goes on to what followed. The others are still asked
    by time, place and ordering."""
    drafts = [*_day_drafts(fb), *_month_drafts(fb)]
    told = {event.id: (event.sequence, event.id) for event in fb.events}
    first: dict[str, QuestionDraft] = {}
    for draft in sorted(drafts, key=lambda d: told[d.facts[0].id]):
        first.setdefault(fb.event_by_id[draft.facts[0].id].sentence or draft.prompt, draft)
    chosen = {id(draft) for draft in first.values()}
    yield from (draft for draft in drafts if id(draft) in chosen)


def _day_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    dated = [e for e in fb.events if e.date_precision == DatePrecision.DAY and not e.end_date]
    asked = [e for e in dated if not e.date_is_derived]
    all_dates = sorted({e.date for e in dated})
    summit = sorted({e.date for e in dated if e.phase in SUMMIT_DAYS})
    for event in asked:
        if not usable(event) or not clause_is_unique(fb, event):
            continue
        if event.phase in SUMMIT_DAYS and summit:
            dates = _summit_window(event, summit)
        else:
            dates = nearby(
                event.date,
                all_dates,
                apart=_days_apart,
                question_key=event.key,
                stands_out=date_stands_out,
            )
        if dates is None:
            continue
        yield _about_one_event(
            fb,
            event,
            kind=QuestionKind.DATE,
            prompt=f"{in_quotes(event.clause)}是在哪一天？",
            options=tuple(date_label(d) for d in dates.values),
            key_index=dates.key_index,
            closeness=_nearness(dates.mean_distance, half=DATE_HALF_DIFFICULTY_DAYS),
            query=DateQuery(clause=event.clause),
        )


def _summit_window(event: EventFact, summit: list[datetime.date]) -> Nearby[datetime.date] | None:
    """Something done during the summit is asked among the summit's days and one day
    next to them, the one on the key's side (9/17 for the first day, 9/21 for the last;
    the question decides for the middle): 9/21 and 9/22 for a show the leaders saw
    together are impossible, and 9/18 missing points at the key."""
    first, last = summit[0], summit[-1]
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    if event.date not in days or len(days) != DISTRACTORS:
        return None
    before, after = first - datetime.timedelta(days=1), last + datetime.timedelta(days=1)
    if event.date == first:
        extra = before
    elif event.date == last:
        extra = after
    else:
        extra = (before, after)[stable_rank(f"summit|{event.key}", 2)]
    values = sorted([*days, extra])
    others = [day for day in values if day != event.date]
    mean = sum(_days_apart(event.date, day) for day in others) / len(others)
    return Nearby(values=values, key_index=values.index(event.date), mean_distance=mean)


def _month_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    """Where the article gives only the month (「2018年6月，……」), ask for the month."""
    months = sorted({e.date.replace(day=1) for e in fb.events})
    for event in fb.events:
        if (
            event.date_precision != DatePrecision.MONTH
            or event.date_is_derived
            or not usable(event)
            or not clause_is_unique(fb, event)
        ):
            continue
        month = event.date.replace(day=1)
        ordered = nearby(
            month, months, apart=_months_apart, question_key=event.key, stands_out=date_stands_out
        )
        if ordered is None:
            continue
        yield _about_one_event(
            fb,
            event,
            kind=QuestionKind.DATE,
            prompt=f"{in_quotes(event.clause)}是在哪一個月？",
            options=tuple(date_label(d, precision=DatePrecision.MONTH) for d in ordered.values),
            key_index=ordered.key_index,
            closeness=MONTH_DIFFICULTY,
            query=DateQuery(clause=event.clause, precision=DatePrecision.MONTH),
        )


def _exact_time(event: EventFact) -> bool:
    return (
        event.time is not None
        and event.time_precision in (TimePrecision.HOUR, TimePrecision.MINUTE)
        and not event.time_is_derived
        and not event.time_is_approximate
    )


def minutes(time: datetime.time) -> int:
    return time.hour * 60 + time.minute


def _routine_gives_the_time(event: EventFact, times: Nearby[datetime.time]) -> bool:
    """The day's routine picks the key: a departure at the earliest option, a dinner, an
    evening show or the flight home at the latest (「用晚餐是在幾點？」 beside 上午10時 and
    下午2時30分)."""
    slot = routine_slot(event)
    if slot is None:
        return False
    return (slot <= 1 and times.key_index == 0) or (
        slot > ANY_HOUR + 1 and times.key_index == len(times.values) - 1
    )


def time_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    timed = [e for e in fb.events if _exact_time(e)]
    for event in timed:
        clock = event.time
        if clock is None or not usable(event) or not clause_is_unique(fb, event):
            continue
        start, end = event_interval(event)
        same_day = sorted(
            {
                other.time
                for other in timed
                if other.time is not None
                and other.date == event.date
                and other.time != clock
                and not start <= event_interval(other)[0] < end
            }
        )
        times = nearby(clock, same_day, apart=_minutes_apart, question_key=event.key)
        if times is None or _routine_gives_the_time(event, times):
            continue
        labels = tuple(
            time_label(t, precision=TimePrecision.MINUTE if t.minute else TimePrecision.HOUR)
            for t in times.values
        )
        yield _about_one_event(
            fb,
            event,
            kind=QuestionKind.TIME,
            prompt=f"{short_date_label(event.date)}，{in_quotes(event.clause)}是在幾點？",
            options=labels,
            key_index=times.key_index,
            closeness=_nearness(times.mean_distance, half=TIME_HALF_DIFFICULTY_MINUTES),
            query=TimeQuery(date=event.date, clause=event.clause),
        )


def distractor_pool(fb: FactBase) -> list[PersonFact]:
    """People who may stand as wrong options: only people who took part in this story.

    Never a namesake who is only a link target, never an earlier president: a man who
    died in 2009 is no plausible answer about 2018.
    """
    return [p for p in fb.people if p.takes_part and p.kind != PersonKind.FORMER_LEADER]


def closeness(person: PersonFact, key: PersonFact) -> tuple[int, str]:
    same_side, same_kind = person.side == key.side, person.kind == key.kind
    rank = 0 if same_side and same_kind else 1 if same_side else 2 if same_kind else 3
    return rank, fold_key(person.name)


def _person_preference(key: PersonFact, question_id: str, person: PersonFact) -> tuple[int, int]:
    """Closest to the key first; among equals, a stable order that differs per question."""
    return closeness(person, key)[0], variety(question_id, person.key)


def _shown_name(person: PersonFact) -> str:
    return fold_key(person.display_name)


def participant_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    pool = distractor_pool(fb)
    for event in fb.events:
        if not usable(event) or event.has_unnamed_participants:
            continue  # 「等」: nobody can be known absent
        same_phrase = {
            (part, fold_key(phrase)): fb.events_by_who_phrase[(part, fold_key(phrase))]
            for part, phrase in event.who_phrases
        }
        for part, phrase in event.who_phrases:
            events = same_phrase[(part, fold_key(phrase))]
            if events[0].id != event.id or any(e.has_unnamed_participants for e in events):
                continue  # a phrase two events share is asked once, from the first
            linked = set().union(*(e.people_in() for e in events))
            for person_id in sorted(set().union(*(e.people_in(part) for e in events))):
                key = fb.person_by_id[person_id]
                if key.kind == PersonKind.LEADER:
                    # Among officials a leader is no question: at a summit the president
                    # is plainly who spoke, signed or was welcomed, and no official is
                    # known to have been absent from a leader's event but by the
                    # article's silence. What leaders said is asked by quote.
                    continue
                question_id = f"{phrase}|{part}|{key.key}"
                # Same side only (rule 2): a foreigner among the options gives the key away.
                preferred = sorted(
                    (p for p in pool if p.id not in linked and p.side == key.side),
                    key=partial(_person_preference, key, question_id),
                )
                others = spread(
                    preferred,
                    key=key,
                    order=_shown_name,
                    rank=stable_rank(question_id, DISTRACTORS + 1),
                )
                if len(others) < DISTRACTORS:
                    continue
                people = sorted([key, *others], key=_shown_name)
                explanation, footnotes = citation(events)
                hard = sum(closeness(p, key)[0] == 0 for p in others) / len(others)
                yield QuestionDraft(
                    kind=QuestionKind.PARTICIPANT,
                    prompt=f"{WHO_QUESTION_OPENING}{phrase}？",
                    options=tuple(p.display_name for p in people),
                    key=(people.index(key),),
                    explanation=naming_key(explanation, key.display_name),
                    footnotes=footnotes,
                    difficulty=difficulty(
                        fb,
                        _share_hard(hard, floor=PARTICIPANT_FLOOR),
                        events=events,
                        people=[key],
                    ),
                    facts=fact_refs(events, [key]),
                    query=ParticipantQuery(part=part, phrase=phrase),
                )


def _single_holder_titles(fb: FactBase, *, delegation: bool) -> dict[str, PersonFact]:
    """Posts exactly one person holds: delegation posts, or (apart from them) all others.

    A post two people hold (the article gives 統一戰線部部長 to both 金英哲 and 金晟慧)
    is never asked. A spouse's label names her role and 「學者」 is no post: neither is asked.
    """
    titles: dict[str, PersonFact] = {}
    for person in fb.people:
        if person.kind in (PersonKind.SPOUSE, PersonKind.OTHER) or not person.takes_part:
            continue
        for role in person.roles:
            single = len(fb.title_holders[fold_key(role.title)]) == 1
            if role.is_delegation_post == delegation and single:
                titles[role.title] = person
    return titles


def role_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    for delegation in (True, False):
        titles = _single_holder_titles(fb, delegation=delegation)
        yield from _role_forward(fb, titles, delegation_only=delegation)
        yield from _role_reverse(fb, titles, delegation_only=delegation)


def _title_preference(title: str, other: str) -> tuple[int, int]:
    """Titles of a similar length first (a long title among short ones stands out)."""
    return abs(len(other) - len(title)) // 3, variety(title, other)


def _role_forward(
    fb: FactBase, titles: dict[str, PersonFact], *, delegation_only: bool
) -> Iterator[QuestionDraft]:
    for title, person in sorted(titles.items(), key=lambda item: fold_key(item[0])):
        if person.kind == PersonKind.LEADER:
            continue  # a leader's post is the one head-of-state title among the options
        own = {fold_key(role.title) for role in person.roles}
        # Same side only: a foreign post among the options gives the key away. No
        # leader's post either: every student knows whose 國務委員會委員長 is.
        preferred = sorted(
            (
                t
                for t in titles
                if fold_key(t) not in own
                and titles[t].side == person.side
                and titles[t].kind != PersonKind.LEADER
            ),
            key=partial(_title_preference, title),
        )
        others = spread(
            preferred, key=title, order=fold_key, rank=stable_rank(title, DISTRACTORS + 1)
        )
        if len(others) < DISTRACTORS:
            continue
        query = RoleQuery(person_shown=person.display_name, delegation_only=delegation_only)
        share_hard = sum(titles[t].kind == person.kind for t in others) / len(others)
        options = sorted([title, *others], key=fold_key)
        yield _role_draft(fb, person, title, options, key=title, share_hard=share_hard, query=query)


def _role_reverse(
    fb: FactBase, titles: dict[str, PersonFact], *, delegation_only: bool
) -> Iterator[QuestionDraft]:
    holders = {holder.id for holder in titles.values()}
    # No leader either way: 「金正恩」 offered as a party's deputy head, or asked as the
    # holder of the head of state's post, is answered by knowing who leads the country.
    excluded = (PersonKind.SPOUSE, PersonKind.OTHER, PersonKind.LEADER)
    pool = [p for p in distractor_pool(fb) if p.kind not in excluded]
    # Known false: someone of the same side whose posts we know, none of them this one.
    for title, person in sorted(titles.items(), key=lambda item: fold_key(item[0])):
        if person.kind == PersonKind.LEADER:
            continue
        preferred = sorted(
            (p for p in pool if p.id != person.id and p.id in holders and p.side == person.side),
            key=partial(_person_preference, person, title),
        )
        others = spread(
            preferred,
            key=person,
            order=_shown_name,
            rank=stable_rank(title + "|holder", DISTRACTORS + 1),
        )
        if len(others) < DISTRACTORS:
            continue
        yield _role_draft(
            fb,
            person,
            title,
            [p.display_name for p in sorted([person, *others], key=_shown_name)],
            key=person.display_name,
            share_hard=sum(closeness(p, person)[0] == 0 for p in others) / len(others),
            query=RoleHolderQuery(title=title, delegation_only=delegation_only),
        )


def _role_prompt(query: RoleQuery | RoleHolderQuery) -> str:
    """The stem says what its query asks: a person's post, or who holds a post."""
    if isinstance(query, RoleQuery):
        if query.delegation_only:
            return f"南韓代表團中的{query.person_shown}擔任什麼職務？"
        return f"2018年9月時，{query.person_shown}擔任什麼職務？"
    if query.delegation_only:
        return f"南韓代表團中，下列哪一位擔任{query.title}？"
    return f"2018年9月時，下列哪一位擔任{query.title}？"


def _role_draft(
    fb: FactBase,
    person: PersonFact,
    title: str,
    options: Sequence[str],
    *,
    key: str,
    share_hard: float,
    query: RoleQuery | RoleHolderQuery,
) -> QuestionDraft:
    """A role question, explained by the article's sentence that gives the post; the key
    leads it where the sentence words the post otherwise (「國務委員會委員長金正恩」 for
    朝鮮國務委員會委員長)."""
    role = next(role for role in person.roles if role.title == title)
    return QuestionDraft(
        kind=QuestionKind.ROLE,
        prompt=_role_prompt(query),
        options=tuple(options),
        key=(options.index(key),),
        explanation=naming_key(role.sentence, key),
        footnotes=role.footnotes,
        difficulty=difficulty(fb, _share_hard(share_hard, floor=ROLE_FLOOR), people=[person]),
        facts=fact_refs(people=[person]),
        query=query,
    )


PLACE_TYPES = ("機場", "賓館", "館", "宮", "場", "院", "學", "店", "山", "峰", "池", "處", "區")


def place_type(place: PlaceFact) -> str:
    """What kind of place a name is, from its ending: 機場, 館, 宮, …; a city has none."""
    return next((ending for ending in PLACE_TYPES if place.name.endswith(ending)), "")


# What a place is, coarser than its ending: a meal is eaten in a restaurant or a hall,
# talks are held in a hall, a show is seen on a stage, a delegation is sent to a city. A
# distractor of another kind is dismissed on sight (a children's hospital for a dinner, a
# stadium for talks, a tower for a city), so a place question offers only places its
# key's kind admits. Endings are tried in order: 迎賓館 is a hall, 展示館 a sight, any
# other 館 serves meals.
PLACE_KINDS = (
    (("機場",), "airport"),
    (("山", "峰", "池"), "nature"),
    (("區",), "area"),
    (("塔", "大街", "廣場", "太陽宮", "展示館"), "sight"),
    (("大樓", "宮殿", "迎賓館", "之家", "事務所", "協會"), "hall"),
    (("劇院", "體育場", "少年宮"), "stage"),
    (("醫院", "大學", "苗圃", "創作社"), "visit"),
    (("飯店", "館"), "dining"),
)
# The kinds of place each kind of key may stand among.
ADMITS = {
    "airport": {"airport"},
    "nature": {"nature"},
    "area": {"area"},
    "city": {"city"},
    "sight": {"sight"},
    "hall": {"hall"},
    "stage": {"stage", "hall"},
    "visit": {"visit", "stage"},
    "dining": {"dining", "hall"},
}


MEAL_WORDS = ("早餐", "午餐", "晚餐", "晚宴", "用膳")


def asks_a_meal(prompt: str) -> bool:
    return any(word in prompt for word in MEAL_WORDS)


def place_kind(place: PlaceFact) -> str:
    """One of ADMITS: by the name's ending, else a city: a place that is its own city
    (平壤, 紐約) or stands in none (板門店)."""
    kind = next((kind for endings, kind in PLACE_KINDS if place.name.endswith(endings)), "")
    return kind or "city"


# The country of each city the article names outside the peninsula; every other place
# is on it. A place stands only among places of its own country.
FOREIGN_CITIES = {"紐約": "美國"}
PENINSULA = "朝鮮半島"


def place_country(place: PlaceFact) -> str:
    return FOREIGN_CITIES.get(place.city or place.name, PENINSULA)


def _place_clash(key: PlaceFact, other: PlaceFact) -> bool:
    """The key's city is also right; a venue inside a city key is not known wrong."""
    city = fold_key(key.city) if key.city else None
    return (
        other.id == key.id
        or (city is not None and fold_key(other.name) == city)
        or (bool(other.city) and fold_key(other.city) == fold_key(key.name))
    )


def _place_preference(
    key: PlaceFact, question: str, place: PlaceFact
) -> tuple[bool, bool, bool, int]:
    return (
        place_kind(place) != place_kind(key),  # a restaurant for a meal before a hall
        place_type(place) != place_type(key),  # a plane lands at an airport, not a palace
        not (key.city and place.city == key.city),  # another venue in the same city is hard
        variety(question, place.key),
    )


def gives_away(prompt: str, *, key: str, others: Sequence[str]) -> bool:
    """The stem shares two characters in a row with the key and with no other option
    (「觀看學生表演」 and 萬景台學生少年宮): a student picks the key by its look."""
    folded_prompt = fold_key(prompt)
    folded_others = [fold_key(other) for other in others]
    folded_key = fold_key(key)
    pairs = {folded_key[i : i + 2] for i in range(len(folded_key) - 1)}
    return any(
        pair in folded_prompt and not any(pair in other for other in folded_others)
        for pair in pairs
    )


def _place_name(place: PlaceFact) -> str:
    return fold_key(place.name)


def _names_place(event: EventFact, place: PlaceFact) -> bool:
    sentence = fold_key(event.sentence)
    return any(fold_key(name) in sentence for name in (place.name, *place.aliases))


def _cited_for_place(
    fb: FactBase, events: Sequence[EventFact], place: PlaceFact
) -> list[EventFact]:
    """The events whose sentences prove where: the question's own, after the article's
    last sentence that day naming the place when theirs names it only by context
    (「接著，文在寅檢閱朝鮮人民軍儀仗隊」 follows the landing at 平壤順安國際機場)."""
    if any(_names_place(event, place) for event in events):
        return list(events)
    first = events[0]
    earlier = [
        event
        for event in fb.events
        if event.place_id == place.id
        and event.date == first.date
        and event.date_precision == first.date_precision
        and event.sequence < first.sequence
        and _names_place(event, place)
    ]
    return [earlier[-1], *events] if earlier else list(events)


def _summit_cities(fb: FactBase) -> set[int]:
    """The places that are the city most of the summit's days took place in (平壤)."""
    cities = Counter(
        fb.place_by_id[e.place_id].city
        for e in fb.events
        if e.phase in SUMMIT_DAYS and e.place_id is not None and fb.place_by_id[e.place_id].city
    )
    if not cities:
        return set()
    city = cities.most_common(1)[0][0]
    return {p.id for p in fb.places if p.name == city}


def place_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    for asked_about, events in fb.events_by_place_question.items():
        if not all(usable(e) for e in events) or len({e.place_id for e in events}) != 1:
            continue
        first = events[0]
        if first.place_id is None:
            continue
        if fold_key(first.where_question) == asked_about:
            prompt, text = first.where_question, first.where_question
        elif first.where_question:
            continue  # its own question asks it, dated and with the verb the event takes
        else:
            prompt, text = f"{quoted(first.activity)}{where_asked(first.activity)}", first.activity
        place = fb.place_by_id[first.place_id]
        # Only places the key's kind admits (ADMITS): no tower for a meeting; restaurants
        # too where a meal is asked about (lunch at the guesthouse).
        # A city stands among cities even for a meal (no restaurant in Pyongyang beside
        # a lunch at 三池淵).
        meal = asks_a_meal(prompt) and place_kind(place) != "city"
        kinds = ADMITS[place_kind(place)] | ({"dining"} if meal else set())
        # Only places in the key's own country: no 紐約 for a lunch at 三池淵, no Korean
        # hall beside 美國外交協會.
        admitted = [
            p
            for p in fb.places
            if not _place_clash(place, p)
            and place_kind(p) in kinds
            and place_country(p) == place_country(place)
        ]
        if first.phase in SUMMIT_DAYS:
            # During the three days the leaders were on the summit's own route: 首爾 or
            # 開城 beside a lunch at 三池淵 is ruled out by the day itself.
            days = [e for e in fb.events if e.phase in SUMMIT_DAYS]
            admitted = [
                p for p in admitted if any(e.place_id == p.id or p.name in e.clause for e in days)
            ]
        elif first.phase == Phase.PREPARATION and place.id in _summit_cities(fb):
            # Where a team went to prepare the summit is where the summit was held: the
            # stem gives it away.
            continue
        # A key in a city takes its distractors from that city when it has two (no 和平之家
        # for a motorcade in Pyongyang); no question rather than a far option.
        local = [p for p in admitted if place.city and p.city == place.city]
        if len(local) >= 2:
            admitted = local
        # Places of the key's own kind (other restaurants for a meal) when there are
        # enough, else all it admits, spread around the key so that its position varies.
        same_kind = [p for p in admitted if place_kind(p) == place_kind(place)]
        candidates = same_kind if len(same_kind) >= DISTRACTORS else admitted
        # Names of a length near the key's, when there are enough of them: 南北共同聯絡事務所
        # beside 平壤 is no parallel option (the options rule would drop the question).
        # Within √3 of the key's length either way, no two options differ by more than 3×.
        parallel = [
            p
            for p in candidates
            if place_kind(p) == place_kind(place)
            or abs(math.log(len(p.name) / len(place.name))) <= 0.55
        ]
        if len(parallel) >= DISTRACTORS:
            candidates = parallel
        others = spread(
            sorted(candidates, key=partial(_place_preference, place, text)),
            key=place,
            order=_place_name,
            rank=stable_rank(text, DISTRACTORS + 1),
        )
        if len(others) < DISTRACTORS or gives_away(
            prompt, key=place.name, others=[p.name for p in others]
        ):
            continue
        places = sorted([place, *others], key=_place_name)
        cited = _cited_for_place(fb, events, place)
        explanation, footnotes = citation(cited)
        hard = sum(bool(place.city) and p.city == place.city for p in others) / len(others)
        yield QuestionDraft(
            kind=QuestionKind.PLACE,
            prompt=prompt,
            options=tuple(p.name for p in places),
            key=(places.index(place),),
            explanation=naming_key(explanation, place.name),
            footnotes=footnotes,
            difficulty=difficulty(fb, _share_hard(hard, floor=PLACE_FLOOR), events=events),
            # The question rests on every event it cites: a set asks nothing else of them
            # (the landing's time, which this explanation gives).
            # Its own events first: they are what it asks about (quizapp.recall).
            facts=fact_refs([*events, *(e for e in cited if e not in events)]),
            query=PlaceQuery(asked_about=text),
        )


def when(event: EventFact, *, with_date: bool = False) -> str:
    """The time an explanation states: the clock time, else the part of day, else the
    date; `with_date`, the date before the time (steps on different days)."""
    time = time_label(
        event.time,
        precision=event.time_precision,
        part_of_day=event.part_of_day,
        approximate=event.time_is_derived or event.time_is_approximate,
    )
    date = date_label(event.date, precision=event.date_precision)
    if time and with_date:
        return f"{date}{time}"
    return time or date


def _clause_order(event: EventFact) -> str:
    return fold_key(event.clause)


def ordering_draft(fb: FactBase, events: Sequence[EventFact], prompt: str) -> QuestionDraft:
    """The events (in time order) to be put in order, shown in a stable order."""
    in_time = list(events)
    display = sorted(in_time, key=_clause_order)
    # Steps on more than one day each say their date: 「上午10時…；上午6時39分…」 with
    # no dates would read as time running backwards.
    several_days = len({e.date for e in in_time}) > 1
    explanation = "；".join(f"{when(e, with_date=several_days)}：{e.clause}" for e in in_time)
    _sentences, footnotes = citation(in_time)
    steps = [_step_closeness(a, b) for a, b in itertools.pairwise(in_time)]
    closeness = sum(steps) / len(steps) + ORDERING_PER_EXTRA_ITEM * (len(in_time) - 3)
    return QuestionDraft(
        kind=QuestionKind.ORDERING,
        prompt=prompt,
        options=tuple(e.clause for e in display),
        key=tuple(display.index(e) for e in in_time),
        explanation=explanation + "。",
        footnotes=footnotes,
        difficulty=difficulty(fb, min(1.0, closeness), events=in_time),
        facts=fact_refs(in_time),
        query=OrderQuery(),
    )


def _step_closeness(first: EventFact, then: EventFact) -> float:
    """How hard it is to know that `first` came before `then` (the module's docstring)."""
    if first.date == then.date:
        if any(w in first.clause for w in DEPARTURE_WORDS) and any(
            w in then.clause for w in ARRIVAL_WORDS
        ):
            return 0.0  # a journey's two ends: the words give their order
        hours = (event_interval(then)[0] - event_interval(first)[1]).total_seconds() / 3600
        return _nearness(hours, half=ORDERING_HALF_DIFFICULTY_HOURS)
    return _nearness((then.date - first.date).days, half=ORDERING_HALF_DIFFICULTY_DAYS)


def _in_time(event: EventFact) -> tuple[tuple[datetime.datetime, datetime.datetime], int]:
    return event_interval(event), event.sequence


# Where in a day its routine puts an event, by the words of its clause: a journey's
# departure first, then the landing and the motorcade from the airport, lunch, dinner and
# the evening's show, and the flight home last. Events with none of these words (talks,
# a visit, a tree planted) may come at any hour between the landing and the evening.
ROUTINE_SLOTS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("返回",), 9),
    (("出發", "前往機場"), 0),
    (("專機抵達", "專機飛抵"), 1),
    (("巡遊",), 2),
    (("午餐",), 3),
    (("晚餐", "晚宴", "演出", "歌舞劇"), 6),
)
ANY_HOUR = 4  # between the motorcade (2) and the evening (6), before or after lunch


def routine_slot(event: EventFact) -> int | None:
    return next(
        (slot for words, slot in ROUTINE_SLOTS if any(w in event.clause for w in words)),
        None,
    )


def _routine_orders(first: EventFact, then: EventFact) -> bool:
    """Common sense puts `first` before `then`, knowing neither's time: a journey's two
    ends (「乘纜車前往天池」, 「到達天池」), or two places in the day's routine, or one event
    at any hour after the morning's journey or before the evening."""
    if any(w in first.clause for w in DEPARTURE_WORDS) and any(
        w in then.clause for w in ARRIVAL_WORDS
    ):
        return True
    one, two = routine_slot(first), routine_slot(then)
    if one is None and two is None:
        return False
    if one is None:
        return two is not None and two > ANY_HOUR + 1
    if two is None:
        return one < ANY_HOUR - 1
    return one < two


# An ordering within one day must leave at least this many orders that common sense
# allows: with two, a student who knows the day's routine guesses it half the time.
ORDERS_LEFT_BY_ROUTINE = 3


def needs_knowledge(items: Sequence[EventFact]) -> bool:
    """An ordering within one day asks what happened when only if common sense cannot put
    it in order (land → motorcade → lunch → banquet can): of the orders of its items that
    break no step the day's routine fixes (`_routine_orders`, over every pair), at least
    ORDERS_LEFT_BY_ROUTINE remain."""
    fixed = [(a, b) for a, b in itertools.combinations(items, 2) if _routine_orders(a, b)]
    fixed += [(b, a) for a, b in itertools.combinations(items, 2) if _routine_orders(b, a)]
    allowed = 0
    for order in itertools.permutations(items):
        place = {id(event): index for index, event in enumerate(order)}
        allowed += all(place[id(a)] < place[id(b)] for a, b in fixed)
    return allowed >= ORDERS_LEFT_BY_ROUTINE


def ordering_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    """Orderings drawn from spread-out events: within each summit day (its timed events),
    then across the whole story (every event dated to the day). The days go first, so
    each has its orderings; the story takes what the days leave of every event's share."""
    taken: list[frozenset[int]] = []  # the events of every ordering so far
    summit_days: dict[tuple[Phase, datetime.date], list[EventFact]] = {}
    for event in fb.events:
        # Events the article times within the day; a day-only event has no place in the order.
        if (
            event.phase in SUMMIT_DAYS
            and _orderable(fb, event)
            and event.time_precision != TimePrecision.NONE
        ):
            summit_days.setdefault((event.phase, event.date), []).append(event)
    for (phase, date), events in sorted(summit_days.items()):
        prompt = (
            f"{date_label(date)}（會談{Phase(phase).label}），"
            "請把下列事件依時間先後，由早到晚排列。"
        )
        for items in _draw_orderings(
            events, sizes=(4,), drawn=taken, salt=str(date), asks_knowledge=needs_knowledge
        ):
            yield ordering_draft(fb, items, prompt)
    story = [event for event in fb.events if _orderable(fb, event)]
    prompt = "請把下列事件依時間先後，由早到晚排列。"
    for items in _draw_orderings(story, sizes=(4, 5, 6), drawn=taken, salt="story"):
        yield ordering_draft(fb, items, prompt)


def _orderable(fb: FactBase, event: EventFact) -> bool:
    """Dated to one day (a month or a span overlaps too much to be placed), by the
    article rather than worked out (「簽訂後」 may be that day or the next), and named by
    a clause no other event shares."""
    return (
        usable(event)
        and clause_is_unique(fb, event)
        and event.date_precision == DatePrecision.DAY
        and not event.end_date
        and not event.date_is_derived
    )


def _draw_orderings(
    events: Sequence[EventFact],
    *,
    sizes: tuple[int, ...],
    drawn: list[frozenset[int]],
    salt: str,
    asks_knowledge: Callable[[Sequence[EventFact]], bool] = lambda _items: True,
) -> list[tuple[EventFact, ...]]:
    """Orderings of each size in turn, drawn until no more can be: every event in at most
    ORDERINGS_PER_EVENT orderings, no two orderings sharing more than SHARED_ITEMS items
    (`drawn` holds the events of those drawn before, and gains these), and each one
    `asks_knowledge`."""
    orderings: list[tuple[EventFact, ...]] = []
    while True:
        before = len(orderings)
        for size in sizes:
            ordering = _draw_one(
                events, size=size, drawn=drawn, salt=salt, asks_knowledge=asks_knowledge
            )
            if ordering is not None:
                orderings.append(ordering)
                drawn.append(frozenset(e.id for e in ordering))
        if len(orderings) == before:
            return orderings


def _draw_one(
    events: Sequence[EventFact],
    *,
    size: int,
    drawn: list[frozenset[int]],
    salt: str,
    asks_knowledge: Callable[[Sequence[EventFact]], bool],
) -> tuple[EventFact, ...] | None:
    """The first ordering, in order of preference, that keeps its items strictly ordered
    and shares at most SHARED_ITEMS items with any drawn one. Least-used events are
    preferred; among equally used ones a stable hash, new for every ordering, decides, so
    the items come from all over the story or the day, not from one stretch of it."""
    uses = Counter(event_id for ordering in drawn for event_id in ordering)
    free = sorted(
        (e for e in events if uses[e.id] < ORDERINGS_PER_EVENT),
        key=lambda e: (uses[e.id], variety(salt, str(len(drawn)), e.key)),
    )

    def extend(picked: list[EventFact], rest: Sequence[EventFact]) -> list[EventFact] | None:
        if len(picked) == size:
            return picked if asks_knowledge(picked) else None
        for index, event in enumerate(rest):
            trial = sorted([*picked, event], key=_in_time)
            ids = frozenset(e.id for e in trial)
            if strictly_ordered(trial) and all(len(ids & d) <= SHARED_ITEMS for d in drawn):
                found = extend(trial, rest[index + 1 :])
                if found is not None:
                    return found
        return None

    found = extend([], free)
    return None if found is None else tuple(found)


BUILDERS: dict[QuestionKind, Callable[[FactBase], Iterator[QuestionDraft]]] = {
    QuestionKind.DATE: date_drafts,
    QuestionKind.TIME: time_drafts,
    QuestionKind.PARTICIPANT: participant_drafts,
    QuestionKind.ROLE: role_drafts,
    QuestionKind.PLACE: place_drafts,
    QuestionKind.ORDERING: ordering_drafts,
}
