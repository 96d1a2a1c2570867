"""The teacher's classes: rosters, login cards, joining links and assignments.

Every action is a plain form post answered with a 303 back to its page; under htmx the
same post answers with the page's region, swapped in place. A class is only ever seen by
its teachers (and admins): for anyone else its URLs do not exist (404).
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from quizapp.classes.forms import AddStudentForm, AssignForm, ClassForm, RosterForm
from quizapp.classes.models import Assignment, Membership, SchoolClass
from quizapp.classes.roster import ROSTER_MAX_STUDENTS, LineProblem, ParsedRoster, RosterError
from quizapp.classes.selectors.classes import (
    CLASS_SORTS,
    class_assignments,
    class_member,
    class_roster,
    class_size,
    teacher_class,
    teacher_classes,
)
from quizapp.classes.services import assignments, classes, roster
from quizapp.http import AuthenticatedHttpRequest, page_or_partial, see_other
from quizapp.qrcodes import qr_svg
from quizapp.quizzes.views.teacher import add_errors, teacher_required

# The printed cards and a reset password live in the teacher's (server-side) session
# until printed and dismissed, a day at most: the database keeps only their hashes.
CARDS_KEY = "login_cards:%s"
CARDS_KEPT_SECONDS = 24 * 60 * 60
NEW_PASSWORD_KEY = "new_password:%s"
# A list of 2,000 bad lines answers with the first problems, not 2,000 sentences.
ERRORS_SHOWN = 50


def own_class(request: AuthenticatedHttpRequest, pk: int) -> SchoolClass:
    school_class = teacher_class(user=request.user, pk=pk)
    if school_class is None:
        raise Http404(_("找不到這個班級。"))
    return school_class


def own_member(school_class: SchoolClass, membership_pk: int) -> Membership:
    membership = class_member(school_class=school_class, pk=membership_pk)
    if membership is None:
        raise Http404(_("這個班級沒有這位學生。"))
    return membership


def class_link(request: AuthenticatedHttpRequest, school_class: SchoolClass) -> str:
    return request.build_absolute_uri(reverse("class_join", args=[school_class.join_code]))


def class_qr(link: str, school_class: SchoolClass) -> SafeString:
    """The class link's QR code, for the class page and every login card."""
    return qr_svg(link, title=_("加入「%(name)s」的 QR code") % {"name": school_class.name})


# -- The list of classes ---------------------------------------------------------------


def classes_page(
    request: AuthenticatedHttpRequest,
    *,
    form: ClassForm | None = None,
    status: int = 200,
    partial: str = "class_list",
) -> HttpResponse:
    archived = request.GET.get("archived") == "1"
    search = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort", "new")
    sort = sort if sort in CLASS_SORTS else "new"
    context = {
        "classes": teacher_classes(user=request.user, archived=archived, search=search, sort=sort),
        "archived": archived,
        "search": search,
        "sort": sort,
        "form": form or ClassForm(),
    }
    return page_or_partial(request, "classes/list.html", context, partial=partial, status=status)


@require_safe
@teacher_required
def class_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return classes_page(request)


@require_POST
@teacher_required
def class_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ClassForm(request.POST)
    if not form.is_valid():
        return classes_page(request, form=form, status=400, partial="class_form")
    school_class = classes.class_create(
        teacher=request.user,
        name=form.cleaned_data["name"],
        school_year=form.cleaned_data["school_year"],
    )
    messages.success(request, _("已建立班級。接著貼上學生名單，或把班級代碼給學生。"))
    if request.htmx:
        return HttpResponseClientRedirect(reverse("class_roster", args=[school_class.pk]))
    return see_other("class_roster", pk=school_class.pk)


@require_POST
@teacher_required
def class_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school_class = own_class(request, pk)
    archived = request.POST.get("archived") == "1"
    classes.class_set_archived(school_class=school_class, archived=archived)
    message = _("班級已封存。") if archived else _("班級已取消封存。")
    if request.htmx:
        return class_page(request, school_class, message=message)
    messages.success(request, message)
    return see_other("class_detail", pk=school_class.pk)


# -- One class: sharing and assignments --------------------------------------------------


def class_page(
    request: AuthenticatedHttpRequest,
    school_class: SchoolClass,
    *,
    assign_form: AssignForm | None = None,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    link = class_link(request, school_class)
    context = {
        "school_class": school_class,
        "link": link,
        "qr": class_qr(link, school_class),
        "assignments": class_assignments(school_class=school_class),
        "student_count": class_size(school_class=school_class),
        "assign_form": assign_form or AssignForm(teacher=request.user),
        "message": message,
    }
    return page_or_partial(
        request, "classes/detail.html", context, partial="assignments", status=status
    )


@require_safe
@teacher_required
def class_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return class_page(request, own_class(request, pk))


@require_POST
@teacher_required
def assignment_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school_class = own_class(request, pk)
    form = AssignForm(request.POST, teacher=request.user)
    if form.is_valid():
        try:
            assignments.assignment_create(
                school_class=school_class,
                question_set=form.cleaned_data["question_set"],
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return back_to(request, "class_detail", school_class, _("已指派給全班。"))
    return class_page(request, school_class, assign_form=form, status=400)


@require_POST
@teacher_required
def assignment_delete(
    request: AuthenticatedHttpRequest, pk: int, assignment_pk: int
) -> HttpResponse:
    school_class = own_class(request, pk)
    assignment = Assignment.objects.filter(school_class=school_class, pk=assignment_pk).first()
    if assignment is None:
        raise Http404(_("這個班級沒有這份作業。"))
    assignments.assignment_delete(assignment=assignment)
    return back_to(
        request, "class_detail", school_class, _("已取消這份作業；學生的作答紀錄都保留。")
    )


def back_to(
    request: AuthenticatedHttpRequest, page: str, school_class: SchoolClass, message: str
) -> HttpResponse:
    """After an action: the page's region for htmx, a 303 to the page otherwise."""
    if request.htmx:
        if page == "class_roster":
            return roster_page(request, school_class, message=message)
        return class_page(request, school_class, message=message)
    messages.success(request, message)
    return see_other(page, pk=school_class.pk)


# -- The roster ---------------------------------------------------------------------------


def roster_problem(error: RosterError) -> str:
    """One problem of a pasted list, as the teacher reads it."""
    line = error.line
    texts = {
        LineProblem.NO_NAME: _("第 %(line)s 行：沒有姓名。"),
        LineProblem.SEAT_RANGE: _("第 %(line)s 行：座號 %(seat)s 不在 1 到 999 之間。"),
        LineProblem.SEAT_TAKEN: _("第 %(line)s 行：座號 %(seat)s 和第 %(other)s 行重複。"),
        LineProblem.SEAT_IN_CLASS: _("第 %(line)s 行：座號 %(seat)s 已經有班上的學生了。"),
        LineProblem.NAME_LENGTH: _("第 %(line)s 行：姓名太長，最多 40 個字。"),
        LineProblem.NAME_CHARACTERS: _(
            "第 %(line)s 行：姓名只能有文字，不能有表情符號、符號或看不見的控制字元。"
        ),
        LineProblem.NAME_IN_CLASS: _(
            "第 %(line)s 行：班上已經有沒有座號的「%(name)s」。是同名的另一位學生的話，請加上座號。"
        ),
        LineProblem.NAME_TWICE: _(
            "第 %(line)s 行：和第 %(other)s 行同名。是不同的學生的話，請加上座號。"
        ),
        LineProblem.NAME_DIGITS: _(
            "第 %(line)s 行：姓名只有數字。每行請只留座號和姓名兩欄（學號等欄位請刪掉）。"
        ),
    }
    return texts[error.problem] % {
        "line": line,
        "seat": error.seat,
        "other": error.other_line,
        "name": error.name,
    }


def roster_problems(parsed: ParsedRoster) -> list[str]:
    problems = [roster_problem(error) for error in parsed.errors[:ERRORS_SHOWN]]
    if len(parsed.errors) > ERRORS_SHOWN:
        problems.append(
            _("還有 %(count)s 個問題沒有列出；請先修正上面的。")
            % {"count": len(parsed.errors) - ERRORS_SHOWN}
        )
    if parsed.too_many:
        problems.insert(
            0,
            _("名單有 %(count)s 位學生；一次最多 %(max)s 位，請分幾次貼上。")
            % {
                "count": len(parsed.students) + len({e.line for e in parsed.errors}),
                "max": ROSTER_MAX_STUDENTS,
            },
        )
    if not parsed.students and not parsed.errors:
        problems.append(_("名單是空的：請貼上學生名單，一行一位。"))
    return problems


def roster_page(
    request: AuthenticatedHttpRequest,
    school_class: SchoolClass,
    *,
    roster_form: RosterForm | None = None,
    add_form: AddStudentForm | None = None,
    problems: list[str] | None = None,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "school_class": school_class,
        "members": class_roster(school_class=school_class),
        "roster_form": roster_form or RosterForm(),
        "add_form": add_form or AddStudentForm(),
        "problems": problems or [],
        "message": message,
        "new_password": request.session.pop(NEW_PASSWORD_KEY % school_class.pk, None),
        "has_cards": bool(cards_to_print(request, school_class)),
    }
    return page_or_partial(request, "classes/roster.html", context, partial="roster", status=status)


@require_safe
@teacher_required
def class_roster_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return roster_page(request, own_class(request, pk))


@require_POST
@teacher_required
def roster_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school_class = own_class(request, pk)
    form = RosterForm(request.POST)
    if not form.is_valid():
        return roster_page(request, school_class, roster_form=form, status=400)
    try:
        cards = roster.roster_import(school_class=school_class, text=form.cleaned_data["text"])
    except roster.RosterInvalid as invalid:
        return roster_page(
            request,
            school_class,
            roster_form=form,
            problems=roster_problems(invalid.parsed),
            status=400,
        )
    except ValidationError as error:
        return roster_page(
            request, school_class, roster_form=form, problems=error.messages, status=400
        )
    request.session[CARDS_KEY % school_class.pk] = {
        "made": time.time(),
        "cards": [asdict(card) for card in cards],
    }
    messages.success(
        request,
        ngettext(
            "已建立 %(count)s 個學生帳號。請現在列印登入卡：密碼只會顯示這一次。",
            "已建立 %(count)s 個學生帳號。請現在列印登入卡：密碼只會顯示這一次。",
            len(cards),
        )
        % {"count": len(cards)},
    )
    if request.htmx:
        return HttpResponseClientRedirect(reverse("class_cards", args=[school_class.pk]))
    return see_other("class_cards", pk=school_class.pk)


@require_POST
@teacher_required
def student_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school_class = own_class(request, pk)
    form = AddStudentForm(request.POST)
    if form.is_valid():
        try:
            membership = roster.student_add_existing(
                school_class=school_class,
                username=form.cleaned_data["username"],
                seat=form.cleaned_data["seat"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            message = _("已把 %(name)s 加入班級。") % {"name": membership.name}
            return back_to(request, "class_roster", school_class, message)
    return roster_page(request, school_class, add_form=form, status=400)


@require_POST
@teacher_required
def student_password(
    request: AuthenticatedHttpRequest, pk: int, membership_pk: int
) -> HttpResponse:
    school_class = own_class(request, pk)
    membership = own_member(school_class, membership_pk)
    try:
        card = roster.student_password_reset(membership=membership)
    except ValidationError as error:
        return roster_page(request, school_class, message=" ".join(error.messages), status=403)
    request.session[NEW_PASSWORD_KEY % school_class.pk] = asdict(card)
    # A card still to print carries the new password, never the dead one.
    cards_update(request, school_class, username=card.username, password=card.password)
    if request.htmx:
        return roster_page(request, school_class)
    return see_other("class_roster", pk=school_class.pk)


@require_POST
@teacher_required
def student_remove(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    school_class = own_class(request, pk)
    membership = roster.student_remove(membership=own_member(school_class, membership_pk))
    cards_update(request, school_class, username=membership.student.get_username(), password=None)
    message = _("已把 %(name)s 移出班級；帳號和作答紀錄都保留。") % {"name": membership.name}
    return back_to(request, "class_roster", school_class, message)


# -- Login cards ----------------------------------------------------------------------------


def cards_to_print(
    request: AuthenticatedHttpRequest, school_class: SchoolClass
) -> list[dict[str, Any]]:
    """The cards of the class's last pasted list, while kept; a day later, none."""
    kept = request.session.get(CARDS_KEY % school_class.pk)
    if not kept:
        return []
    if time.time() - kept["made"] > CARDS_KEPT_SECONDS:
        del request.session[CARDS_KEY % school_class.pk]
        return []
    cards: list[dict[str, Any]] = kept["cards"]
    return cards


def cards_update(
    request: AuthenticatedHttpRequest,
    school_class: SchoolClass,
    *,
    username: str,
    password: str | None,
) -> None:
    """A card still to print after its student's password changed (or, None, after they
    left the class: no card)."""
    kept = request.session.get(CARDS_KEY % school_class.pk)
    if not kept:
        return
    cards = [card for card in kept["cards"] if password or card["username"] != username]
    for card in cards:
        if card["username"] == username:
            card["password"] = password
    request.session[CARDS_KEY % school_class.pk] = {**kept, "cards": cards}


@require_safe
@teacher_required
def class_cards(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The printable cards of the students just created, with their first passwords."""
    school_class = own_class(request, pk)
    link = class_link(request, school_class)
    cards = cards_to_print(request, school_class)
    context = {
        "school_class": school_class,
        "cards": cards,
        "link": link,
        # One code for every card: the class's link (all students of a class share it).
        "qr": class_qr(link, school_class),
        "login_url": request.build_absolute_uri(reverse("login")),
    }
    return render(request, "classes/cards.html", context)


@require_POST
@teacher_required
def class_cards_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Printed: the plain-text passwords leave the session."""
    school_class = own_class(request, pk)
    request.session.pop(CARDS_KEY % school_class.pk, None)
    messages.success(request, _("登入卡的密碼已清除。學生忘記密碼時，可以在名單上重設。"))
    return see_other("class_roster", pk=school_class.pk)
