"""Rate limits on views: a 429 page once a client address has used up its limit."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _

from quizapp.errors import render_error
from quizapp.limits.services import client_address, refund, reserve, used_up

View = Callable[..., HttpResponseBase]


def too_many_requests(request: HttpRequest, seconds: int) -> HttpResponse:
    response = render_error(
        request,
        status=429,
        message=_("嘗試次數太多了。請等 %(seconds)s 秒後再試。") % {"seconds": seconds},
    )
    response["Retry-After"] = str(seconds)
    return response


def by_address(request: HttpRequest) -> str:
    return client_address(request)


def every_answer(response: HttpResponseBase) -> bool:
    return True


def rate_limited(
    scope: str,
    *,
    methods: tuple[str, ...] = ("GET", "HEAD", "POST"),
    counts: Callable[[HttpResponseBase], bool] = every_answer,
    key: Callable[[HttpRequest], str] = by_address,
) -> Callable[[View], View]:
    """Refuse with a 429 page once this key (the client address, by default) has used up
    the scope's limit.

    `counts` says which answers use it up: for join codes and logins, only the misses —
    a class of thirty behind one school address must be able to join at once, while
    someone guessing codes or passwords is stopped. HEAD counts like GET: it asks the
    same question.

    A GET (or HEAD) that only some answers count (a join code that finds nothing) reads
    the count instead of taking a place in it: a class opening a found set's page at
    once then writes nothing. Such a request changes nothing, so a miss past the limit
    may run; it is counted atomically before its answer is shown, and its answer is
    withheld (429) when it went past. A request that writes takes its place first.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in methods:
                return view(request, *args, **kwargs)
            client = key(request)
            now = time.time()
            if counts is not every_answer and request.method in ("GET", "HEAD"):
                return read_then_count(request, view, args, kwargs, client=client, now=now)
            wait = reserve(scope=scope, client=client, now=now)
            if wait is not None:
                return too_many_requests(request, wait)
            response = view(request, *args, **kwargs)
            if not counts(response):
                refund(scope=scope, client=client, now=now)
            return response

        def read_then_count(
            request: HttpRequest,
            view: View,
            args: tuple[Any, ...],
            kwargs: dict[str, Any],
            *,
            client: str,
            now: float,
        ) -> HttpResponseBase:
            wait = used_up(scope=scope, client=client, now=now)
            if wait is not None:
                return too_many_requests(request, wait)
            response = view(request, *args, **kwargs)
            if counts(response):
                wait = reserve(scope=scope, client=client, now=now)
                if wait is not None:
                    return too_many_requests(request, wait)
            return response

        return wrapped

    return decorate
