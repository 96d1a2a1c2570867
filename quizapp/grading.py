"""Grading, in pure Python: the server's only judge of an answer (README, Grading).

Multiple choice scores 0 or 1. Ordering scores by pairs: 1 − misordered / ordered pairs
(Kendall distance), where only pairs the key strictly orders count, so items the
article leaves tied may go either way. Teachers may ask for all-or-nothing instead.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations


def grade_choice(*, chosen: Hashable | None, key: Hashable) -> float:
    return 1.0 if chosen is not None and chosen == key else 0.0


@dataclass(frozen=True)
class OrderingResult:
    score: float
    misordered_pairs: int
    ordered_pairs: int
    # Items, in the order the student gave them, that stand out of place.
    out_of_place: tuple[Hashable, ...]


def _longest_in_order(response: Sequence[Hashable], rank: Mapping[Hashable, int]) -> set[Hashable]:
    """The largest set of items the student already has in a right order (ties allowed).

    Everything else is what they moved wrongly: a single misplaced item is one item out
    of place, not every item it jumped over.
    """
    best: list[int] = []  # best[i]: length of the longest chain ending at response[i]
    previous: list[int] = []
    for i, item in enumerate(response):
        length, before = 1, -1
        for j in range(i):
            if rank[response[j]] <= rank[item] and best[j] + 1 > length:
                length, before = best[j] + 1, j
        best.append(length)
        previous.append(before)
    if not best:
        return set()
    end = max(range(len(best)), key=lambda i: (best[i], -i))
    chain = set()
    while end != -1:
        chain.add(response[end])
        end = previous[end]
    return chain


def grade_ordering(
    *,
    response: Sequence[Hashable],
    rank: Mapping[Hashable, int],
    all_or_nothing: bool = False,
) -> OrderingResult:
    """Score a response against each item's rank in time (equal ranks are ties).

    The response must be a permutation of the ranked items; callers validate that
    before grading (a malformed answer is refused, not scored).
    """
    if sorted(map(repr, response)) != sorted(map(repr, rank)):
        raise ValueError("The response must contain every item exactly once.")
    position = {item: index for index, item in enumerate(response)}
    ordered = [(a, b) for a, b in combinations(rank, 2) if rank[a] != rank[b]]
    misordered = sum(1 for a, b in ordered if (rank[a] < rank[b]) != (position[a] < position[b]))
    if not ordered:
        score = 1.0
    elif all_or_nothing:
        score = 1.0 if misordered == 0 else 0.0
    else:
        score = 1 - misordered / len(ordered)
    in_order = _longest_in_order(response, rank)
    return OrderingResult(
        score=score,
        misordered_pairs=misordered,
        ordered_pairs=len(ordered),
        out_of_place=tuple(item for item in response if item not in in_order),
    )
