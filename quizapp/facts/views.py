from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from quizapp.facts.forms import TimelineFilterForm
from quizapp.facts.models import Phase, Side
from quizapp.facts.selectors import (
    TimelineFilters,
    people_taking_part,
    timeline_events,
    timeline_grouped,
)
from quizapp.http import HtmxHttpRequest


@require_safe
@vary_on_headers("HX-Request")
def timeline(request: HtmxHttpRequest) -> HttpResponse:
    people = people_taking_part()
    form = TimelineFilterForm(request.GET or None, people=people)
    status = 200
    filters = TimelineFilters()
    if form.is_bound:
        if form.is_valid():
            filters = TimelineFilters(
                person=form.people_by_key.get(form.cleaned_data["person"]),
                side=form.cleaned_data["side"],
                phase=form.cleaned_data["phase"],
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
        "sides": Side.choices,
        "phase_choices": Phase.choices,
    }
    template = "facts/timeline.html#results" if request.htmx else "facts/timeline.html"
    return render(request, template, context, status=status)
