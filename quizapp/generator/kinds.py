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
from quizapp.generator.facts import SUMMIT_DAYS, EventFact, FactBase, PersonFact
from quizapp.generator.intervals import event_interval, strictly_ordered

DISTRACTORS = 3
PHASE_LABELS = {"day1": "第一天", "day2": "第二天", "day3": "第三天"}
PART_PROMPTS: dict[str, str] = {
    "signed": "下列哪一位簽署了{activity}？",
    "hosted": "下列哪一位主持了{activity}？",
    "welcomed": "在{activity}中，下列哪一位負責迎接？",
    "accompanied": "在{activity}中，下列哪一位擔任陪同？",
    "attended": "下列哪一位參加了{activity}？",
    "met": "下列哪一位參與了{activity}？",
    "spoke": "下列哪一位在{activity}上發言？",
}
# A speech is 「發表」ed, not spoken at: 「下列哪一位發表了「秋夕全國講話」？」
SPEECH_ENDINGS = ("講話", "演說", "談話")


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
    return fb.clause_counts[fold_key(event.clause)] == 1


def activity_groups(fb: FactBase) -> list[list[EventFact]]:
    """Events by activity: a question about an activity is about all of them at once."""
    groups: dict[str, list[EventFact]] = {}
    for event in fb.events:
        if event.activity:
            groups.setdefault(fold_key(event.activity), []).append(event)
    return [group for group in groups.values() if all(usable(e) for e in group)]


def date_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
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
    """People who may stand as wrong options: never a namesake who is only a link target."""
    return [p for p in fb.people if p.takes_part or p.kind == "former_leader"]


def closeness(person: PersonFact, key: PersonFact) -> tuple[int, str]:
    same_side, same_kind = person.side == key.side, person.kind == key.kind
    rank = 0 if same_side and same_kind else 1 if same_side else 2 if same_kind else 3
    return rank, fold_key(person.name)


def participant_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    pool = distractor_pool(fb)
    for events in activity_groups(fb):
        if any(e.has_unnamed_participants for e in events):
            continue  # 「等」: nobody can be known absent
        linked = set().union(*(e.people_in() for e in events))
        activity = events[0].activity
        for part, template in PART_PROMPTS.items():
            in_part = sorted(set().union(*(e.people_in(part) for e in events)))
            for person_id in in_part:
                key = fb.person_by_id[person_id]
                question_id = f"{activity}|{part}|{key.key}"
                preferred = sorted(
                    (p for p in pool if p.id not in linked),
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
                if part == "spoke" and activity.endswith(SPEECH_ENDINGS):
                    template = "下列哪一位發表了{activity}？"
                yield QuestionDraft(
                    kind=Kind.PARTICIPANT,
                    prompt=template.format(activity=quoted(activity)),
                    options=tuple(p.display_name for p in people),
                    key=(people.index(key),),
                    explanation=explanation,
                    footnotes=footnotes,
                    difficulty=0.3 + 0.7 * hard,
                    fact_ids=fact_ids(events, [key]),
                    query=ParticipantQuery(part=part, activity=activity),
                )


def _single_holder_titles(fb: FactBase, *, delegation_only: bool) -> dict[str, PersonFact]:
    holders: dict[str, list[PersonFact]] = {}
    for person in fb.people:
        if person.kind in ("spouse", "other"):
            continue  # a spouse's label names the role; 「學者」 is no post
        for role in person.roles:
            if role.is_delegation_post or not delegation_only:
                holders.setdefault(fold_key(role.title), []).append(person)
    titles: dict[str, PersonFact] = {}
    for person in fb.people:
        for role in person.roles:
            found = holders.get(fold_key(role.title), [])
            if len(found) == 1 and (role.is_delegation_post or not delegation_only):
                titles[role.title] = found[0]
    # Titles that also belong to a spouse or an `other` would look single-held here.
    every_holder: dict[str, int] = {}
    for person in fb.people:
        for role in person.roles:
            every_holder[fold_key(role.title)] = every_holder.get(fold_key(role.title), 0) + 1
    return {t: p for t, p in titles.items() if every_holder[fold_key(t)] == 1}


def role_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    for delegation_only in (True, False):
        titles = _single_holder_titles(fb, delegation_only=delegation_only)
        yield from _role_forward(fb, titles, delegation_only=delegation_only)
        yield from _role_reverse(fb, titles, delegation_only=delegation_only)


def _role_forward(
    fb: FactBase, titles: dict[str, PersonFact], *, delegation_only: bool
) -> Iterator[QuestionDraft]:
    for title, person in sorted(titles.items(), key=lambda item: fold_key(item[0])):
        own = {fold_key(role.title) for role in person.roles}
        preferred = sorted(
            (t for t in titles if fold_key(t) not in own),
            key=lambda t, p=person, title=title: (
                titles[t].side != p.side,
                abs(len(t) - len(title)) // 3,
                variety(title, t),
            ),
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
        hard = sum(titles[t].side == person.side for t in others) / len(others)
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
    for title, person in sorted(titles.items(), key=lambda item: fold_key(item[0])):
        # Known false: someone whose posts we know, none of them this one.
        preferred = sorted(
            (p for p in pool if p.id != person.id and p.id in holders),
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


def place_drafts(fb: FactBase) -> Iterator[QuestionDraft]:
    for events in activity_groups(fb):
        if len({e.place_id for e in events}) != 1 or events[0].place_id is None:
            continue
        place = fb.place_by_id[events[0].place_id]
        city = fold_key(place.city) if place.city else None

        def clash(other, place=place, city=city) -> bool:
            # The key's city is also right; a venue inside a city key is not known wrong.
            return (
                other.id == place.id
                or (city is not None and fold_key(other.name) == city)
                or (bool(other.city) and fold_key(other.city) == fold_key(place.name))
            )

        activity = events[0].activity
        preferred = sorted(
            (p for p in fb.places if not clash(p)),
            key=lambda p, key=place, q=activity: (
                not (key.city and p.city == key.city),  # another venue in the same city is hardest
                variety(q, p.key),
            ),
        )
        others = spread(
            preferred,
            key=place,
            order=lambda p: fold_key(p.name),
            rank=stable_rank(activity, DISTRACTORS + 1),
        )
        if len(others) < 2:
            continue
        places = sorted([place, *others], key=lambda p: fold_key(p.name))
        explanation, footnotes = citation(events)
        hard = sum(bool(place.city) and p.city == place.city for p in others) / len(others)
        yield QuestionDraft(
            kind=Kind.PLACE,
            prompt=f"{quoted(events[0].activity)}的地點是哪裡？",
            options=tuple(p.name for p in places),
            key=(places.index(place),),
            explanation=explanation,
            footnotes=footnotes,
            difficulty=0.3 + 0.7 * hard,
            fact_ids=fact_ids(events),
            query=PlaceQuery(activity=events[0].activity),
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
            f"{date_label(date)}（會談{PHASE_LABELS[phase]}），"
            "請把下列事件依時間先後，由早到晚排列。"
        )
        for size in (4, 5):
            for combo in itertools.combinations(day, size):
                if strictly_ordered(list(combo)):
                    yield _ordering_draft(combo, prompt)
    # Across the whole story: one day-dated event per date, in windows of four.
    first_of_day: dict = {}
    for event in sorted(fb.events, key=lambda e: (e.date, e.sequence)):
        if (
            usable(event)
            and clause_is_unique(fb, event)
            and event.date_precision == "day"
            and not event.end_date
        ):
            first_of_day.setdefault(event.date, event)
    timeline = list(first_of_day.values())
    prompt = "請把下列事件依時間先後，由早到晚排列。"
    for start in range(0, max(0, len(timeline) - 3)):
        window = timeline[start : start + 4]
        if strictly_ordered(window) and len({fold_key(e.clause) for e in window}) == 4:
            yield _ordering_draft(window, prompt)


BUILDERS: dict[Kind, Callable[[FactBase], Iterator[QuestionDraft]]] = {
    Kind.DATE: date_drafts,
    Kind.TIME: time_drafts,
    Kind.PARTICIPANT: participant_drafts,
    Kind.ROLE: role_drafts,
    Kind.PLACE: place_drafts,
    Kind.ORDERING: ordering_drafts,
}
