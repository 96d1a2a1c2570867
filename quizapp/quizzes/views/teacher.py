"""The teacher's workspace: build, edit, publish and share question sets; keep the list
of sets tidy (search, archive, delete). Their results are read in
quizapp.classes.views.results, beside the classes.

Every action is a plain form post that answers with a 303 back to the set (or to the
dashboard); under htmx the same post answers with the set's question list (or the
dashboard's list of sets), swapped in place.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quizapp.accounts.roles import TEACHER_PERMISSION
from quizapp.errors import render_error
from quizapp.facts.selectors import article_sentences
from quizapp.generator.export import NotExportable, to_gift, to_moodle_xml
from quizapp.generator.generate import NotEnoughQuestions
from quizapp.http import (
    AuthenticatedHttpRequest,
    HtmxHttpRequest,
    page_or_partial,
    see_other,
    wants_partial,
)
from quizapp.qrcodes import qr_svg
from quizapp.quizzes.exceptions import QuizError, SetHasAttempts
from quizapp.quizzes.forms import BuildSetForm, QuestionAddForm, QuestionEditForm, SetSettingsForm
from quizapp.quizzes.models import Question, QuestionSet
from quizapp.quizzes.selectors.teacher import (
    SetOrder,
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
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a teacher may leave students still answering when closing a set.
CLOSING_GRACES = {
    "0": datetime.timedelta(0),
    "60": datetime.timedelta(seconds=60),
    "300": datetime.timedelta(minutes=5),
}
# The dashboard's sort menu, in the order it offers them.
SET_ORDER_LABELS = {
    SetOrder.NEWEST: gettext_lazy("最新的在前"),
    SetOrder.OLDEST: gettext_lazy("最早的在前"),
}
# A title is at most 100 characters: a longer search text could match nothing.
TITLE_SEARCH_MAX = 100


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
        # Drawing the QR code takes milliseconds: not for a swap of the question list.
        **({} if wants_partial(request) else sharing(request, question_set)),
    }
    return page_or_partial(request, "teacher/set.html", context, partial="questions", status=status)


def sharing(request: AuthenticatedHttpRequest, question_set: QuestionSet) -> dict[str, Any]:
    """The full join link, and its QR code and practice link while students can use them
    (a closed set's code leads nowhere, so it is not put in front of a class)."""
    join_url = request.build_absolute_uri(question_set.join_url) if question_set.join_code else ""
    join_qr = practice_link = ""
    if question_set.is_joinable:
        join_qr = qr_svg(
            join_url, title=_("「%(title)s」的加入 QR code") % {"title": question_set.title}
        )
        # 練習 on the facts this set asks (the practice scope set:<code>): each student
        # meets them as their own memory schedules, not as one attempt at the set.
        practice_link = request.build_absolute_uri(
            f"{reverse('practice')}?{urlencode({'scope': f'set:{question_set.join_code}'})}"
        )
    return {"join_url": join_url, "join_qr": join_qr, "practice_link": practice_link}


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


@dataclass(frozen=True)
class SetListFilter:
    """Which of the teacher's sets the dashboard lists. Read from the search form's GET,
    or from an action's POST, which carries the list it was pressed on so that the answer
    (a redirect or a swap) shows that same list."""

    text: str = ""
    order: SetOrder = SetOrder.NEWEST
    archived: bool = False

    @classmethod
    def read(cls, data: QueryDict) -> SetListFilter:
        sort = data.get("sort", "")
        return cls(
            text=data.get("q", "").strip()[:TITLE_SEARCH_MAX],
            # A hand-edited or outdated ?sort= falls back to the default, not to an error.
            order=SetOrder(sort) if sort in SET_ORDER_LABELS else SetOrder.NEWEST,
            archived=data.get("show") == "archived",
        )

    @property
    def params(self) -> dict[str, str]:
        """What differs from the default list: the query string that brings it back."""
        params = {}
        if self.text:
            params["q"] = self.text
        if self.order != SetOrder.NEWEST:
            params["sort"] = str(self.order)
        if self.archived:
            params["show"] = "archived"
        return params

    @property
    def url(self) -> str:
        query = urlencode(self.params)
        return reverse("teacher_dashboard") + (f"?{query}" if query else "")


def dashboard_page(
    request: AuthenticatedHttpRequest,
    list_filter: SetListFilter,
    *,
    status: int = 200,
    message: str = "",
    deleting: QuestionSet | None = None,
) -> HttpResponse:
    context = {
        "sets": teacher_sets(
            user=request.user,
            title_contains=list_filter.text,
            order=list_filter.order,
            archived=list_filter.archived,
        ),
        "list_filter": list_filter,
        "orders": SET_ORDER_LABELS,
        "message": message,
        "refused": status >= 400,
        "deleting": deleting,
    }
    return page_or_partial(
        request, "teacher/dashboard.html", context, partial="set_list", status=status
    )


def back_to_dashboard(
    request: AuthenticatedHttpRequest, list_filter: SetListFilter, message: str
) -> HttpResponse:
    """After a set's housekeeping action: the list it was pressed on, swapped in for htmx,
    or a redirect to it with the message."""
    if request.htmx:
        return dashboard_page(request, list_filter, message=message)
    messages.success(request, message)
    return see_other(list_filter.url)


@require_safe
@teacher_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    return dashboard_page(request, SetListFilter.read(request.GET))


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
def set_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    archived = question_sets.question_set_archive(question_set=own_set(request, pk))
    title = archived.question_set.title
    if archived.closed and archived.closed.in_progress:
        message = ngettext(
            "已封存「%(title)s」，也關閉了作答。%(count)s 次進行中的作答還有 %(seconds)s 秒"
            "可以送出。成績都保留，可在「已封存」裡找到。",
            "已封存「%(title)s」，也關閉了作答。%(count)s 次進行中的作答還有 %(seconds)s 秒"
            "可以送出。成績都保留，可在「已封存」裡找到。",
            archived.closed.in_progress,
        ) % {
            "title": title,
            "count": archived.closed.in_progress,
            "seconds": int(question_sets.CLOSING_GRACE.total_seconds()),
        }
    elif archived.closed:
        message = _("已封存「%(title)s」，也關閉了作答。成績都保留，可在「已封存」裡找到。") % {
            "title": title
        }
    else:
        message = _("已封存「%(title)s」。成績都保留，可在「已封存」裡找到。") % {"title": title}
    return back_to_dashboard(request, SetListFilter.read(request.POST), message)


@require_POST
@teacher_required
def set_unarchive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question_set = question_sets.question_set_unarchive(question_set=own_set(request, pk))
    if question_set.has_closed:
        message = _("「%(title)s」已取消封存，回到使用中的題組；它仍然關閉作答。")
    else:
        message = _("「%(title)s」已取消封存，回到使用中的題組。")
    return back_to_dashboard(
        request, SetListFilter.read(request.POST), message % {"title": question_set.title}
    )


@require_POST
@teacher_required
def set_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """First a confirmation in place of the list; then, confirmed, the set is deleted. A
    set students have answered is refused either way (409): its results would go too."""
    question_set = own_set(request, pk)
    list_filter = SetListFilter.read(request.POST)
    try:
        if not request.POST.get("confirm"):
            question_sets.question_set_check_deletable(question_set=question_set)
            return dashboard_page(request, list_filter, deleting=question_set)
        question_sets.question_set_delete(question_set=question_set)
    except SetHasAttempts as error:
        return dashboard_page(request, list_filter, status=409, message=error.message)
    return back_to_dashboard(
        request, list_filter, _("已刪除「%(title)s」。") % {"title": question_set.title}
    )


@require_safe
@teacher_required
def set_share(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The code, the link and the QR code alone, large, for a projector."""
    question_set = own_set(request, pk)
    context = {"question_set": question_set, **sharing(request, question_set)}
    return render(request, "teacher/share.html", context)


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
    try:
        body = write(
            set_questions(question_set=question_set),
            all_or_nothing=question_set.ordering_grading == OrderingGrading.ALL_OR_NOTHING,
        )
    except NotExportable as refused:
        # A message the teacher can act on, never a file Moodle would import broken.
        return render_error(
            request,
            status=409,
            message=_(
                "第 %(number)s 題的排序項目「%(text)s」有 GIFT 無法保留的字元"
                "（{ } # : \\ 或換行）：Moodle 匯入時會把它弄壞。"
                "請修改這個項目，或改用 Moodle XML 匯出。"
            )
            % {"number": refused.number, "text": refused.text[:60]},
        )
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="set-{question_set.pk}.{ending}"'
    return response
