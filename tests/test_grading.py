"""Grading: multiple choice 0/1, ordering by pairs with ties allowed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.grading import grade_choice, grade_ordering


def strict(key: str) -> dict[str, int]:
    return {item: rank for rank, item in enumerate(key)}


def test_multiple_choice_scores_one_for_the_key_and_zero_otherwise():
    assert grade_choice(chosen="b", key="b") == 1.0
    assert grade_choice(chosen="a", key="b") == 0.0
    assert grade_choice(chosen=None, key="b") == 0.0


@pytest.mark.parametrize(
    ("response", "score", "out_of_place"),
    [
        # Figures from research/question-generation.md §2 (key ABCDE, Kendall column).
        ("ABCDE", 1.0, ""),
        ("BCDEA", 0.6, "A"),
        ("BACDE", 0.9, "A"),
        ("ABDCE", 0.9, "C"),
        ("EDCBA", 0.0, "DCBA"),
    ],
)
def test_ordering_scores_by_pairs_and_names_what_is_out_of_place(response, score, out_of_place):
    result = grade_ordering(response=list(response), rank=strict("ABCDE"))
    assert result.score == pytest.approx(score)
    assert "".join(result.out_of_place) == out_of_place


def test_all_or_nothing_gives_no_partial_credit():
    assert (
        grade_ordering(response=list("ABDCE"), rank=strict("ABCDE"), all_or_nothing=True).score == 0
    )
    assert (
        grade_ordering(response=list("ABCDE"), rank=strict("ABCDE"), all_or_nothing=True).score == 1
    )


def test_tied_items_may_stand_either_way():
    rank = {"A": 0, "B": 1, "C": 1, "D": 2}  # B and C: the article gives them no order
    assert grade_ordering(response=list("ACBD"), rank=rank).score == 1.0
    assert grade_ordering(response=list("ABCD"), rank=rank).score == 1.0
    assert grade_ordering(response=list("ACBD"), rank=rank).out_of_place == ()


def test_a_malformed_response_is_refused_not_scored():
    with pytest.raises(ValueError):
        grade_ordering(response=list("ABCA"), rank=strict("ABCD"))
    with pytest.raises(ValueError):
        grade_ordering(response=list("ABC"), rank=strict("ABCD"))


@st.composite
def ranked_items(draw):
    size = draw(st.integers(min_value=2, max_value=7))
    items = [f"item{i}" for i in range(size)]
    ranks = draw(st.lists(st.integers(0, size), min_size=size, max_size=size))
    return dict(zip(items, ranks, strict=True))


@given(ranked_items(), st.randoms(use_true_random=False), st.booleans())
def test_scores_stay_between_zero_and_one(rank, rng, all_or_nothing):
    response = list(rank)
    rng.shuffle(response)
    result = grade_ordering(response=response, rank=rank, all_or_nothing=all_or_nothing)
    assert 0.0 <= result.score <= 1.0
    assert result.misordered_pairs <= result.ordered_pairs


@given(ranked_items())
def test_any_order_that_respects_the_key_scores_one(rank):
    response = sorted(rank, key=lambda item: (rank[item], item))
    assert grade_ordering(response=response, rank=rank).score == 1.0
    tie_broken_the_other_way = sorted(rank, key=lambda item: (rank[item], [-ord(c) for c in item]))
    assert grade_ordering(response=tie_broken_the_other_way, rank=rank).score == 1.0


@given(st.integers(min_value=2, max_value=8))
def test_a_fully_reversed_strict_order_scores_zero(size):
    items = [f"e{i}" for i in range(size)]
    result = grade_ordering(response=items[::-1], rank=strict(items))
    assert result.score == 0.0
    assert result.misordered_pairs == result.ordered_pairs == size * (size - 1) // 2
