"""The teacher's workspace: build, edit and publish question sets (their results are
read in quizapp.classes.views.results, beside the classes).

Every action is a plain form post that answers with a 303 back to the set; under htmx
the same post answers with the set's question list, swapped in place.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quizapp.errors import render_error
from quizapp.facts.selectors import article_sentences
from quizapp.generator.export import to_gift, to_moodle_xml
from quizapp.generator.generate import NotEnoughQuestions
from quizapp.http import AuthenticatedHttpRequest, HtmxHttpRequest, page_or_partial, see_other
from quizapp.quizzes.exceptions import QuizError
from quizapp.quizzes.forms import BuildSetForm, QuestionAddForm, QuestionEditForm, SetSettingsForm
from quizapp.quizzes.models import Question, QuestionSet
from quizapp.quizzes.selectors.teacher import (
    attempt_count,
    in_progress_count,
    set_question,
    set_questions,
    teacher_set,
    teacher_sets,
)
from quizapp.quizzes.services import attempts, question_sets, questions
from quizapp.quizzes.views.student import refusal_status, render_start
from quizapp.quizzes.wording import not_enough_questions
from quizapp.vocabulary import OrderingGrading

View = Callable[..., HttpResponse]
TEACHER_PERMISSION = "quizzes.add_questionset"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a teacher may leave students still answering when closing a set.
CLOSING_GRACES = {
    "0": datetime.timedelta(0),
    "60": datetime.timedelta(seconds=60),
    "300": datetime.timedelta(minutes=5),
}


def teacher_required(view: View) -> View:
    """Teachers (and admins) only: visitors are sent to log in; anyone else gets a page
    that says where students go instead."""

    @wraps(view)
    def wrapped(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(TEACHER_PERMISSION):
            return render_error(
                request,
                status=403,
                message=_("這裡是老師的工作區。學生請回到首頁輸入加入代碼作答。"),
            )
        response = view(request, *args, **kwargs)
        # Students' names and scores: never kept by a shared computer's browser cache.
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


def own_set(request: AuthenticatedHttpRequest, pk: int) -> QuestionSet:
    question_set = teacher_set(user=request.user, pk=pk)
    if question_set is None:
        raise Http404(_("找不到這個題組。"))
    return question_set


def own_question(question_set: QuestionSet, question_pk: int) -> Question:
    question = set_question(question_set=question_set, pk=question_pk)
    if question is None:
        raise Http404(_("找不到這一題。"))
    return question


def listed_question(listed: list[Question], question_pk: int) -> Question:
    """One of the set's current questions, found in the list the page shows anyway."""
    question = next((question for question in listed if question.pk == question_pk), None)
    if question is None:
        raise Http404(_("找不到這一題。"))
    return question


def set_page(
    request: AuthenticatedHttpRequest,
    question_set: QuestionSet,
    *,
    status: int = 200,
    settings_form: SetSettingsForm | None = None,
    add_form: QuestionAddForm | None = None,
    message: str = "",
    editing: Question | None = None,
    edit_form: QuestionEditForm | None = None,
    closing: int | None = None,
    listed: list[Question] | None = None,
) -> HttpResponse:
    context = {
        "closing": closing,
        "question_set": question_set,
        "questions": listed if listed is not None else set_questions(question_set=question_set),
        "settings_form": settings_form or SetSettingsForm(instance=question_set),
        "add_form": add_form or QuestionAddForm(),
        "message": message,
        "editing": editing,
        "edit_form": edit_form,
        "attempt_count": attempt_count(question_set=question_set),
        "join_url": (
            request.build_absolute_uri(question_set.join_url) if question_set.join_code else ""
        ),
    }
    return page_or_partial(request, "teacher/set.html", context, partial="questions", status=status)


def back_to_set(
    request: AuthenticatedHttpRequest, question_set: QuestionSet, message: str = ""
) -> HttpResponse:
    """After an action: the question list for htmx, a redirect (POST → GET) otherwise,
    with the message shown on the page it leads to."""
    if request.htmx:
        return set_page(request, question_set, message=message)
    if message:
        messages.success(request, message)
    return see_other("teacher_set", pk=question_set.pk)


def add_errors(form: Form, error: ValidationError) -> None:
    """A service's refusal, shown on the form field it names (or above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, texts in error.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)


@require_safe
@teacher_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "teacher/dashboard.html", {"sets": teacher_sets(user=request.user)})


@require_http_methods(["GET", "POST"])
@teacher_required
def set_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BuildSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question_set = question_sets.question_set_build(
                owner=request.user,
                title=form.cleaned_data["title"],
                scope=form.scope(),
                kinds=form.chosen_kinds(),
                count=form.cleaned_data["count"],
                seed=form.cleaned_data["seed"],
                settings=form.settings(),
            )
        except NotEnoughQuestions as error:
            form.add_error("count", not_enough_questions(error))
        else:
            return see_other("teacher_set", pk=question_set.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "teacher/build.html", {"form": form}, status=status)


@require_safe
@teacher_required
def set_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return set_page(request, own_set(request, pk))


@require_POST
@teacher_required
def set_settings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    form = SetSettingsForm(request.POST, instance=question_set)
    if form.is_valid():
        question_sets.question_set_settings_update(
            question_set=question_set, title=form.cleaned_data["title"], settings=form.settings()
        )
        return back_to_set(request, question_set, _("設定已儲存。"))
    # The form wrote the refused values onto the instance; show the set as stored.
    question_set.refresh_from_db()
    return set_page(request, question_set, status=400, settings_form=form)


@require_POST
@teacher_required
def set_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    try:
        question_sets.question_set_publish(question_set=question_set)
    except ValidationError as error:
        return set_page(request, question_set, status=400, message=" ".join(error.messages))
    return back_to_set(request, question_set, _("已發布。"))


@require_POST
@teacher_required
def set_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """With students still answering, first how many and the grace they get; then,
    confirmed, the set closes (at once when nobody is answering)."""
    question_set = own_set(request, pk)
    grace = CLOSING_GRACES.get(request.POST.get("grace", ""), question_sets.CLOSING_GRACE)
    answering = in_progress_count(question_set=question_set)
    if answering and not request.POST.get("confirm"):
        return set_page(request, question_set, closing=answering)
    closed = question_sets.question_set_close(question_set=question_set, grace=grace)
    if closed.in_progress:
        message = ngettext(
            "已關閉：不能再開始作答。%(count)s 次進行中的作答還有 %(seconds)s 秒可以送出，"
            "之後以已作答的部分計分。",
            "已關閉：不能再開始作答。%(count)s 次進行中的作答還有 %(seconds)s 秒可以送出，"
            "之後以已作答的部分計分。",
            closed.in_progress,
        ) % {"count": closed.in_progress, "seconds": int(grace.total_seconds())}
    else:
        message = _("已關閉，學生不能再開始作答。")
    return back_to_set(request, closed.question_set, message)


@require_http_methods(["GET", "HEAD", "POST"])
@teacher_required
def set_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """以學生身分預覽: the student's start page (GET), then a preview attempt on the
    student's own attempt pages (POST). Drafts have no join code, hence this entry."""
    question_set = own_set(request, pk)
    if request.method != "POST":
        return render_start(request, question_set, guest_token="", preview=True)
    try:
        attempt = attempts.attempt_start_preview(question_set=question_set, teacher=request.user)
    except QuizError as error:
        return render_start(
            request,
            question_set,
            guest_token="",
            preview=True,
            status=refusal_status(error),
            start_error=error.message,
        )
    return see_other("attempt_page", public_id=attempt.public_id)


@require_POST
@teacher_required
def set_duplicate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    copy = question_sets.question_set_duplicate(
        question_set=own_set(request, pk), owner=request.user
    )
    return see_other("teacher_set", pk=copy.pk)


@require_POST
@teacher_required
def question_replace(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    try:
        questions.question_replace(question=own_question(question_set, question_pk))
    except ValidationError as error:
        return set_page(request, question_set, status=409, message=" ".join(error.messages))
    return back_to_set(request, question_set, _("已換成另一題。"))


@require_POST
@teacher_required
def question_delete(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    questions.question_delete(question=own_question(question_set, question_pk))
    return back_to_set(request, question_set, _("已刪除這一題。"))


@require_POST
@teacher_required
def question_move(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    try:
        questions.question_move(
            question=own_question(question_set, question_pk),
            direction=request.POST.get("direction", ""),
        )
    except ValidationError as error:
        return set_page(request, question_set, status=400, message=" ".join(error.messages))
    return back_to_set(request, question_set)


@require_http_methods(["GET", "POST"])
@teacher_required
def question_edit(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    listed = set_questions(question_set=question_set)
    question = listed_question(listed, question_pk)
    form = QuestionEditForm(
        request.POST if request.method == "POST" else None,
        question=question,
        sentences=article_sentences(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            questions.question_edit(question=question, changes=form.changes())
        except ValidationError as error:
            add_errors(form, error)
        else:
            return back_to_set(request, question_set, _("已儲存修改。"))
    status = 400 if request.method == "POST" else 200
    return set_page(
        request, question_set, status=status, editing=question, edit_form=form, listed=listed
    )


@require_POST
@teacher_required
def question_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    form = QuestionAddForm(request.POST)
    if form.is_valid():
        try:
            questions.question_add(
                question_set=question_set,
                kind=form.cleaned_data["kind"],
                prompt=form.cleaned_data["prompt"],
                options=form.option_lines(),
                key=(form.cleaned_data["key"] or 1) - 1,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return back_to_set(request, question_set, _("已加入你的題目。"))
    return set_page(request, question_set, status=400, add_form=form)


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run: text that starts like a formula (= + - @, or a
    tab or return before one) is kept as text with a leading apostrophe."""
    return f"'{text}" if text[:1] in FORMULA_STARTS else text


EXPORTS = {
    # URL ending: (writer, content type, file ending)
    "xml": (to_moodle_xml, "application/xml", "xml"),
    "gift": (to_gift, "text/plain", "gift.txt"),
}


@require_safe
@teacher_required
def set_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    question_set = own_set(request, pk)
    if fmt not in EXPORTS:
        raise Http404(_("沒有這種匯出格式。"))
    write, content_type, ending = EXPORTS[fmt]
    body = write(
        set_questions(question_set=question_set),
        all_or_nothing=question_set.ordering_grading == OrderingGrading.ALL_OR_NOTHING,
    )
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="set-{question_set.pk}.{ending}"'
    return response
