from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from quizapp import versions
from quizapp.facts.forms import TimelineFilterForm
from quizapp.facts.selectors import (
    TimelineFilters,
    people_taking_part,
    timeline_events,
    timeline_grouped,
)
from quizapp.http import HtmxHttpRequest, wants_partial
from quizapp.labels import choices
from quizapp.vocabulary import Phase, Side

TEMPLATE = "facts/timeline.html"
FILTER_FIELDS = ("person", "side", "phase")


@dataclass(frozen=True)
class Shown:
    status: int
    html: str


@require_safe
def timeline(request: HtmxHttpRequest) -> HttpResponse:
    """The timeline is the same for everyone who asks for the same filters: its list is
    built once per version of the facts (a class opening it at once waits for one
    build), and only the page around it (this visitor's header) is rendered each time."""
    partial = wants_partial(request)
    shown = versions.cached(
        sources=(versions.FACTS,),
        key=(
            "timeline",
            get_language(),
            # The list differs for an htmx request (the summary comes out of band), a
            # history restore included, and between a bound form and an unbound one.
            "partial" if partial else "page",
            "htmx" if request.htmx else "",
            "bound" if request.GET else "",
            *(request.GET.get(name, "") for name in FILTER_FIELDS),
        ),
        build=lambda: timeline_list(request, partial=partial),
        # A refused filter is not kept: only valid filters (a bounded set) take room.
        keep=lambda shown: shown.status == 200,
    )
    if partial:
        response = HttpResponse(shown.html, status=shown.status)
    else:
        context = {"timeline_content": mark_safe(shown.html)}
        response = render(request, TEMPLATE, context, status=shown.status)
    # Both shapes share one URL (see quizapp.http.page_or_partial).
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


def timeline_list(request: HtmxHttpRequest, *, partial: bool) -> Shown:
    people = people_taking_part()
    form = TimelineFilterForm(request.GET or None, people=people)
    status = 200
    filters = TimelineFilters()
    if form.is_bound:
        if form.is_valid():
            filters = TimelineFilters(
                person=form.people_by_key.get(form.cleaned_data["person"]),
                side=Side(form.cleaned_data["side"]) if form.cleaned_data["side"] else None,
                phase=Phase(form.cleaned_data["phase"]) if form.cleaned_data["phase"] else None,
            )
        else:
            # A hand-edited or stale link: say which filter is wrong and show everything.
            status = 400
    events = timeline_events(filters=filters)
    context = {
        "form": form,
        "filters": filters,
        "phases": timeline_grouped(events),
        "event_count": len(events),
        "phase_choices": choices(Phase),
    }
    name = f"{TEMPLATE}#results" if partial else f"{TEMPLATE}#content"
    return Shown(status=status, html=render_to_string(name, context, request))
