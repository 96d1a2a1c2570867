"""The one scheduler: py-fsrs with FSRS-6's default parameters.

Desired retention 0.9, as FSRS recommends; no interval longer than a school term
(MAXIMUM_INTERVAL_DAYS), so a fact learned in September comes back before the term's
test; no fuzzing, so the same answers give the same schedule (tests, and a teacher
comparing two students).
"""

from __future__ import annotations

import datetime
from typing import Any

from fsrs import Card, Rating, Scheduler, State

DESIRED_RETENTION = 0.9
MAXIMUM_INTERVAL_DAYS = 120
# Known: recall probability at least this now (README, Practice: 「已記住」).
KNOWN_AT = 0.9

SCHEDULER = Scheduler(
    desired_retention=DESIRED_RETENTION,
    maximum_interval=MAXIMUM_INTERVAL_DAYS,
    enable_fuzzing=False,
)


def reviewed(card: dict[str, Any] | None, *, rating: int, now: datetime.datetime) -> Card:
    """The card after one more answer; a unit never answered starts as a new card."""
    # A new card is given its id (py-fsrs's own form, epoch milliseconds): left to pick
    # one itself, py-fsrs sleeps a millisecond so the next id differs, and here that
    # sleep would hold the answer's transaction (SQLite's one write lock). Nothing here
    # reads the id.
    current = (
        Card.from_dict(card)  # type: ignore[arg-type]
        if card
        else Card(card_id=int(now.timestamp() * 1000), due=now)
    )
    updated, _log = SCHEDULER.review_card(current, Rating(rating), review_datetime=now)
    return updated


def recall_probability(card: dict[str, Any], *, now: datetime.datetime) -> float:
    """The chance the student recalls the unit now (0 for one never reviewed).

    FSRS's forgetting curve with the scheduler's own decay, over the time since the last
    review in fractional days: py-fsrs's get_card_retrievability counts whole days, so
    an answer missed an hour ago would still read as certain recall.
    """
    if not card or not card.get("last_review") or not card.get("stability"):
        return 0.0
    last = datetime.datetime.fromisoformat(card["last_review"])
    return recall_from(stability=card["stability"], last_review=last, now=now)


_DECAY = -SCHEDULER.parameters[20]
_FACTOR = 0.9 ** (1 / _DECAY) - 1


def recall_from(
    *, stability: float, last_review: datetime.datetime | None, now: datetime.datetime
) -> float:
    """The same, from the columns a memory row keeps beside its card (no JSON to read)."""
    if last_review is None or not stability:
        return 0.0
    elapsed = max(0.0, (now - last_review).total_seconds() / 86_400)
    return float((1 + _FACTOR * elapsed / stability) ** _DECAY)


def is_known(card: dict[str, Any], *, now: datetime.datetime) -> bool:
    """Known: out of (re)learning, and recalled now with at least KNOWN_AT probability."""
    return card.get("state") == State.Review and recall_probability(card, now=now) >= KNOWN_AT
