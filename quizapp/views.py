"""Views of the project itself, not of one app."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial view: no database, no template, the load test's yardstick (liveness).
    `?db=1` also asks the database (readiness): a load balancer stops sending requests to
    a process that cannot reach it."""
    if request.GET.get("db"):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")
