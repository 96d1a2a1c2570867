"""「待加強的史實」: what a class remembers, for its teachers (and admins) only; for anyone
else the class's URLs do not exist (404), as on the other class pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from quizapp.classes.models import SchoolClass
from quizapp.classes.selectors.memory import class_memory
from quizapp.classes.services.memory import risk_set_create
from quizapp.classes.views.teacher import own_class
from quizapp.http import AuthenticatedHttpRequest, page_or_partial, see_other
from quizapp.quizzes.views.teacher import teacher_required


def risk_page(
    request: AuthenticatedHttpRequest,
    school_class: SchoolClass,
    *,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "school_class": school_class,
        "report": class_memory(school_class=school_class, now=timezone.now()),
        "problem": problem,
    }
    return page_or_partial(
        request, "classes/risk.html", context, partial="build_set", status=status
    )


@require_safe
@teacher_required
def class_risk(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return risk_page(request, own_class(request, pk))


@require_POST
@teacher_required
def class_risk_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The facts at risk now, as a draft set of the teacher's: its page is where they look
    the questions over, publish, assign it or hand out its practice link."""
    school_class = own_class(request, pk)
    try:
        question_set = risk_set_create(
            school_class=school_class, owner=request.user, now=timezone.now()
        )
    except ValidationError as error:
        return risk_page(request, school_class, problem=" ".join(error.messages), status=400)
    messages.success(
        request,
        _(
            "已用 %(count)s 個待加強的史實出了一份題組草稿。看過題目後發布，"
            "就能指派給班級，或把「給學生練習這些史實」的連結給學生。"
        )
        % {"count": question_set.questions.count()},
    )
    if request.htmx:
        return HttpResponseClientRedirect(reverse("teacher_set", args=[question_set.pk]))
    return see_other("teacher_set", pk=question_set.pk)
