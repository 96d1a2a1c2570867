"""Item statistics for teachers, in pure Python (no Django): facility, discrimination
(item–rest correlation, as Moodle computes it), option counts, a score histogram, and
a plain-language hint for each question."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from quizapp.vocabulary import Vocabulary, gettext_noop

# Ebel & Frisbie's bands for discrimination; a distractor picked by nobody does no work.
GOOD_DISCRIMINATION = 0.2


def facility(item_scores: Sequence[float]) -> float | None:
    """Mean score on the item (each score in [0, 1]); None when nobody answered."""
    if not item_scores:
        return None
    return sum(item_scores) / len(item_scores)


def item_rest_correlation(
    item_scores: Sequence[float], total_scores: Sequence[float]
) -> float | None:
    """Pearson correlation between the item and the rest of the test (total − item).

    None when it is undefined: fewer than two students, or no spread in either.
    """
    if len(item_scores) != len(total_scores):
        raise ValueError("One item score and one total per student.")
    n = len(item_scores)
    if n < 2:
        return None
    rest = [total - item for item, total in zip(item_scores, total_scores, strict=True)]
    mean_item = sum(item_scores) / n
    mean_rest = sum(rest) / n
    covariance = sum(
        (i - mean_item) * (r - mean_rest) for i, r in zip(item_scores, rest, strict=True)
    )
    spread_item = math.sqrt(sum((i - mean_item) ** 2 for i in item_scores))
    spread_rest = math.sqrt(sum((r - mean_rest) ** 2 for r in rest))
    if spread_item == 0 or spread_rest == 0:
        return None
    return covariance / (spread_item * spread_rest)


def option_counts(chosen: Sequence[int], option_count: int) -> list[int]:
    counts = [0] * option_count
    for index in chosen:
        if 0 <= index < option_count:
            counts[index] += 1
    return counts


def unpicked_distractors(counts: Sequence[int], key: int) -> list[int]:
    """Wrong options nobody chose (only meaningful once someone has answered)."""
    if sum(counts) == 0:
        return []
    return [index for index, count in enumerate(counts) if count == 0 and index != key]


def histogram(scores: Sequence[float], *, max_score: float, bins: int = 10) -> list[int]:
    """How many students scored in each of `bins` equal ranges from 0 to max_score."""
    counts = [0] * bins
    if max_score <= 0:
        return counts
    for score in scores:
        position = min(bins - 1, max(0, int(score / max_score * bins)))
        counts[position] += 1
    return counts


class HintLevel(StrEnum):
    OK = "ok"
    INFO = "info"
    WARN = "warn"


class ItemHint(Vocabulary):
    """What a teacher should make of an item, in words rather than coefficients."""

    NO_ANSWERS = "no_answers", gettext_noop("還沒有人作答")
    CHECK_KEY = "check_key", gettext_noop("請檢查答案：程度較好的學生反而答錯")
    VERY_EASY = "very_easy", gettext_noop("非常容易：幾乎人人答對")
    VERY_HARD = "very_hard", gettext_noop("非常難：很少人答對，請檢查題目或答案")
    NOT_DISCRIMINATING = (
        "not_discriminating",
        gettext_noop("分不出程度好壞：答對與否和總分關係不大"),
    )
    TOO_FEW = "too_few", gettext_noop("作答人數太少，還無法判斷鑑別度")
    GOOD = "good", gettext_noop("良好：能分出程度好壞")

    @property
    def level(self) -> HintLevel:
        return _HINT_LEVELS[self]


_HINT_LEVELS = {
    ItemHint.NO_ANSWERS: HintLevel.INFO,
    ItemHint.CHECK_KEY: HintLevel.WARN,
    ItemHint.VERY_EASY: HintLevel.INFO,
    ItemHint.VERY_HARD: HintLevel.WARN,
    ItemHint.NOT_DISCRIMINATING: HintLevel.WARN,
    ItemHint.TOO_FEW: HintLevel.INFO,
    ItemHint.GOOD: HintLevel.OK,
}


def item_hint(facility_value: float | None, discrimination: float | None) -> ItemHint:
    if facility_value is None:
        return ItemHint.NO_ANSWERS
    if discrimination is not None and discrimination < 0:
        return ItemHint.CHECK_KEY
    if facility_value >= 0.9:
        return ItemHint.VERY_EASY
    if facility_value <= 0.2:
        return ItemHint.VERY_HARD
    if discrimination is not None and discrimination < GOOD_DISCRIMINATION:
        return ItemHint.NOT_DISCRIMINATING
    if discrimination is None:
        return ItemHint.TOO_FEW
    return ItemHint.GOOD


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str


def histogram_bars(
    counts: Sequence[int], *, max_score: float, width: float = 320, height: float = 120
) -> list[Bar]:
    """Rectangles for an SVG histogram drawn on the server (no chart library, no script)."""
    tallest = max(counts, default=0) or 1
    bar_width = width / max(1, len(counts))
    bars = []
    for index, count in enumerate(counts):
        bar_height = height * count / tallest
        low = max_score * index / len(counts)
        high = max_score * (index + 1) / len(counts)
        bars.append(
            Bar(
                x=index * bar_width + 1,
                y=height - bar_height,
                width=bar_width - 2,
                height=bar_height,
                count=count,
                label=f"{low:g}–{high:g}",
            )
        )
    return bars
