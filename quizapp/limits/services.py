"""Fixed-window rate limits per client address, counted atomically in the database.

The counter row is created if missing (INSERT … ON CONFLICT DO NOTHING) and bumped with
`UPDATE … SET count = count + 1`, which is atomic on PostgreSQL and on SQLite alike, so
parallel requests from many app processes never lose a count.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from quizapp.limits.models import RateCounter


def client_address(request: HttpRequest) -> str:
    """The client's address: the socket's, or the one the trusted proxies report."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "unknown")[:64]


def _window(scope: str, now: float) -> tuple[dict[str, Any], int]:
    rule = settings.RATE_LIMITS[scope]
    return rule, int(now // rule["seconds"] * rule["seconds"])


def retry_after(*, scope: str, client: str, now: float | None = None) -> int | None:
    """None while the client is under the limit, else the seconds until the window ends."""
    now = time.time() if now is None else now
    rule, window = _window(scope, now)
    count = (
        RateCounter.objects.filter(scope=scope, client=client, window=window)
        .values_list("count", flat=True)
        .first()
        or 0
    )
    if count >= rule["requests"]:
        return max(1, int(window + rule["seconds"] - now))
    return None


def hit(*, scope: str, client: str, now: float | None = None) -> int:
    """Count one request in the current window; returns the new count."""
    now = time.time() if now is None else now
    _rule, window = _window(scope, now)
    with transaction.atomic():
        RateCounter.objects.bulk_create(
            [RateCounter(scope=scope, client=client, window=window, count=0)],
            ignore_conflicts=True,
        )
        RateCounter.objects.filter(scope=scope, client=client, window=window).update(
            count=F("count") + 1
        )
        count = RateCounter.objects.values_list("count", flat=True).get(
            scope=scope, client=client, window=window
        )
    if random.random() < 0.01:
        # Now and then, forget windows older than an hour.
        RateCounter.objects.filter(window__lt=now - 3600).delete()
    return count
