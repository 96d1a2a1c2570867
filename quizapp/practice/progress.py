"""我的進度: per section of the article, the share of units known now (out of learning,
recall at least KNOWN_AT), what is due today and over the next two weeks; drawn as a
server-side SVG."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from quizapp.labels import label
from quizapp.memory.scheduling import is_known
from quizapp.memory.selectors import memories
from quizapp.practice.pool import pool_now
from quizapp.practice.services import Learner
from quizapp.vocabulary import Phase

FORECAST_DAYS = 14
BAR_WIDTH = 300  # SVG units of a whole section's bar


@dataclass(frozen=True)
class SectionProgress:
    phase: Phase
    name: str
    total: int
    known: int
    seen: int
    due_today: int
    due_soon: int  # within FORECAST_DAYS

    @property
    def known_share(self) -> float:
        return self.known / self.total if self.total else 0.0

    # Bar geometry for the template's SVG: known, then seen but not known, then unseen.
    @property
    def known_width(self) -> int:
        return round(BAR_WIDTH * self.known / self.total) if self.total else 0

    @property
    def seen_width(self) -> int:
        return round(BAR_WIDTH * (self.seen - self.known) / self.total) if self.total else 0


@dataclass(frozen=True)
class DayDue:
    date: datetime.date
    count: int
    height: int  # SVG units, of FORECAST_HEIGHT


FORECAST_HEIGHT = 80


@dataclass(frozen=True)
class Progress:
    sections: list[SectionProgress]
    forecast: list[DayDue]
    total_due_today: int
    bar_width: int = BAR_WIDTH
    forecast_height: int = FORECAST_HEIGHT

    @property
    def chart_height(self) -> int:
        return 20 * len(self.sections) + 4


def progress_for(*, learner: Learner, now: datetime.datetime) -> Progress:
    pool = pool_now()
    rows = memories(user_id=learner.user_id, guest_token=learner.guest_token)
    today = timezone.localdate(now)
    end_of_today = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    )
    horizon = end_of_today + datetime.timedelta(days=FORECAST_DAYS - 1)
    sections = []
    for phase in Phase:
        units = [unit for unit in pool.units if pool.phase_of[unit] == phase]
        seen = [rows[unit] for unit in units if unit in rows]
        sections.append(
            SectionProgress(
                phase=phase,
                name=label(phase),
                total=len(units),
                known=sum(is_known(row.card, now=now) for row in seen),
                seen=len(seen),
                due_today=sum(row.due < end_of_today for row in seen),
                due_soon=sum(row.due < horizon for row in seen),
            )
        )
    per_day = [0] * FORECAST_DAYS
    for row in rows.values():
        day = (timezone.localdate(max(row.due, now)) - today).days
        if 0 <= day < FORECAST_DAYS:
            per_day[day] += 1
    peak = max(per_day) or 1
    forecast = [
        DayDue(
            date=today + datetime.timedelta(days=offset),
            count=count,
            height=round(FORECAST_HEIGHT * count / peak),
        )
        for offset, count in enumerate(per_day)
    ]
    return Progress(
        sections=sections, forecast=forecast, total_due_today=sum(s.due_today for s in sections)
    )
