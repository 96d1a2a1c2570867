from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from quizapp.facts.forms import TimelineFilterForm
from quizapp.facts.selectors import (
    TimelineFilters,
    people_taking_part,
    timeline_events,
    timeline_grouped,
)
from quizapp.http import HtmxHttpRequest, page_or_partial
from quizapp.labels import choices
from quizapp.vocabulary import Phase, Side


@require_safe
def timeline(request: HtmxHttpRequest) -> HttpResponse:
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
    return page_or_partial(
        request, "facts/timeline.html", context, partial="results", status=status
    )
