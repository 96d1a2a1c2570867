from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from quizapp.errors import render_error
from quizapp.facts.selectors import fact_base_counts
from quizapp.http import HtmxHttpRequest
from quizapp.limits.services import rate_limited
from quizapp.quizzes.answers import (
    MAX_ANSWER_BODY,
    apply_move,
    order_as_indices,
    read_choice,
    read_order,
    read_seq,
)
from quizapp.quizzes.guests import guest_token, remember_guest
from quizapp.quizzes.models import Attempt, FeedbackMode, Question
from quizapp.quizzes.selectors import (
    QuestionScreen,
    attempt_for_owner,
    attempt_in_progress,
    attempt_review,
    attempt_screen,
    open_sets,
    past_attempts,
    set_by_join_code,
)
from quizapp.quizzes.services import (
    AttemptClosed,
    InvalidAnswer,
    QuizError,
    StaleSubmission,
    attempt_advance,
    attempt_expire_if_due,
    attempt_finish,
    attempt_start,
    normalise_join_code,
    response_submit,
)


@require_safe
def healthz(request: HtmxHttpRequest) -> HttpResponse:
    """A trivial view: no database, no template. The load test's yardstick."""
    return HttpResponse("ok", content_type="text/plain")


def render_home(
    request: HtmxHttpRequest, *, status: int = 200, join_error: str = "", join_code: str = ""
) -> HttpResponse:
    context = {
        "sets": open_sets(),
        "attempts": past_attempts(user=request.user, guest_token=guest_token(request)),
        "counts": fact_base_counts(),
        "join_error": join_error,
        "join_code": join_code,
    }
    return render(request, "quizzes/home.html", context, status=status)


@require_safe
def home(request: HtmxHttpRequest) -> HttpResponse:
    return render_home(request)


@require_safe
@rate_limited("join", counts=lambda response: response.status_code in (400, 404))
def join(request: HtmxHttpRequest) -> HttpResponse:
    typed = request.GET.get("code", "")
    code = normalise_join_code(typed)
    question_set = set_by_join_code(code) if code else None
    if question_set is None:
        message = (
            _("請輸入老師給你的加入代碼。")
            if not code
            else _("找不到代碼「%(code)s」的題組。請檢查是否輸入正確，或向老師確認。")
            % {"code": typed.strip()[:20]}
        )
        return render_home(
            request, status=400 if not code else 404, join_error=message, join_code=typed[:20]
        )
    return redirect("set_start", code=question_set.join_code)


@require_http_methods(["GET", "POST"])
@rate_limited("join", counts=lambda response: response.status_code == 404)
def set_start(request: HtmxHttpRequest, code: str) -> HttpResponse:
    question_set = set_by_join_code(normalise_join_code(code))
    if question_set is None:
        return render_error(
            request,
            status=404,
            message=_("找不到這個題組，或它已經不開放作答。"),
        )
    token = guest_token(request)

    def start_page(status: int = 200, **extra: str) -> HttpResponse:
        # Built only when shown: a successful start (a whole class at once) skips it.
        context = {
            "question_set": question_set,
            "question_count": question_set.questions.filter(is_active=True).count(),
            "ongoing": attempt_in_progress(
                question_set=question_set, user=request.user, guest_token=token
            ),
            "display_name": request.POST.get("display_name", ""),
            **extra,
        }
        return render(request, "quizzes/start.html", context, status=status)

    if request.method == "GET":
        return start_page()
    if request.user.is_authenticated:
        display_name = request.user.get_username()
    else:
        display_name = " ".join(request.POST.get("display_name", "").split())
        if not 1 <= len(display_name) <= 40:
            return start_page(400, name_error=_("請輸入 1 到 40 個字的名稱，讓老師認得你。"))
    token = token or secrets.token_urlsafe(24)
    try:
        attempt = attempt_start(
            question_set=question_set,
            user=request.user,
            guest_token=token,
            display_name=display_name,
        )
    except QuizError as error:
        return start_page(error.status, start_error=error.message)
    response = redirect("attempt_page", public_id=attempt.public_id)
    response.status_code = 303
    if not request.user.is_authenticated:
        remember_guest(response, token)
    return response


def owned_attempt(request: HtmxHttpRequest, public_id) -> Attempt:
    """This browser's attempt, or 404: someone else's attempt does not exist for you."""
    attempt = attempt_for_owner(
        public_id=public_id, user=request.user, guest_token=guest_token(request)
    )
    if attempt is None:
        raise Http404(_("找不到這次作答。"))
    if not attempt.is_finished and attempt.current_index >= len(attempt.layout):
        # Past its last question but open: finish it rather than fail (older data).
        attempt = attempt_finish(attempt=attempt)
    return attempt


def render_question(
    request: HtmxHttpRequest,
    attempt: Attempt,
    *,
    status: int = 200,
    error: str = "",
    arrangement: list[str] | None = None,
    needs_confirm: bool = False,
    moved: str = "",
    announce: str = "",
    screen: QuestionScreen | None = None,
) -> HttpResponse:
    screen = screen or attempt_screen(attempt=attempt)
    options = screen.options
    if arrangement is not None:
        by_id = {option.id: option for option in options}
        options = [by_id[opaque] for opaque in arrangement]
    context = {
        "attempt": attempt,
        "screen": screen,
        "options": options,
        "error": error,
        "needs_confirm": needs_confirm,
        "moved": moved,
        "announce": announce,
    }
    template = "quizzes/attempt.html#quiz" if request.htmx else "quizzes/attempt.html"
    return render(request, template, context, status=status)


def go_to(request: HtmxHttpRequest, url: str) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(url)
    response = redirect(url)
    response.status_code = 303
    return response


@require_safe
@cache_control(private=True, no_store=True)
def attempt_page(request: HtmxHttpRequest, public_id) -> HttpResponse:
    attempt = owned_attempt(request, public_id)
    if attempt_expire_if_due(attempt=attempt):
        messages.warning(request, _("作答時間已到，這次作答已經結束。"))
    if attempt.is_finished:
        return redirect("attempt_results", public_id=attempt.public_id)
    return render_question(request, attempt)


def check_still_open(attempt: Attempt) -> None:
    if attempt_expire_if_due(attempt=attempt) or attempt.is_finished:
        raise AttemptClosed(_("這次作答已經結束，不能再更改。"))


def too_big(request: HtmxHttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_ANSWER_BODY
    except ValueError:
        return True


def refuse(request: HtmxHttpRequest, attempt: Attempt, error: QuizError) -> HttpResponse:
    """Answer a refused post with the current state and the reason; nothing was stored."""
    attempt.refresh_from_db()
    if attempt.is_finished and request.htmx:
        messages.error(request, error.message)
        return HttpResponseClientRedirect(reverse("attempt_results", args=[attempt.public_id]))
    if attempt.is_finished:
        return render_error(
            request,
            status=error.status,
            message=error.message,
            back_url=reverse("attempt_results", args=[attempt.public_id]),
            back_label=_("看作答結果"),
        )
    return render_question(request, attempt, status=error.status, error=error.message)


@require_POST
@cache_control(private=True, no_store=True)
def attempt_answer(request: HtmxHttpRequest, public_id) -> HttpResponse:
    attempt = owned_attempt(request, public_id)
    if too_big(request):
        return refuse(request, attempt, InvalidAnswer(_("送出的資料太大，沒有儲存。")))
    if "move" in request.POST:
        return arrange(request, attempt)
    try:
        seq = read_seq(request.POST)
        if seq != attempt.seq:
            raise StaleSubmission(_("這一題已經作答過，或頁面已過期；以下是目前的題目。"))
        slot = attempt.layout[attempt.current_index]
        question = Question.objects.get(pk=slot["question"])
        if question.is_ordering:
            order = read_order(request.POST, slot)
            if order == slot["ids"] and not request.POST.get("confirm"):
                # An untouched start order is an answer only if the student says so.
                return render_question(request, attempt, arrangement=order, needs_confirm=True)
            answer = order_as_indices(order, slot)
        else:
            answer = read_choice(request.POST, slot)
        submitted = response_submit(attempt=attempt, question=question, seq=seq, answer=answer)
    except QuizError as error:
        return refuse(request, attempt, error)
    if submitted.finished:
        return go_to(request, reverse("attempt_results", args=[attempt.public_id]))
    if request.htmx:
        announce = ""
        # Right or wrong may be said only when the set shows feedback now.
        if attempt.question_set.feedback_mode == FeedbackMode.IMMEDIATE:
            announce = _("答對了。") if submitted.response.is_correct else _("答錯了。")
        # The answered question and its response are in hand: no need to read them back.
        screen = attempt_screen(
            attempt=attempt, question=question, response=submitted.response, response_known=True
        )
        return render_question(request, attempt, announce=announce, screen=screen)
    return go_to(request, reverse("attempt_page", args=[attempt.public_id]))


def arrange(request: HtmxHttpRequest, attempt: Attempt) -> HttpResponse:
    """Move one ordering item up or down (the 上移/下移 buttons). Nothing is stored: the
    arrangement travels in the form until the student sends it as the answer."""
    try:
        check_still_open(attempt)
        if read_seq(request.POST) != attempt.seq:
            raise StaleSubmission(_("頁面已過期；以下是目前的題目。"))
        slot = attempt.layout[attempt.current_index]
        order, moved = apply_move(read_order(request.POST, slot), request.POST.get("move", ""))
    except QuizError as error:
        return refuse(request, attempt, error)
    screen = attempt_screen(attempt=attempt)
    item = moved.split("-", 1)[1]
    text = next(option.text for option in screen.options if option.id == item)
    announce = _("「%(text)s」移到第 %(position)s 項。") % {
        "text": text,
        "position": order.index(item) + 1,
    }
    return render_question(
        request, attempt, arrangement=order, moved=moved, announce=announce, screen=screen
    )


@require_POST
@cache_control(private=True, no_store=True)
def attempt_next(request: HtmxHttpRequest, public_id) -> HttpResponse:
    attempt = owned_attempt(request, public_id)
    try:
        attempt = attempt_advance(attempt=attempt, seq=read_seq(request.POST))
    except QuizError as error:
        return refuse(request, attempt, error)
    if attempt.is_finished:
        return go_to(request, reverse("attempt_results", args=[attempt.public_id]))
    if request.htmx:
        return render_question(request, attempt)
    return go_to(request, reverse("attempt_page", args=[attempt.public_id]))


@require_safe
@cache_control(private=True, no_store=True)
def attempt_results(request: HtmxHttpRequest, public_id) -> HttpResponse:
    attempt = owned_attempt(request, public_id)
    attempt_expire_if_due(attempt=attempt)
    if not attempt.is_finished:
        return render_error(
            request,
            status=409,
            message=_("這次作答還沒完成；完成後才能看答案和解說。"),
            back_url=reverse("attempt_page", args=[attempt.public_id]),
            back_label=_("回到作答"),
        )
    return render(
        request,
        "quizzes/results.html",
        {"attempt": attempt, "items": attempt_review(attempt=attempt)},
    )
