"""When an event happened, as an interval [start, end) at the precision the article gives.

9月18日 is the whole day; 上午 half of it; 10時 the hour; 9時50分 the minute. Two events
are in a known order only when one interval ends before the other starts: a day-only
event and a timed event on the same day have no order.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from quizapp.generator.facts import EventFact
from quizapp.vocabulary import DatePrecision, PartOfDay, TimePrecision

# The hours each part of day covers; 早上 (early morning) overlaps 上午 on purpose.
_PART_OF_DAY_HOURS = {
    PartOfDay.EARLY_MORNING: (5, 12),
    PartOfDay.MORNING: (0, 12),
    PartOfDay.NOON: (11, 14),
    PartOfDay.AFTERNOON: (12, 18),
    PartOfDay.EVENING: (18, 24),
}
# 「兩小時後」 or 「8時30分許」: the article's clock time may be off by this much either way.
_APPROXIMATE = datetime.timedelta(minutes=30)


def _month_after(date: datetime.date) -> datetime.date:
    return datetime.date(date.year + date.month // 12, date.month % 12 + 1, 1)


# Bounded: a long-running process sees a new snapshot after every admin edit.
@lru_cache(maxsize=4096)
def event_interval(event: EventFact) -> tuple[datetime.datetime, datetime.datetime]:
    day_start = datetime.datetime.combine(event.date, datetime.time())
    if event.date_precision == DatePrecision.MONTH:
        return day_start, datetime.datetime.combine(_month_after(event.date), datetime.time())
    last_day = event.end_date or event.date
    day_end = datetime.datetime.combine(last_day, datetime.time()) + datetime.timedelta(days=1)
    if event.end_date and event.end_date != event.date:
        return day_start, day_end
    if event.time_precision == TimePrecision.PART_OF_DAY and event.part_of_day:
        first, last = _PART_OF_DAY_HOURS[PartOfDay(event.part_of_day)]
        return day_start + datetime.timedelta(hours=first), day_start + datetime.timedelta(
            hours=last
        )
    if event.time is None or event.time_precision == TimePrecision.NONE:
        return day_start, day_end
    start = datetime.datetime.combine(event.date, event.time)
    if event.time_is_derived or event.time_is_approximate:
        return start - _APPROXIMATE, start + _APPROXIMATE
    width = (
        datetime.timedelta(hours=1)
        if event.time_precision == TimePrecision.HOUR
        else datetime.timedelta(minutes=1)
    )
    return start, start + width


def strictly_before(first: EventFact, second: EventFact) -> bool:
    return event_interval(first)[1] <= event_interval(second)[0]


def strictly_ordered(events: list[EventFact]) -> bool:
    """Every pair, not only neighbours: intervals of uneven width can overlap at a distance."""
    return all(
        strictly_before(events[i], events[j])
        for i in range(len(events))
        for j in range(i + 1, len(events))
    )
