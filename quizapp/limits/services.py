"""Fixed-window rate limits per client address, counted atomically in the database.

The counter row is created if missing (INSERT … ON CONFLICT DO NOTHING) and bumped with
`UPDATE … SET count = count + 1`, which is atomic on PostgreSQL and on SQLite alike, so
parallel requests from many app processes never lose a count.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

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


def _window(scope: str, now: float) -> tuple[dict, int]:
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


def too_many_requests(request: HttpRequest, seconds: int) -> HttpResponse:
    from quizapp.errors import render_error

    response = render_error(
        request,
        status=429,
        message=_("嘗試次數太多了。請等 %(seconds)s 秒後再試。") % {"seconds": seconds},
    )
    response["Retry-After"] = str(seconds)
    return response


def rate_limited(
    scope: str,
    *,
    methods: tuple[str, ...] = ("GET", "POST"),
    counts: Callable[[HttpResponse], bool] = lambda response: True,
) -> Callable:
    """Refuse with a 429 page once this client address has used up the scope's limit.

    `counts` says which answers use it up: for join codes and logins, only the misses —
    a class of thirty behind one school address must be able to join at once, while
    someone guessing codes or passwords is stopped.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method not in methods:
                return view(request, *args, **kwargs)
            client = client_address(request)
            wait = retry_after(scope=scope, client=client)
            if wait is not None:
                return too_many_requests(request, wait)
            response = view(request, *args, **kwargs)
            if counts(response):
                hit(scope=scope, client=client)
            return response

        return wrapped

    return decorate
