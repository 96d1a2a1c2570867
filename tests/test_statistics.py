"""Item statistics against hand-worked examples."""

from __future__ import annotations

import pytest

from quizapp.labels import label
from quizapp.statistics import (
    facility,
    histogram,
    histogram_bars,
    item_hint,
    item_rest_correlation,
    option_counts,
    unpicked_distractors,
)


def test_facility_is_the_mean_item_score():
    assert facility([1, 0, 1, 1]) == 0.75
    assert facility([1, 0.5, 0]) == 0.5
    assert facility([]) is None


def test_item_rest_correlation_by_hand():
    # Four students. Item scores 1,1,0,0; totals 5,4,2,1 → rest 4,3,2,1.
    # mean item 0.5, mean rest 2.5; cov = .5*1.5 + .5*.5 + (-.5)(-.5) + (-.5)(-1.5) = 2
    # spread item = sqrt(4 × .25) = 1; spread rest = sqrt(2.25+.25+.25+2.25) = sqrt(5)
    assert item_rest_correlation([1, 1, 0, 0], [5, 4, 2, 1]) == pytest.approx(2 / 5**0.5)


def test_an_item_the_weak_get_right_correlates_negatively():
    assert item_rest_correlation([0, 0, 1, 1], [4, 3, 2, 2]) < 0


def test_correlation_is_undefined_without_spread_or_with_one_student():
    assert item_rest_correlation([1, 1, 1], [3, 2, 1]) is None
    assert item_rest_correlation([1], [3]) is None
    assert item_rest_correlation([], []) is None


def test_option_counts_and_distractors_nobody_picks():
    counts = option_counts([0, 2, 2, 1, 2], 4)
    assert counts == [1, 1, 3, 0]
    assert unpicked_distractors(counts, key=2) == [3]
    assert unpicked_distractors([0, 0, 0, 0], key=2) == []  # nobody answered yet


def test_histogram_puts_full_marks_in_the_top_bin():
    assert histogram([0, 2.5, 5, 10, 10], max_score=10, bins=5) == [1, 1, 1, 0, 2]
    assert histogram([], max_score=10, bins=5) == [0, 0, 0, 0, 0]


def test_histogram_bars_scale_to_the_tallest():
    bars = histogram_bars([1, 2, 0], max_score=3, width=300, height=100)
    assert [bar.height for bar in bars] == [50, 100, 0]
    assert bars[1].y == 0 and bars[0].label == "0–1"


@pytest.mark.parametrize(
    ("facility_value", "discrimination", "level", "words"),
    [
        (None, None, "info", "還沒有人作答"),
        (0.95, 0.3, "info", "非常容易"),
        (0.1, 0.3, "warn", "非常難"),
        (0.6, -0.4, "warn", "請檢查答案"),
        (0.6, 0.05, "warn", "分不出程度好壞"),
        (0.6, 0.45, "ok", "良好"),
    ],
)
def test_hints_in_plain_words(facility_value, discrimination, level, words):
    hint = item_hint(facility_value, discrimination)
    assert hint.level == level and words in label(hint)
