"""練習 and 我的進度: pages for students and guests alike (a guest is known by the
signed cookie their first practice question sets)."""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from quizapp.accounts.guests import guest_token, remember_guest
from quizapp.errors import render_error
from quizapp.http import HtmxHttpRequest, page_or_partial, see_other
from quizapp.labels import label
from quizapp.practice.models import PracticeQuestion
from quizapp.practice.progress import progress_for
from quizapp.practice.services import (
    AllDone,
    Learner,
    PracticeError,
    practice_answer,
    practice_move,
    practice_next,
    practice_question,
)
from quizapp.vocabulary import Phase


def _learner(request: HtmxHttpRequest) -> tuple[Learner, str]:
    """The student, and the guest token to remember when a new guest starts."""
    if request.user.is_authenticated:
        return Learner(user_id=request.user.pk, guest_token=""), ""
    token = guest_token(request)
    if token:
        return Learner(user_id=None, guest_token=token), ""
    new = secrets.token_urlsafe(24)
    return Learner(user_id=None, guest_token=new), new


def _keep_guest(response: HttpResponse, new_token: str) -> HttpResponse:
    if new_token:
        remember_guest(response, new_token)
    return response


def practice_url(scope: str) -> str:
    return f"{reverse('practice')}?{urlencode({'scope': scope})}"


@require_GET
def practice(request: HtmxHttpRequest) -> HttpResponse:
    """Without a scope, the choice of what to practise; with one, its next question."""
    scope = request.GET.get("scope", "")
    if not scope:
        return render(
            request,
            "practice/home.html",
            {"phases": [(phase, label(phase), practice_url(f"phase:{phase}")) for phase in Phase]},
        )
    learner, new_token = _learner(request)
    try:
        found = practice_next(learner=learner, scope=scope)
    except PracticeError as error:
        return render_error(request, status=error.status, message=error.message)
    return _keep_guest(_question_page(request, found, scope=scope), new_token)


def _question_page(
    request: HtmxHttpRequest,
    found: PracticeQuestion | AllDone,
    *,
    scope: str,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    context: dict[str, Any] = {"scope": scope, "next_url": practice_url(scope), "error": error}
    if isinstance(found, AllDone):
        context["all_done"] = found
    else:
        context["question"] = found
        context["feedback"] = _feedback(found) if found.answered_at else None
    return page_or_partial(
        request, "practice/practice.html", context, partial="practice", status=status
    )


def _feedback(question: PracticeQuestion) -> dict[str, Any]:
    answer = question.answer or []
    chosen = set(answer) if not question.is_ordering else set()
    return {
        "is_correct": question.score == 1,
        "score": question.score,
        "options": [
            {
                "text": text,
                "is_key": not question.is_ordering and index == question.key[0],
                "is_chosen": index in chosen,
            }
            for index, text in enumerate(question.options)
        ],
        "given": [question.options[index] for index in answer],
        "key_order": [question.options[index] for index in question.key],
    }


@require_POST
def practice_submit(request: HtmxHttpRequest, public_id: str) -> HttpResponse:
    """An answer, or (without JavaScript) an ordering item moved one place."""
    learner, _new = _learner(request)
    scope = ""
    try:
        question = practice_question(learner=learner, public_id=public_id)
        scope = question.scope
        order = request.POST.getlist("order")
        if move := request.POST.get("move"):
            practice_move(question=question, order=order, move=move)
            return _question_page(request, question, scope=scope)
        answered = practice_answer(
            learner=learner,
            public_id=public_id,
            choice=request.POST.get("choice", ""),
            order=order,
        )
    except PracticeError as error:
        if error.status == 400 and scope:
            return _question_page(request, question, scope=scope, status=400, error=error.message)
        return render_error(request, status=error.status, message=error.message)
    if not request.htmx:
        return see_other(reverse("practice_question", args=[answered.public_id]))
    return _question_page(request, answered, scope=scope)


@require_GET
def practice_question_page(request: HtmxHttpRequest, public_id: str) -> HttpResponse:
    """A question and, once answered, its feedback: where a no-JS answer lands (303)."""
    learner, _new = _learner(request)
    try:
        question = practice_question(learner=learner, public_id=public_id)
    except PracticeError as error:
        return render_error(request, status=error.status, message=error.message)
    return _question_page(request, question, scope=question.scope)


@require_GET
def progress(request: HtmxHttpRequest) -> HttpResponse:
    learner, _new = _learner(request)
    report = progress_for(learner=learner, now=timezone.now())
    return render(request, "practice/progress.html", {"report": report})
