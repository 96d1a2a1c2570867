"""Fixed-window rate limits, counted atomically in the database.

A limit counts requests per key (a client address, or an address and a username) in a
window of time. The counter row is created if missing (INSERT … ON CONFLICT DO NOTHING)
and bumped with `UPDATE … SET count = count + 1`, which is atomic on PostgreSQL and on
SQLite alike, so parallel requests from many app processes never lose a count. A request
takes its place in the count before it runs (`reserve`) and gives it back if it turns out
not to count (`refund`): so parallel requests can never run past the limit. A request
that changes nothing and is counted only when it misses (a join code's page) reads the
count first (`used_up`) and takes its place only when it turns out to count.
"""

from __future__ import annotations

import hashlib
import random
import time
from typing import Any

from django.conf import settings
from django.db import connection, transaction
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


def limit_key(*parts: str) -> str:
    """One counter's key from its parts (an address, a username…), at most 64 characters:
    a longer one is hashed, so a long username cannot stretch it."""
    key = "|".join(parts)
    return key if len(key) <= 64 else hashlib.sha256(key.encode()).hexdigest()


def _rule(scope: str) -> dict[str, Any] | None:
    """The scope's limit; None where the settings give it none."""
    rule: dict[str, Any] | None = settings.RATE_LIMITS.get(scope)
    return rule


def _window(rule: dict[str, Any], now: float) -> int:
    return int(now // rule["seconds"] * rule["seconds"])


def reserve(*, scope: str, client: str, now: float | None = None) -> int | None:
    """Take a place in the client's count for this window: None when it was free, else
    (the place given back) the seconds until the window ends."""
    now = time.time() if now is None else now
    rule = _rule(scope)
    if rule is None:
        return None
    if hit(scope=scope, client=client, now=now) <= rule["requests"]:
        return None
    refund(scope=scope, client=client, now=now)
    return max(1, int(_window(rule, now) + rule["seconds"] - now))


def _used_sql() -> str:
    quote = connection.ops.quote_name
    return (
        f"SELECT {quote('count')} FROM {quote(RateCounter._meta.db_table)} "
        f"WHERE {quote('scope')} = %s AND {quote('client')} = %s AND {quote('window')} = %s"
    )


def used_up(*, scope: str, client: str, now: float | None = None) -> int | None:
    """Whether the client has used up this window's count, without counting: None when
    not, else the seconds until the window ends. One read, no write."""
    now = time.time() if now is None else now
    rule = _rule(scope)
    if rule is None:
        return None
    window = _window(rule, now)
    # Plain SQL: a class opening a set's page at once asks this on every request, and
    # building the same query through the ORM costs ten times the query itself.
    with connection.cursor() as cursor:
        cursor.execute(_used_sql(), [scope, client, window])
        row = cursor.fetchone()
    if row is None or row[0] < rule["requests"]:
        return None
    return max(1, int(window + rule["seconds"] - now))


def refund(*, scope: str, client: str, now: float | None = None) -> None:
    """Give back a place taken by a request that turned out not to count."""
    now = time.time() if now is None else now
    rule = _rule(scope)
    if rule is None:
        return
    RateCounter.objects.filter(
        scope=scope, client=client, window=_window(rule, now), count__gt=0
    ).update(count=F("count") - 1)


def hit(*, scope: str, client: str, now: float | None = None) -> int:
    """Count one request in the current window; returns the new count."""
    now = time.time() if now is None else now
    rule = _rule(scope) or {"seconds": 60}
    window = _window(rule, now)
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
