"""The student's side of classes: the home page with 「我的作業」, joining a class by its
link, QR code or code, and the one box on the home page that takes a set's or a
class's code."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from quizapp.classes.forms import JoinClassForm
from quizapp.classes.models import CLASS_CODE_LENGTH
from quizapp.classes.selectors.classes import (
    class_by_code,
    homework_window,
    is_member,
    student_homework,
)
from quizapp.classes.services.classes import class_join
from quizapp.errors import render_error
from quizapp.http import HtmxHttpRequest, see_other
from quizapp.limits.decorators import rate_limited
from quizapp.quizzes.selectors.student import (
    normalise_join_code,
    set_by_join_code,
    set_shown_by_join_code,
)
from quizapp.quizzes.services.attempts import attempts_expire_due
from quizapp.quizzes.views import student as quiz_views
from quizapp.quizzes.views.student import a_miss, join_set, render_home
from quizapp.quizzes.views.teacher import add_errors


# The home page lists this browser's attempts: never kept by a shared computer's cache.
@require_safe
@cache_control(private=True, no_store=True)
def home(request: HtmxHttpRequest) -> HttpResponse:
    return render_home(request, extra=home_extra(request))


def home_extra(request: HtmxHttpRequest) -> dict[str, Any]:
    """What classes add to the home page: the student's homework."""
    if not request.user.is_authenticated:
        return {"homework": []}
    # Homework past its close time shows its score, not an attempt that looks open.
    attempts_expire_due(user=request.user)
    return {"homework": student_homework(user=request.user)}


@require_safe
@cache_control(private=True, no_store=True)
@rate_limited("join", counts=a_miss)
def join(request: HtmxHttpRequest) -> HttpResponse:
    """A code typed on the home page: a class's (seven characters) or a set's (eight)."""
    typed = request.GET.get("code", "")
    code = normalise_join_code(typed)
    if len(code) == CLASS_CODE_LENGTH and class_by_code(code=code) is not None:
        return redirect("class_join", code=code)
    # A typo keeps the student's homework on the page it shows.
    return join_set(request, typed=typed, code=code, extra=home_extra(request))


def a_missing_class(response: HttpResponseBase) -> bool:
    """Only an unknown code counts: a name typed wrong is no guess."""
    return response.status_code == 404


@require_http_methods(["GET", "HEAD", "POST"])
@cache_control(private=True, no_store=True)
@rate_limited("join", counts=a_missing_class)
def class_join_view(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The class's link and QR code lead here: log in (or sign up), give the name the
    teacher will read, and the class's homework is on the home page."""
    school_class = class_by_code(code=normalise_join_code(code))
    if school_class is None:
        return render_error(request, status=404, message=_("找不到這個班級，或它已經不收新同學。"))
    here = reverse("class_join", args=[school_class.join_code])
    user = request.user
    if not user.is_authenticated:
        return render(request, "classes/join.html", {"school_class": school_class, "next": here})
    if is_member(user=user, school_class=school_class):
        return redirect("home")
    form = JoinClassForm(
        # The name the teacher will read: never the username offered in its place.
        request.POST or None,
        initial={"name": user.get_full_name()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            class_join(school_class=school_class, student=user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("已加入「%(name)s」。作業會列在這裡。") % {"name": school_class.name}
            )
            return see_other("home")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "classes/join.html", {"school_class": school_class, "form": form}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
def set_start(request: HtmxHttpRequest, code: str) -> HttpResponseBase:
    """A set's start page, held to the class's times when it is the student's homework:
    it says the class's close time, by which an attempt ends; before the open time and
    after the close time it says why the student cannot start."""
    code = normalise_join_code(code)
    # Showing the page reads the set from the cache; starting reads it afresh.
    lookup = set_by_join_code if request.method == "POST" else set_shown_by_join_code
    question_set = lookup(code)
    if question_set is None:
        return quiz_views.set_start(request, code)
    window = homework_window(user=request.user, question_set=question_set)
    closed = window.closed
    held = ""
    if closed is not None and closed.not_yet_open():
        assert closed.opens_at is not None
        when = date_format(timezone.localtime(closed.opens_at), "Y-m-d H:i")
        held = _("這份作業 %(when)s 才開放。") % {"when": when}
    elif closed is not None:
        held = _("這份作業已經截止，不能再開始作答。")
    return quiz_views.set_start(request, code, due_by=window.due_by, held=held, found=question_set)
