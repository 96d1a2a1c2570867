"""Request and response helpers shared by every view."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that has passed through HtmxMiddleware; for type annotations only."""

    htmx: HtmxDetails
    user: User | AnonymousUser


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request a login-checking decorator has let through; for type annotations only."""

    user: User


def see_other(to: str, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
    """303 after a POST: the browser follows with a GET, so a reload never posts again.
    `to` is a URL name (with its arguments) or a URL."""
    response = HttpResponseRedirect(resolve_url(to, *args, **kwargs))
    response.status_code = 303
    return response


def wants_partial(request: HtmxHttpRequest) -> bool:
    """An htmx request for a part of a page (not htmx restoring a whole page it forgot)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def page_or_partial(
    request: HtmxHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str,
    status: int = 200,
) -> HttpResponse:
    """The whole page, or for an htmx request only the named partial of it.

    Both shapes share one URL, so every such response varies on HX-Request: a cache (or
    the browser's back button) must never hand the partial to a full-page load. Going
    back to a URL that htmx pushed and no longer has in its history cache, htmx asks
    for it again (HX-History-Restore-Request) and puts the answer in place of the whole
    body: that gets the whole page.
    """
    name = f"{template}#{partial}" if wants_partial(request) else template
    return vary_on_htmx(render(request, name, context, status=status))


def vary_on_htmx[R: HttpResponse](response: R) -> R:
    """A response whose shape depends on htmx's headers: see `page_or_partial`."""
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response
