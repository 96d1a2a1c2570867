"""Views of the project itself, not of one app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial view: no database, no template. The load test's yardstick."""
    return HttpResponse("ok", content_type="text/plain")
