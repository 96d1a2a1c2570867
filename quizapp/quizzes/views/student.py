"""The student's screens: home, join, start, one question at a time, results.

Every page works without JavaScript (real links and form actions); under htmx only the
question region is swapped. Views parse the request, call a service or selector and
render; the rules live in services.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from quizapp import versions
from quizapp.accounts.guests import guest_token, remember_guest
from quizapp.errors import render_error
from quizapp.facts.selectors import fact_base_counts
from quizapp.http import HtmxHttpRequest, page_or_partial, see_other, vary_on_htmx, wants_partial
from quizapp.limits.decorators import rate_limited
from quizapp.quizzes.exceptions import (
    AccountRequired,
    AttemptClosed,
    InvalidAnswer,
    InvalidDisplayName,
    NoAttemptsLeft,
    QuizError,
    SetNotOpen,
    StaleSubmission,
    UnconfirmedStartOrder,
)
from quizapp.quizzes.models import Attempt, QuestionSet
from quizapp.quizzes.selectors.student import (
    QuestionScreen,
    active_question_count,
    attempt_for_owner,
    attempt_in_progress,
    attempt_review,
    attempt_screen,
    attempts_used,
    correct_count,
    current_question,
    finished_attempts,
    move_button_id,
    normalise_join_code,
    past_attempts,
    public_sets,
    retake_allowed,
    set_by_join_code,
)
from quizapp.quizzes.services.attempts import (
    attempt_advance,
    attempt_check_open,
    attempt_check_seq,
    attempt_expire_if_due,
    attempt_finish,
    attempt_start,
    response_submit,
)
from quizapp.quizzes.views.answer_post import (
    apply_move,
    read_choice,
    read_move,
    read_order,
    read_seq,
    too_big,
)
from quizapp.quizzes.views.prerendered import (
    fits_question_form,
    question_fieldset,
    question_form,
)

# How far a browser's clock may run ahead when its countdown says time is up.
CLOCK_SKEW = datetime.timedelta(seconds=5)

# How each refusal answers over HTTP; the services only say why.
REFUSAL_STATUS: dict[type[QuizError], int] = {
    SetNotOpen: 403,
    NoAttemptsLeft: 403,
    StaleSubmission: 409,
    AttemptClosed: 409,
    InvalidAnswer: 400,
    InvalidDisplayName: 400,
    AccountRequired: 403,
}


def refusal_status(error: QuizError) -> int:
    return next(
        (REFUSAL_STATUS[kind] for kind in type(error).__mro__ if kind in REFUSAL_STATUS), 400
    )


def render_home(
    request: HtmxHttpRequest,
    *,
    status: int = 200,
    join_error: str = "",
    join_code: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The home page; `extra` is what the layers above add to it (a student's homework).

    The hero and the list of sets are the same for everyone (but a join error): they
    are rendered without the request, so nothing of this visitor's can get into them,
    and kept by the versions of what they show; the sets that are open now are part of
    the key, since opening and closing times pass without a write."""
    sets = public_sets()
    language = get_language()
    hero_html = ""
    if not join_error and not join_code:
        hero_html = versions.cached(
            sources=(versions.FACTS,),
            key=("home-hero", language),
            build=lambda: render_to_string(
                "student/home.html#hero", {"counts": fact_base_counts()}
            ),
        )
    sets_html = versions.cached(
        sources=(versions.SETS, versions.FACTS),
        key=("home-sets", language, *(str(question_set.pk) for question_set in sets)),
        build=lambda: render_to_string("student/home.html#sets", {"sets": sets}),
    )
    context = {
        **(extra or {}),
        "hero_html": mark_safe(hero_html),
        "sets_html": mark_safe(sets_html),
        "attempts": past_attempts(user=request.user, guest_token=guest_token(request)),
        "counts": {} if hero_html else fact_base_counts(),
        "join_error": join_error,
        "join_code": join_code,
    }
    return render(request, "student/home.html", context, status=status)


def a_miss(response: HttpResponseBase) -> bool:
    """A join-code look-up that found nothing: what a guesser's requests look like."""
    return response.status_code in (400, 404)


def join_set(
    request: HtmxHttpRequest, *, typed: str, code: str, extra: dict[str, Any] | None = None
) -> HttpResponse:
    """The set a join code names, or the home page saying why not. Rate limiting is the
    caller's: the home page's box also takes class codes, and one look-up is one count."""
    question_set = set_by_join_code(code) if code else None
    if question_set is None:
        message = (
            _("請輸入老師給你的加入代碼。")
            if not code
            else _("找不到代碼「%(code)s」的題組或班級。請檢查是否輸入正確，或向老師確認。")
            % {"code": typed.strip()[:20]}
        )
        return render_home(
            request,
            status=400 if not code else 404,
            join_error=message,
            join_code=typed[:20],
            extra=extra,
        )
    return redirect("set_start", code=question_set.join_code)


def render_start(
    request: HtmxHttpRequest,
    question_set: QuestionSet,
    *,
    guest_token: str,
    preview: bool = False,
    status: int = 200,
    start_error: str = "",
    name_error: str = "",
    due_by: datetime.datetime | None = None,
    held: str = "",
) -> HttpResponse:
    """The set's start page: what a student is told before starting, their attempt in
    progress and earlier reviews. A teacher's `preview` shows it as a student new to the
    set sees it, with their own previews in place of attempts. `due_by` and `held` come
    from the layers above: a class's close time for this student, or why they cannot
    start now (their class's homework not open yet, or closed)."""
    used = (
        0
        if preview
        else attempts_used(question_set=question_set, user=request.user, guest_token=guest_token)
    )
    attempts_left = (
        max(0, question_set.attempts_allowed - used) if question_set.attempts_allowed else None
    )
    # What the set is, rendered without the request (nothing of this visitor's can get
    # in) and kept by the sets' version: a class opening the page at once renders it once.
    about_html = versions.cached(
        sources=(versions.SETS,),
        key=(
            "start-about",
            get_language(),
            str(question_set.pk),
            str(due_by.timestamp()) if due_by else "",
            str(attempts_left),
        ),
        build=lambda: render_to_string(
            "student/start.html#about",
            {
                "question_set": question_set,
                "question_count": active_question_count(question_set=question_set),
                "due_by": due_by,
                "attempts_left": attempts_left,
            },
        ),
    )
    context = {
        "question_set": question_set,
        "about_html": mark_safe(about_html),
        "preview": preview,
        "ongoing": attempt_in_progress(
            question_set=question_set, user=request.user, guest_token=guest_token, preview=preview
        ),
        "used": used,
        "attempts_left": attempts_left,
        "earlier": finished_attempts(
            question_set=question_set, user=request.user, guest_token=guest_token, preview=preview
        ),
        "display_name": request.POST.get("display_name", ""),
        "start_error": start_error,
        "name_error": name_error,
        "due_by": due_by,
        "held": held,
    }
    return render(request, "student/start.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@cache_control(private=True, no_store=True)
@rate_limited("join", counts=a_miss)
@rate_limited("start", methods=("POST",), counts=lambda response: response.status_code == 303)
def set_start(
    request: HtmxHttpRequest,
    code: str,
    *,
    due_by: datetime.datetime | None = None,
    held: str = "",
    found: QuestionSet | None = None,
) -> HttpResponse:
    """The start page, and starting. From the layers above (a class's homework): `due_by`,
    a close time by which the attempt ends; `held`, why this student cannot start now;
    `found`, the set they looked the code up to, not looked up twice on a class's rush."""
    question_set = found or set_by_join_code(normalise_join_code(code))
    if question_set is None:
        return render_error(
            request,
            status=404,
            message=_("找不到這個題組，或它已經不開放作答。"),
        )
    token = guest_token(request)

    def start_page(status: int = 200, start_error: str = "", name_error: str = "") -> HttpResponse:
        # Built only when shown: a successful start (a whole class at once) skips it.
        return render_start(
            request,
            question_set,
            guest_token=token,
            status=status,
            start_error=start_error,
            name_error=name_error,
            due_by=due_by,
            held=held,
        )

    if request.method != "POST":
        return start_page()
    if held:
        return start_page(403)
    token = token or secrets.token_urlsafe(24)
    try:
        attempt = attempt_start(
            question_set=question_set,
            user=request.user,
            guest_token=token,
            display_name=request.POST.get("display_name", ""),
            due_by=due_by,
        )
    except InvalidDisplayName as error:
        return start_page(refusal_status(error), name_error=error.message)
    except QuizError as error:
        return start_page(refusal_status(error), start_error=error.message)
    response = see_other("attempt_page", public_id=attempt.public_id)
    if not request.user.is_authenticated:
        remember_guest(response, token)
    return response


def owned_attempt(request: HtmxHttpRequest, public_id: UUID) -> Attempt:
    """This browser's attempt, or 404: someone else's attempt does not exist for you."""
    attempt = attempt_for_owner(
        public_id=public_id, user=request.user, guest_token=guest_token(request)
    )
    if attempt is None:
        raise Http404(_("找不到這次作答。"))
    if not attempt.is_finished and attempt.is_past_last_question:
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
    options = screen.arranged(arrangement) if arrangement is not None else screen.options
    plain_form = fits_question_form(
        attempt=attempt, screen=screen, error=error, needs_confirm=needs_confirm, moved=moved
    )
    if plain_form and wants_partial(request):
        # The answer post's usual reply: rendered once, filled in here.
        html = question_form(attempt=attempt, screen=screen, options=options, announce=announce)
        return vary_on_htmx(HttpResponse(html, status=status))
    context = {
        "attempt": attempt,
        "screen": screen,
        "options": options,
        # The question's fieldset, from its rendering kept in this process; right after a
        # move, the template marks the moved item itself.
        "fieldset": (
            question_fieldset(
                is_ordering=screen.question.is_ordering,
                prompt=screen.question.prompt,
                options=options,
            )
            if not screen.feedback and not moved
            else ""
        ),
        "error": error,
        "needs_confirm": needs_confirm,
        "moved": moved,
        "announce": announce,
    }
    return page_or_partial(request, "student/attempt.html", context, partial="quiz", status=status)


def go_to(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """After a POST: htmx follows a client redirect; a plain form, a 303."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return see_other(url)


# GET and HEAD here may finish an attempt whose time ran out: expiry is lazy, checked
# whenever the attempt is looked at, so no background job is needed for it.
@require_safe
@cache_control(private=True, no_store=True)
def attempt_page(request: HtmxHttpRequest, public_id: UUID) -> HttpResponse:
    attempt = owned_attempt(request, public_id)
    if attempt_expire_if_due(attempt=attempt):
        messages.warning(request, _("作答時間已到，這次作答已經結束。"))
    if attempt.is_finished:
        return redirect("attempt_results", public_id=attempt.public_id)
    arrangement = arrangement_from_address(request, attempt)
    return render_question(
        request,
        attempt,
        arrangement=arrangement,
        moved=request.GET.get("moved", "") if arrangement else "",
    )


def arrangement_from_address(request: HtmxHttpRequest, attempt: Attempt) -> list[str] | None:
    """The order a no-JS move left in the address, if it is one of this question's."""
    order = [item for item in request.GET.get("order", "").split(",") if item]
    if sorted(order) != sorted(attempt.current_slot.ids) or not order:
        return None
    return order


def finish_if_time_is_up(request: HtmxHttpRequest, attempt: Attempt) -> bool:
    """The countdown's form says time is up (`time_up`): once the deadline has passed,
    the attempt ends now, with what was answered, instead of waiting out the grace."""
    if not request.POST.get("time_up") or attempt.is_finished or attempt.deadline is None:
        return attempt.is_finished
    # The browser's clock may run a little ahead of the server's.
    if timezone.now() < attempt.deadline - CLOCK_SKEW:
        return False
    attempt_finish(attempt=attempt)
    return True


def refuse(request: HtmxHttpRequest, attempt: Attempt, error: QuizError) -> HttpResponse:
    """Answer a refused post with the current state and the reason; nothing was stored."""
    attempt.refresh_from_db()
    status = refusal_status(error)
    if attempt.is_finished and request.htmx:
        messages.error(request, error.message)
        return HttpResponseClientRedirect(reverse("attempt_results", args=[attempt.public_id]))
    if attempt.is_finished:
        return render_error(
            request,
            status=status,
            message=error.message,
            back_url=reverse("attempt_results", args=[attempt.public_id]),
            back_label=_("看作答結果"),
        )
    return render_question(request, attempt, status=status, error=error.message)


@require_POST
@cache_control(private=True, no_store=True)
def attempt_answer(request: HtmxHttpRequest, public_id: UUID) -> HttpResponse:
    attempt = owned_attempt(request, public_id)
    if too_big(request):
        return refuse(request, attempt, InvalidAnswer(_("送出的資料太大，沒有儲存。")))
    if "move" in request.POST:
        return arrange(request, attempt)
    order: list[str] | None = None
    try:
        seq = read_seq(request.POST)
        attempt_check_seq(attempt=attempt, seq=seq)
        question = current_question(attempt=attempt)
        slot = attempt.current_slot
        if question.is_ordering:
            order = read_order(request.POST, slot)
            answer = slot.as_indices(order)
        else:
            answer = read_choice(request.POST, slot)
        submitted = response_submit(
            attempt=attempt,
            question=question,
            seq=seq,
            answer=answer,
            confirmed=bool(request.POST.get("confirm")),
        )
    except (UnconfirmedStartOrder, InvalidAnswer) as error:
        if finish_if_time_is_up(request, attempt):
            # The countdown reached zero with nothing (or an untouched order) chosen: the
            # attempt ends with what was answered before.
            return go_to(request, reverse("attempt_results", args=[attempt.public_id]))
        if isinstance(error, UnconfirmedStartOrder):
            return render_question(request, attempt, arrangement=order, needs_confirm=True)
        return refuse(request, attempt, error)
    except QuizError as error:
        return refuse(request, attempt, error)
    if submitted.finished or finish_if_time_is_up(request, attempt):
        return go_to(request, reverse("attempt_results", args=[attempt.public_id]))
    if not request.htmx:
        return go_to(request, reverse("attempt_page", args=[attempt.public_id]))
    announce = ""
    # Right or wrong may be said only when the set shows feedback now.
    if attempt.is_immediate:
        announce = _("答對了。") if submitted.response.is_correct else _("答錯了。")
    # The answered question and its response are in hand: no need to read them back.
    screen = attempt_screen(
        attempt=attempt, question=question, response=submitted.response, response_known=True
    )
    return render_question(request, attempt, announce=announce, screen=screen)


def arrange(request: HtmxHttpRequest, attempt: Attempt) -> HttpResponse:
    """Move one ordering item up or down (the 上移/下移 buttons). Nothing is stored: the
    arrangement travels in the form until the student sends it as the answer. Without
    htmx the move ends on a GET of the question page with the arrangement in the address,
    so a reload shows it again instead of posting the move twice."""
    try:
        attempt_check_open(attempt=attempt)
        attempt_check_seq(attempt=attempt, seq=read_seq(request.POST), answering=False)
        order = read_order(request.POST, attempt.current_slot)
        direction, item = read_move(request.POST, order)
    except QuizError as error:
        return refuse(request, attempt, error)
    moved_order = apply_move(order, direction=direction, item=item)
    # At either end nothing moves: nothing is marked, and the reader is told why.
    moved = move_button_id(direction, item) if moved_order != order else ""
    order = moved_order
    if not request.htmx:
        query = urlencode({"order": ",".join(order), "moved": moved})
        return see_other(f"{reverse('attempt_page', args=[attempt.public_id])}?{query}")
    screen = attempt_screen(attempt=attempt)
    text = next(option.text for option in screen.options if option.id == item)
    if moved:
        announce = _("「%(text)s」移到第 %(position)s 項。") % {
            "text": text,
            "position": order.index(item) + 1,
        }
    else:
        announce = _("「%(text)s」已經在第 %(position)s 項，不能再移。") % {
            "text": text,
            "position": order.index(item) + 1,
        }
    return render_question(
        request, attempt, arrangement=order, moved=moved, announce=announce, screen=screen
    )


@require_POST
@cache_control(private=True, no_store=True)
def attempt_next(request: HtmxHttpRequest, public_id: UUID) -> HttpResponse:
    attempt = owned_attempt(request, public_id)
    try:
        attempt = attempt_advance(attempt=attempt, seq=read_seq(request.POST))
    except QuizError as error:
        return refuse(request, attempt, error)
    if attempt.is_finished or finish_if_time_is_up(request, attempt):
        return go_to(request, reverse("attempt_results", args=[attempt.public_id]))
    if request.htmx:
        return render_question(request, attempt)
    return go_to(request, reverse("attempt_page", args=[attempt.public_id]))


# Like attempt_page, a GET here finishes an attempt whose time ran out.
@require_safe
@cache_control(private=True, no_store=True)
def attempt_results(request: HtmxHttpRequest, public_id: UUID) -> HttpResponse:
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
    review = attempt_review(attempt=attempt)
    correct = correct_count(attempt=attempt, review=review)
    context: dict[str, Any] = {
        "attempt": attempt,
        "review": review,
        "correct": correct,
        "question_total": len(attempt.slots),
        "retake": retake_allowed(
            attempt=attempt, user=request.user, guest_token=guest_token(request)
        ),
    }
    if not attempt.is_preview and correct < len(attempt.slots):
        # 「練習答錯的題」: practice the facts behind the misses, in other questions.
        scope = urlencode({"scope": f"missed:{attempt.public_id}"})
        context["practice_missed_url"] = f"{reverse('practice')}?{scope}"
    return render(request, "student/results.html", context)
