"""One builder per kind of question. Each yields every candidate draft it can make.

Builders choose options so that the rules hold by construction; `rules.py` checks them
again independently before a draft is returned. Builders use no randomness: the key's
position comes from a stable hash of the fact, so it is spread evenly over the options
and the same facts always give the same candidates.
"""

from __future__ import annotations

import datetime
import itertools
import zlib
from collections.abc import Callable, Iterator, Sequence

from quizapp.chinese.scripts import fold_key
from quizapp.chinese.wording import date_label, short_date_label, time_label
from quizapp.generator.drafts import (
    DateQuery,
    Kind,
    OrderQuery,
    ParticipantQuery,
    PlaceQuery,
    QuestionDraft,
    RoleHolderQuery,
    RoleQuery,
    TimeQuery,
)
from quizapp.generator.facts import (
    PHASE_NAMES,
    SUMMIT_DAYS,
    EventFact,
    FactBase,
    PersonFact,
    PlaceFact,
)
from quizapp.generator.intervals import event_interval, strictly_ordered

DISTRACTORS = 3
PER_DAY_AND_SIZE = 10


def quoted(activity: str) -> str:
    """A document title keeps its 《》; any other activity is quoted 「」."""
    return activity if activity.startswith("《") else f"「{activity}」"


def stable_rank(text: str, size: int) -> int:
    return zlib.crc32(text.encode("utf-8")) % size


def citation(events: Sequence[EventFact]) -> tuple[str, tuple[int, ...]]:
    sentences = list(dict.fromkeys(event.sentence for event in events))
    footnotes = sorted({number for event in events for number in event.footnotes})
    return "".join(sentences), tuple(footnotes)


def around(
    key: object, values: Sequence[object], *, distance: Callable[[object], float], rank: int
) -> list[object]:
    """`rank` nearest values below the key and the rest above, so the key sits at `rank`."""
    below = sorted((v for v in values if v < key), key=distance)
    above = sorted((v for v in values if v > key), key=distance)
    want_below = min(rank, len(below))
    want_above = min(DISTRACTORS - want_below, len(above))
    want_below = min(DISTRACTORS - want_above, len(below))
    return below[:want_below] + above[:want_above]


def spread(
    preferred: Sequence[object],
    *,
    key: object,
    order: Callable[[object], object],
    rank: int,
) -> list[object]:
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


def variety(*parts: str) -> int:
    """A stable tie-breaker that differs from question to question."""
    return zlib.crc32("|".join(parts).encode("utf-8"))


def fact_ids(
    events: Sequence[EventFact] = (), people: Sequence[PersonFact] = ()
) -> tuple[str, ...]:
    return tuple(f"event:{e.id}" for e in events) + tuple(f"person:{p.id}" for p in people)


def usable(event: EventFact) -> bool:
    return not event.is_disputed and bool(event.clause.strip())


def clause_is_unique(fb: FactBase, event: EventFact) -> bool:
    """A clause two events share names neither of them: the stem would be ambiguous."""
    return len(fb.events_by_clause[fold_key(event.clause)]) == 1


def date_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    yield from _day_drafts(fb)
    yield from _month_drafts(fb)


def _day_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    dated = [e for e in fb.events if e.date_precision == "day" and not e.end_date]
    all_dates = sorted({e.date for e in dated})
    for event in dated:
        if not usable(event) or not clause_is_unique(fb, event):
            continue
        chosen = around(
            event.date,
            all_dates,
            distance=lambda d, key=event.date: abs((d - key).days),
            rank=stable_rank(event.key, DISTRACTORS + 1),
        )
        if len(chosen) < 2:
            continue
        dates = sorted([event.date, *chosen])
        mean_days = sum(abs((d - event.date).days) for d in chosen) / len(chosen)
        explanation, footnotes = citation([event])
        yield QuestionDraft(
            kind=Kind.DATE,
            prompt=f"「{event.clause}」是在哪一天？",
            options=tuple(date_label(d) for d in dates),
            key=(dates.index(event.date),),
            explanation=explanation,
            footnotes=footnotes,
            difficulty=1 / (1 + mean_days / 7),
            fact_ids=fact_ids([event]),
            query=DateQuery(clause=event.clause),
        )


def _month_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    """Where the article gives only the month (「2018年6月，……」), ask for the month."""
    months = sorted({e.date.replace(day=1) for e in fb.events})
    for event in fb.events:
        if event.date_precision != "month" or not usable(event) or not clause_is_unique(fb, event):
            continue
        key = event.date.replace(day=1)
        chosen = around(
            key,
            months,
            distance=lambda d, key=key: abs((d.year - key.year) * 12 + d.month - key.month),
            rank=stable_rank(event.key, DISTRACTORS + 1),
        )
        if len(chosen) < 2:
            continue
        ordered = sorted([key, *chosen])
        explanation, footnotes = citation([event])
        yield QuestionDraft(
            kind=Kind.DATE,
            prompt=f"「{event.clause}」是在哪一個月？",
            options=tuple(date_label(d, precision="month") for d in ordered),
            key=(ordered.index(key),),
            explanation=explanation,
            footnotes=footnotes,
            difficulty=0.5,
            fact_ids=fact_ids([event]),
            query=DateQuery(clause=event.clause, precision="month"),
        )


def _exact_time(event: EventFact) -> bool:
    return (
        event.time is not None
        and event.time_precision in ("hour", "minute")
        and not event.time_is_derived
        and not event.time_is_approximate
    )


def minutes(time: datetime.time) -> int:
    return time.hour * 60 + time.minute


def time_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    timed = [e for e in fb.events if _exact_time(e)]
    for event in timed:
        if not usable(event) or not clause_is_unique(fb, event):
            continue
        start, end = event_interval(event)
        same_day = sorted(
            {
                other.time
                for other in timed
                if other.date == event.date
                and other.time != event.time
                and not start <= event_interval(other)[0] < end
            }
        )
        chosen = around(
            event.time,
            same_day,
            distance=lambda t, key=event.time: abs(minutes(t) - minutes(key)),
            rank=stable_rank(event.key, DISTRACTORS + 1),
        )
        if len(chosen) < 2:
            continue
        times = sorted([event.time, *chosen])
        labels = tuple(time_label(t, precision="minute" if t.minute else "hour") for t in times)
        mean_minutes = sum(abs(minutes(t) - minutes(event.time)) for t in chosen) / len(chosen)
        explanation, footnotes = citation([event])
        yield QuestionDraft(
            kind=Kind.TIME,
            prompt=f"{short_date_label(event.date)}，「{event.clause}」是在幾點？",
            options=labels,
            key=(times.index(event.time),),
            explanation=explanation,
            footnotes=footnotes,
            difficulty=1 / (1 + mean_minutes / 120),
            fact_ids=fact_ids([event]),
            query=TimeQuery(date=event.date, clause=event.clause),
        )


def distractor_pool(fb: FactBase) -> list[PersonFact]:
    """People who may stand as wrong options: only people who took part in this story.

    Never a namesake who is only a link target, never an earlier president: a man who
    died in 2009 is no plausible answer about 2018.
    """
    return [p for p in fb.people if p.takes_part and p.kind != "former_leader"]


def closeness(person: PersonFact, key: PersonFact) -> tuple[int, str]:
    same_side, same_kind = person.side == key.side, person.kind == key.kind
    rank = 0 if same_side and same_kind else 1 if same_side else 2 if same_kind else 3
    return rank, fold_key(person.name)


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
                question_id = f"{phrase}|{part}|{key.key}"
                # Same side only (DESIGN §4): a foreigner among the options gives the key away.
                preferred = sorted(
                    (p for p in pool if p.id not in linked and p.side == key.side),
                    key=lambda p, key=key, q=question_id: (
                        closeness(p, key)[0],
                        variety(q, p.key),
                    ),
                )
                others = spread(
                    preferred,
                    key=key,
                    order=lambda p: fold_key(p.display_name),
                    rank=stable_rank(question_id, DISTRACTORS + 1),
                )
                if len(others) < 2:
                    continue
                people = sorted([key, *others], key=lambda p: fold_key(p.display_name))
                explanation, footnotes = citation(events)
                hard = sum(closeness(p, key)[0] == 0 for p in others) / len(others)
                yield QuestionDraft(
                    kind=Kind.PARTICIPANT,
                    prompt=f"下列哪一位{phrase}？",
                    options=tuple(p.display_name for p in people),
                    key=(people.index(key),),
                    explanation=explanation,
                    footnotes=footnotes,
                    difficulty=0.4 + 0.6 * hard,
                    fact_ids=fact_ids(events, [key]),
                    query=ParticipantQuery(part=part, phrase=phrase),
                )


def _single_holder_titles(fb: FactBase, *, delegation: bool) -> dict[str, PersonFact]:
    """Posts exactly one person holds: delegation posts, or (apart from them) all others.

    A post two people hold (the article gives 統一戰線部部長 to both 金英哲 and 金晟慧)
    is never asked. A spouse's label names her role and 「學者」 is no post: neither is asked.
    """
    titles: dict[str, PersonFact] = {}
    for person in fb.people:
        if person.kind in ("spouse", "other") or not person.takes_part:
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


def _role_forward(
    fb: FactBase, titles: dict[str, PersonFact], *, delegation_only: bool
) -> Iterator[QuestionDraft]:
    for title, person in sorted(titles.items(), key=lambda item: fold_key(item[0])):
        own = {fold_key(role.title) for role in person.roles}
        # Same side only: a foreign post among the options gives the key away.
        preferred = sorted(
            (t for t in titles if fold_key(t) not in own and titles[t].side == person.side),
            key=lambda t, title=title: (abs(len(t) - len(title)) // 3, variety(title, t)),
        )
        others = spread(
            preferred, key=title, order=fold_key, rank=stable_rank(title, DISTRACTORS + 1)
        )
        if len(others) < 2:
            continue
        options = sorted([title, *others], key=fold_key)
        prompt = (
            f"南韓代表團中的{person.display_name}擔任什麼職務？"
            if delegation_only
            else f"2018年9月時，{person.display_name}擔任什麼職務？"
        )
        hard = sum(titles[t].kind == person.kind for t in others) / len(others)
        yield QuestionDraft(
            kind=Kind.ROLE,
            prompt=prompt,
            options=tuple(options),
            key=(options.index(title),),
            explanation=_role_explanation(person, title),
            footnotes=(),
            difficulty=0.3 + 0.7 * hard,
            fact_ids=fact_ids(people=[person]),
            query=RoleQuery(person_shown=person.display_name, delegation_only=delegation_only),
        )


def _role_reverse(
    fb: FactBase, titles: dict[str, PersonFact], *, delegation_only: bool
) -> Iterator[QuestionDraft]:
    holders = {holder.id for holder in titles.values()}
    pool = [p for p in distractor_pool(fb) if p.kind not in ("spouse", "other")]
    # Known false: someone of the same side whose posts we know, none of them this one.
    for title, person in sorted(titles.items(), key=lambda item: fold_key(item[0])):
        preferred = sorted(
            (p for p in pool if p.id != person.id and p.id in holders and p.side == person.side),
            key=lambda p, key=person, title=title: (closeness(p, key)[0], variety(title, p.key)),
        )
        others = spread(
            preferred,
            key=person,
            order=lambda p: fold_key(p.display_name),
            rank=stable_rank(title + "|holder", DISTRACTORS + 1),
        )
        if len(others) < 2:
            continue
        people = sorted([person, *others], key=lambda p: fold_key(p.display_name))
        prompt = (
            f"南韓代表團中，下列哪一位擔任{title}？"
            if delegation_only
            else f"2018年9月時，下列哪一位擔任{title}？"
        )
        hard = sum(closeness(p, person)[0] == 0 for p in others) / len(others)
        yield QuestionDraft(
            kind=Kind.ROLE,
            prompt=prompt,
            options=tuple(p.display_name for p in people),
            key=(people.index(person),),
            explanation=_role_explanation(person, title),
            footnotes=(),
            difficulty=0.3 + 0.7 * hard,
            fact_ids=fact_ids(people=[person]),
            query=RoleHolderQuery(title=title, delegation_only=delegation_only),
        )


def _role_explanation(person: PersonFact, title: str) -> str:
    return f"{person.display_name}：{title}（2018年9月）。"


PLACE_TYPES = ("機場", "賓館", "館", "宮", "場", "院", "學", "店", "山", "峰", "池", "處", "區")


def place_type(place: PlaceFact) -> str:
    """What kind of place a name is, from its ending: 機場, 館, 宮, …; a city has none."""
    return next((ending for ending in PLACE_TYPES if place.name.endswith(ending)), "")


def place_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    for asked_about, events in fb.events_by_place_question.items():
        if not all(usable(e) for e in events) or len({e.place_id for e in events}) != 1:
            continue
        if events[0].place_id is None:
            continue
        first = events[0]
        if fold_key(first.where_question) == asked_about:
            prompt, text = first.where_question, first.where_question
        else:
            prompt, text = f"{quoted(first.activity)}在哪裡舉行？", first.activity
        place = fb.place_by_id[first.place_id]
        city = fold_key(place.city) if place.city else None

        def clash(other, place=place, city=city) -> bool:
            # The key's city is also right; a venue inside a city key is not known wrong.
            return (
                other.id == place.id
                or (city is not None and fold_key(other.name) == city)
                or (bool(other.city) and fold_key(other.city) == fold_key(place.name))
            )

        preferred = sorted(
            (p for p in fb.places if not clash(p)),
            key=lambda p, key=place, q=text: (
                place_type(p) != place_type(key),  # a plane lands at an airport, not a palace
                not (key.city and p.city == key.city),  # another venue in the same city is hard
                variety(q, p.key),
            ),
        )
        # Places of the key's own type (other airports for an airport) always come first;
        # the rest are spread around the key so that its position varies.
        same_type = [p for p in preferred if place_type(p) and place_type(p) == place_type(place)]
        same_type = same_type[:DISTRACTORS]
        rest = [p for p in preferred if p not in same_type]
        others = (
            same_type
            + spread(
                rest,
                key=place,
                order=lambda p: fold_key(p.name),
                rank=stable_rank(text, DISTRACTORS + 1),
            )[: DISTRACTORS - len(same_type)]
        )
        if len(others) < 2:
            continue
        places = sorted([place, *others], key=lambda p: fold_key(p.name))
        explanation, footnotes = citation(events)
        hard = sum(bool(place.city) and p.city == place.city for p in others) / len(others)
        yield QuestionDraft(
            kind=Kind.PLACE,
            prompt=prompt,
            options=tuple(p.name for p in places),
            key=(places.index(place),),
            explanation=explanation,
            footnotes=footnotes,
            difficulty=0.3 + 0.7 * hard,
            fact_ids=fact_ids(events),
            query=PlaceQuery(asked_about=text),
        )


def when(event: EventFact) -> str:
    """The time an explanation states: the clock time, else the part of day, else the date."""
    return time_label(
        event.time,
        precision=event.time_precision,
        part_of_day=event.part_of_day,
        approximate=event.time_is_derived or event.time_is_approximate,
    ) or date_label(event.date, precision=event.date_precision)


def _ordering_draft(events: Sequence[EventFact], prompt: str) -> QuestionDraft:
    in_time = list(events)
    display = sorted(in_time, key=lambda e: fold_key(e.clause))
    gaps = [
        (event_interval(b)[0] - event_interval(a)[1]).total_seconds() / 3600
        for a, b in itertools.pairwise(in_time)
    ]
    explanation = "；".join(f"{when(e)}：{e.clause}" for e in in_time)
    _sentences, footnotes = citation(in_time)
    return QuestionDraft(
        kind=Kind.ORDERING,
        prompt=prompt,
        options=tuple(e.clause for e in display),
        key=tuple(display.index(e) for e in in_time),
        explanation=explanation + "。",
        footnotes=footnotes,
        difficulty=min(1.0, 1 / (1 + min(gaps) / 3) + 0.05 * (len(in_time) - 3)),
        fact_ids=fact_ids(in_time),
        query=OrderQuery(),
    )


def ordering_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    summit_days: dict[tuple[str, datetime.date], list[EventFact]] = {}
    for event in fb.events:
        # Events the article times within the day; a day-only event has no place in the order.
        if (
            event.phase in SUMMIT_DAYS
            and usable(event)
            and clause_is_unique(fb, event)
            and event.date_precision == "day"
            and not event.end_date
            and event.time_precision != "none"
        ):
            summit_days.setdefault((event.phase, event.date), []).append(event)
    for (phase, date), events in sorted(summit_days.items()):
        day = sorted(events, key=lambda e: (event_interval(e), e.sequence))
        prompt = (
            f"{date_label(date)}（會談{PHASE_NAMES[phase]}），"
            "請把下列事件依時間先後，由早到晚排列。"
        )
        for size in (4, 5):
            combos = [c for c in itertools.combinations(day, size) if strictly_ordered(list(c))]
            # Many subsets of one day's events are near-copies: keep an even spread of them.
            step = max(1, len(combos) // PER_DAY_AND_SIZE)
            for combo in combos[::step][:PER_DAY_AND_SIZE]:
                yield _ordering_draft(combo, prompt)
    # Across the whole story: one day-dated event per date, in windows of four to six.
    # Two passes, taking each date's first event and then its last, give different items.
    by_date: dict[datetime.date, list[EventFact]] = {}
    for event in sorted(fb.events, key=lambda e: (e.date, e.sequence)):
        if (
            usable(event)
            and clause_is_unique(fb, event)
            and event.date_precision == "day"
            and not event.end_date
        ):
            by_date.setdefault(event.date, []).append(event)
    prompt = "請把下列事件依時間先後，由早到晚排列。"
    for pick, sizes in ((0, (4, 5, 6)), (-1, (4,))):
        timeline = [events[pick] for _date, events in sorted(by_date.items())]
        for size in sizes:
            for start in range(0, max(0, len(timeline) - size + 1)):
                window = timeline[start : start + size]
                if strictly_ordered(window):
                    yield _ordering_draft(window, prompt)


BUILDERS: dict[Kind, Callable[[FactBase], Iterator[QuestionDraft]]] = {
    Kind.DATE: date_drafts,
    Kind.TIME: time_drafts,
    Kind.PARTICIPANT: participant_drafts,
    Kind.ROLE: role_drafts,
    Kind.PLACE: place_drafts,
    Kind.ORDERING: ordering_drafts,
}
