"""How dates and times read in Chinese: 2018年9月18日, 上午8時40分, 約晚上8時30分; and
how a who-question opens.

Pure Python (no Django) so that the question generator words dates exactly as the
timeline shows them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from quizapp.vocabulary import DatePrecision, PartOfDay, TimePrecision

# A who-question reads 「下列哪一位{phrase}？」: a phrase that opens with any of these
# would ask twice (the admin refuses it).
WHO_QUESTION_OPENING = "下列哪一位"
WHO_QUESTION_OPENINGS = (WHO_QUESTION_OPENING, "下列哪位", "哪一位", "哪位")


def date_label(
    date: datetime.date,
    *,
    precision: DatePrecision = DatePrecision.DAY,
    end_date: datetime.date | None = None,
) -> str:
    if precision == DatePrecision.MONTH:
        return f"{date.year}年{date.month}月"
    label = f"{date.year}年{date.month}月{date.day}日"
    if end_date and end_date != date:
        if end_date.year != date.year:
            return f"{label}至{end_date.year}年{end_date.month}月{end_date.day}日"
        if end_date.month != date.month:
            return f"{label}至{end_date.month}月{end_date.day}日"
        return f"{label}至{end_date.day}日"
    return label


def short_date_label(date: datetime.date, *, precision: DatePrecision = DatePrecision.DAY) -> str:
    """9月18日: the year is implied inside one summit's questions."""
    if precision == DatePrecision.MONTH:
        return f"{date.year}年{date.month}月"
    return f"{date.month}月{date.day}日"


def part_of_day_for(time: datetime.time) -> PartOfDay:
    if time.hour < 12:
        return PartOfDay.MORNING
    if time.hour < 13:
        return PartOfDay.NOON
    if time.hour < 18:
        return PartOfDay.AFTERNOON
    return PartOfDay.EVENING


def time_label(
    time: datetime.time | None,
    *,
    precision: TimePrecision,
    part_of_day: PartOfDay | None = None,
    approximate: bool = False,
) -> str:
    """上午8時40分, 上午10時, 中午; 約晚上8時30分 for 「8時30分許」 or 「兩小時後」."""
    if precision == TimePrecision.PART_OF_DAY:
        return str(part_of_day or "")
    if time is None or precision == TimePrecision.NONE:
        return ""
    hour12 = time.hour if time.hour <= 12 else time.hour - 12
    label = f"{part_of_day_for(time)}{hour12}時"
    if precision == TimePrecision.MINUTE and time.minute:
        label += f"{time.minute}分"
    return f"約{label}" if approximate else label


def number_label(value: Decimal, unit: str) -> str:
    """A number as the article writes it: 「200人」, 「71.6%」, 「15萬名」 (萬 for round ten
    thousands), with no trailing 「.00」."""
    if value >= 10_000 and value % 1_000 == 0:
        return f"{_plain(value / 10_000)}萬{unit}"
    return f"{_plain(value)}{unit}"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
