"""The teacher's workspace: build, edit and publish question sets; read results."""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quizapp.errors import render_error
from quizapp.generator.export import to_gift, to_moodle_xml
from quizapp.generator.generate import Scope
from quizapp.http import HtmxHttpRequest
from quizapp.quizzes.authoring import (
    NotEnoughQuestions,
    question_add,
    question_as_draft,
    question_delete,
    question_edit,
    question_move,
    question_replace,
    question_set_build,
    question_set_close,
    question_set_duplicate,
)
from quizapp.quizzes.forms import BuildSetForm, QuestionAddForm, QuestionEditForm, SetSettingsForm
from quizapp.quizzes.models import OrderingGrading, Question, QuestionSet
from quizapp.quizzes.selectors import (
    can_teach,
    set_questions,
    set_results,
    teacher_set,
    teacher_sets,
)
from quizapp.quizzes.services import question_set_publish


def teacher_required(view: Callable) -> Callable:
    """Teachers (and admins) only: others are sent to log in, or refused with a page."""

    @wraps(view)
    def wrapped(request: HtmxHttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_teach(request.user):
            return render_error(
                request,
                status=403,
                message=_("這裡是老師的工作區。學生請回到首頁輸入加入代碼作答。"),
            )
        return view(request, *args, **kwargs)

    return wrapped


def own_set(request: HtmxHttpRequest, pk: int) -> QuestionSet:
    question_set = teacher_set(user=request.user, pk=pk)
    if question_set is None:
        raise Http404(_("找不到這個題組。"))
    return question_set


def own_question(question_set: QuestionSet, question_pk: int) -> Question:
    question = question_set.questions.filter(pk=question_pk, is_active=True).first()
    if question is None:
        raise Http404(_("找不到這一題。"))
    return question


def set_page(
    request: HtmxHttpRequest,
    question_set: QuestionSet,
    *,
    status: int = 200,
    settings_form: SetSettingsForm | None = None,
    add_form: QuestionAddForm | None = None,
    message: str = "",
    editing: Question | None = None,
    edit_form: QuestionEditForm | None = None,
) -> HttpResponse:
    context = {
        "question_set": question_set,
        "questions": set_questions(question_set=question_set),
        "settings_form": settings_form or SetSettingsForm(instance=question_set),
        "add_form": add_form or QuestionAddForm(),
        "message": message,
        "editing": editing,
        "edit_form": edit_form,
        "attempt_count": question_set.attempts.count(),
    }
    template = "teach/set.html#questions" if request.htmx else "teach/set.html"
    return render(request, template, context, status=status)


def back_to_set(
    request: HtmxHttpRequest, question_set: QuestionSet, message: str = ""
) -> HttpResponse:
    """After an action: the question list for htmx, a redirect (POST → GET) otherwise."""
    if request.htmx:
        return set_page(request, question_set, message=message)
    response = redirect("teach_set", pk=question_set.pk)
    response.status_code = 303
    return response


@require_safe
@teacher_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "teach/dashboard.html", {"sets": teacher_sets(user=request.user)})


@require_http_methods(["GET", "POST"])
@teacher_required
def set_new(request: HtmxHttpRequest) -> HttpResponse:
    form = BuildSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person_keys = frozenset(data["people"])
        scope = Scope(
            phases=frozenset(data["phases"]),
            person_keys=person_keys,
            sides=frozenset(data["sides"]),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        try:
            question_set = question_set_build(
                owner=request.user,
                title=data["title"],
                scope=scope,
                kinds=data["kinds"],
                count=data["count"],
                seed=data["seed"],
                feedback_mode=data["feedback_mode"],
                attempts_allowed=data["attempts_allowed"],
                time_limit_minutes=data["time_limit_minutes"],
                shuffle_questions=data["shuffle_questions"],
                shuffle_options=data["shuffle_options"],
                ordering_grading=data["ordering_grading"],
            )
        except NotEnoughQuestions as error:
            form.add_error("count", str(error))
        else:
            response = redirect("teach_set", pk=question_set.pk)
            response.status_code = 303
            return response
    status = 400 if request.method == "POST" else 200
    return render(request, "teach/build.html", {"form": form}, status=status)


@require_safe
@teacher_required
def set_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return set_page(request, own_set(request, pk))


@require_POST
@teacher_required
def set_settings(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    form = SetSettingsForm(request.POST, instance=question_set)
    if form.is_valid():
        form.save()
        return back_to_set(request, question_set, _("設定已儲存。"))
    question_set.refresh_from_db()
    return set_page(request, question_set, status=400, settings_form=form)


@require_POST
@teacher_required
def set_publish(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    if not set_questions(question_set=question_set):
        return set_page(request, question_set, status=400, message=_("題組沒有題目，不能發布。"))
    question_set_publish(question_set=question_set)
    return back_to_set(request, question_set, _("已發布。"))


@require_POST
@teacher_required
def set_close(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    question_set = question_set_close(question_set=own_set(request, pk))
    return back_to_set(request, question_set, _("已關閉，學生不能再開始作答。"))


@require_POST
@teacher_required
def set_duplicate(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    copy = question_set_duplicate(question_set=own_set(request, pk), owner=request.user)
    response = redirect("teach_set", pk=copy.pk)
    response.status_code = 303
    return response


@require_POST
@teacher_required
def question_replace_view(request: HtmxHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    try:
        question_replace(question=own_question(question_set, question_pk))
    except ValidationError as error:
        return set_page(request, question_set, status=409, message=" ".join(error.messages))
    return back_to_set(request, question_set, _("已換成另一題。"))


@require_POST
@teacher_required
def question_delete_view(request: HtmxHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    question_delete(question=own_question(question_set, question_pk))
    return back_to_set(request, question_set, _("已刪除這一題。"))


@require_POST
@teacher_required
def question_move_view(request: HtmxHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        return set_page(request, question_set, status=400, message=_("無法移動這一題。"))
    question_move(question=own_question(question_set, question_pk), direction=direction)
    return back_to_set(request, question_set)


@require_http_methods(["GET", "POST"])
@teacher_required
def question_edit_view(request: HtmxHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    question = own_question(question_set, question_pk)
    form = QuestionEditForm(
        request.POST or None, initial={"prompt": question.prompt}, options=question.options
    )
    if request.method == "POST" and form.is_valid():
        try:
            question_edit(
                question=question, prompt=form.cleaned_data["prompt"], options=form.options()
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return back_to_set(request, question_set, _("已儲存修改。"))
    status = 400 if request.method == "POST" else 200
    return set_page(request, question_set, status=status, editing=question, edit_form=form)


@require_POST
@teacher_required
def question_add_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    form = QuestionAddForm(request.POST)
    if form.is_valid():
        try:
            question_add(
                question_set=question_set,
                kind=form.cleaned_data["kind"],
                prompt=form.cleaned_data["prompt"],
                options=form.option_lines(),
                key=(form.cleaned_data["key"] or 1) - 1,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return back_to_set(request, question_set, _("已加入你的題目。"))
    return set_page(request, question_set, status=400, add_form=form)


@require_safe
@teacher_required
def set_results_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    return render(
        request,
        "teach/results.html",
        {"question_set": question_set, "results": set_results(question_set=question_set)},
    )


@require_safe
@teacher_required
def set_results_csv(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    results = set_results(question_set=question_set)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="results-{question_set.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Chinese correctly only with a BOM
    writer = csv.writer(response)
    writer.writerow([_("學生"), _("最高分"), _("滿分"), _("用時（秒）"), _("作答次數")])
    for row in results.students:
        writer.writerow(
            [
                row.name,
                f"{row.best_score:g}",
                f"{row.max_score:g}",
                int(row.duration.total_seconds()) if row.duration else "",
                row.attempts,
            ]
        )
    return response


@require_safe
@teacher_required
def set_export(request: HtmxHttpRequest, pk: int, fmt: str) -> HttpResponse:
    question_set = own_set(request, pk)
    drafts = [question_as_draft(q) for q in set_questions(question_set=question_set)]
    all_or_nothing = question_set.ordering_grading == OrderingGrading.ALL_OR_NOTHING
    if fmt == "xml":
        body, kind, ext = (
            to_moodle_xml(drafts, all_or_nothing=all_or_nothing),
            "application/xml",
            "xml",
        )
    elif fmt == "gift":
        body, kind, ext = to_gift(drafts, all_or_nothing=all_or_nothing), "text/plain", "gift.txt"
    else:
        raise Http404(_("沒有這種匯出格式。"))
    response = HttpResponse(body, content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="set-{question_set.pk}.{ext}"'
    return response
