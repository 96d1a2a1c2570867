"""Rate limits on views: a 429 page once a client address has used up its limit."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _

from quizapp.errors import render_error
from quizapp.limits.services import client_address, refund, reserve

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


def rate_limited(
    scope: str,
    *,
    methods: tuple[str, ...] = ("GET", "HEAD", "POST"),
    counts: Callable[[HttpResponseBase], bool] = lambda response: True,
    key: Callable[[HttpRequest], str] = by_address,
) -> Callable[[View], View]:
    """Refuse with a 429 page once this key (the client address, by default) has used up
    the scope's limit.

    `counts` says which answers use it up: for join codes and logins, only the misses —
    a class of thirty behind one school address must be able to join at once, while
    someone guessing codes or passwords is stopped. HEAD counts like GET: it asks the
    same question.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in methods:
                return view(request, *args, **kwargs)
            client = key(request)
            now = time.time()
            wait = reserve(scope=scope, client=client, now=now)
            if wait is not None:
                return too_many_requests(request, wait)
            response = view(request, *args, **kwargs)
            if not counts(response):
                refund(scope=scope, client=client, now=now)
            return response

        return wrapped

    return decorate
