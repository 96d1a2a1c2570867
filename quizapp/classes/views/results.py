"""A set's results for its teacher, whole or class by class: each student's best score,
who in a class has not started, the item statistics over first attempts or all, one
student's attempt question by question, and the CSV exports.

They live with the classes, one layer above the quizzes: the quizzes' results know
students only by user id, and a class turns into its current members' ids here.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quizapp.classes.models import Membership, SchoolClass
from quizapp.classes.selectors.classes import class_roster, taught_classes
from quizapp.classes.selectors.results import (
    attempt_detail,
    classes_for_results,
    memberships_by_student,
)
from quizapp.http import AuthenticatedHttpRequest, page_or_partial
from quizapp.quizzes.models import Attempt
from quizapp.quizzes.selectors import results
from quizapp.quizzes.selectors.results import Counted, StudentRow
from quizapp.quizzes.services import attempts
from quizapp.quizzes.templatetags.scores import format_points
from quizapp.quizzes.views.teacher import own_set, spreadsheet_safe, teacher_required

# Below this many students, facility and discrimination swing with one student's answers.
FEW_STUDENTS = 10
# A student in two of the teacher's classes: both, in one cell.
JOINED = " / "


@dataclass(frozen=True)
class ResultsFilter:
    school_class: SchoolClass | None
    counted_as: Counted
    refused: str  # why a hand-edited value was set aside ("" when none was)

    @property
    def query(self) -> str:
        """The filter as a query string (without "?"), for links that keep it."""
        pairs: dict[str, str | int] = {}
        if self.school_class is not None:
            pairs["class"] = self.school_class.pk
        if self.counted_as != Counted.FIRST:
            pairs["attempts"] = self.counted_as.value
        return urlencode(pairs)


def results_filter(
    request: AuthenticatedHttpRequest, classes: Sequence[SchoolClass]
) -> ResultsFilter:
    """`class` (one of the teacher's classes, else 404) and `attempts` (first or all) from
    the address."""
    wanted = request.GET.get("class", "")
    school_class = None
    if wanted:
        school_class = next((c for c in classes if str(c.pk) == wanted), None)
        if school_class is None:
            raise Http404(_("找不到這個班級。"))
    counted = request.GET.get("attempts", "") or Counted.FIRST.value
    if counted not in Counted:
        return ResultsFilter(
            school_class=school_class,
            counted_as=Counted.FIRST,
            refused=_("「統計」只能選第一次作答或全部作答；以下是第一次作答的統計。"),
        )
    return ResultsFilter(school_class=school_class, counted_as=Counted(counted), refused="")


@dataclass(frozen=True)
class ResultRow:
    student: StudentRow
    membership: Membership | None  # with a class chosen: the student's place in it


@require_safe
@teacher_required
def set_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question_set = own_set(request, pk)
    # Attempts whose time ran out count, whether or not their students came back.
    attempts.attempts_expire_due(question_set=question_set)
    classes = classes_for_results(user=request.user, question_set=question_set)
    chosen = results_filter(request, classes)
    roster = class_roster(school_class=chosen.school_class) if chosen.school_class else []
    summary = results.set_results(
        question_set=question_set,
        user_ids={m.student_id for m in roster} if chosen.school_class else None,
        counted_as=chosen.counted_as,
    )
    if chosen.school_class:
        # In roster order (座號, then 姓名), each with their place in the class.
        by_user = {row.user_id: row for row in summary.students}
        rows = [
            ResultRow(student=by_user[m.student_id], membership=m)
            for m in roster
            if m.student_id in by_user
        ]
    else:
        rows = [ResultRow(student=row, membership=None) for row in summary.students]
    context = {
        "question_set": question_set,
        "results": summary,
        "rows": rows,
        "classes": classes,
        "chosen": chosen,
        "not_started": [m for m in roster if m.student_id not in summary.started_user_ids],
        "few_students": summary.students_counted < FEW_STUDENTS,
        "few_students_limit": FEW_STUDENTS,
    }
    return page_or_partial(
        request,
        "teacher/results.html",
        context,
        partial="results",
        status=400 if chosen.refused else 200,
    )


def csv_response(filename: str) -> tuple[HttpResponse, Any]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 Chinese correctly only with a BOM
    return response, csv.writer(response)


def csv_filename(stem: str, question_set_pk: int, chosen: ResultsFilter) -> str:
    name = f"{stem}-{question_set_pk}"
    if chosen.school_class is not None:
        name += f"-class-{chosen.school_class.pk}"
    return f"{name}.csv"


@require_safe
@teacher_required
def set_results_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Each student's best score, time and attempts; with a class, 座號 and 姓名 first."""
    question_set = own_set(request, pk)
    attempts.attempts_expire_due(question_set=question_set)
    chosen = results_filter(
        request, classes_for_results(user=request.user, question_set=question_set)
    )
    roster = class_roster(school_class=chosen.school_class) if chosen.school_class else []
    summary = results.set_results(
        question_set=question_set,
        user_ids={m.student_id for m in roster} if chosen.school_class else None,
    )
    response, writer = csv_response(csv_filename("results", question_set.pk, chosen))
    heading = [_("學生"), _("最高分"), _("滿分"), _("用時（秒）"), _("作答次數")]
    seat_of = {m.student_id: m for m in roster}
    writer.writerow([_("座號"), _("姓名"), *heading] if chosen.school_class else heading)
    for row in summary.students:
        cells = [
            spreadsheet_safe(row.name),
            format_points(row.best_score),
            format_points(row.max_score),
            int(row.duration.total_seconds()) if row.duration else "",
            row.attempts,
        ]
        if chosen.school_class:
            membership = seat_of[row.user_id] if row.user_id is not None else None
            cells = [
                membership.seat_number if membership and membership.seat_number else "",
                spreadsheet_safe(membership.name) if membership else "",
                *cells,
            ]
        writer.writerow(cells)
    # With a class, every student has a row: a gradebook import finds those with no
    # finished attempt too (no score; 0 attempts when they have not started), not a gap.
    listed = {row.user_id for row in summary.students}
    for membership in roster:
        if membership.student_id in listed:
            continue
        started = membership.student_id in summary.started_user_ids
        name = spreadsheet_safe(membership.name)
        seat = membership.seat_number or ""
        writer.writerow(
            [seat, name, name, "", format_points(summary.max_score), "", "" if started else 0]
        )
    return response


def roster_cells(memberships: list[Membership], fallback_name: str) -> list[str]:
    """班級, 座號, 姓名 of a student: every class of the teacher's they sit in, in one
    cell each; the name they answered under when no roster names them."""
    names = list(dict.fromkeys(m.name for m in memberships))
    return [
        JOINED.join(m.school_class.name for m in memberships),
        JOINED.join(str(m.seat_number) for m in memberships if m.seat_number is not None),
        JOINED.join(names) if names else fallback_name,
    ]


@require_safe
@teacher_required
def set_responses_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One row per student and question of the counted attempts: the answer, its score,
    the seconds it took and when it was given."""
    question_set = own_set(request, pk)
    attempts.attempts_expire_due(question_set=question_set)
    chosen = results_filter(
        request, classes_for_results(user=request.user, question_set=question_set)
    )
    if chosen.school_class:
        roster = memberships_by_student(classes=[chosen.school_class])
        user_ids: set[int] | None = set(roster)
    else:
        roster = memberships_by_student(classes=taught_classes(user=request.user))
        user_ids = None
    rows = results.set_responses(
        question_set=question_set, user_ids=user_ids, counted_as=chosen.counted_as
    )
    response, writer = csv_response(csv_filename("responses", question_set.pk, chosen))
    writer.writerow(
        [
            _("班級"),
            _("座號"),
            _("姓名"),
            _("第幾次作答"),
            _("題目"),
            _("答案"),
            _("得分"),
            _("秒數"),
            _("作答時間"),
        ]
    )
    for row in rows:
        attempt = row.attempt
        memberships = roster.get(attempt.user_id, []) if attempt.user_id else []
        # Ordering: the items in the order the student put them.
        answer = " → ".join(row.answer_texts)
        writer.writerow(
            [
                *(
                    spreadsheet_safe(cell)
                    for cell in roster_cells(memberships, attempt.display_name)
                ),
                row.attempt_number,
                spreadsheet_safe(row.question.prompt),
                spreadsheet_safe(answer),
                format_points(row.response.score),
                row.seconds,
                row.answered_at_local.isoformat(timespec="seconds"),
            ]
        )
    return response


def chosen_attempt(request: AuthenticatedHttpRequest, theirs: list[Attempt]) -> Attempt:
    """`?attempt=<public_id>` among the student's attempts (else 404); by default their
    latest finished one, else the one in progress. `theirs` is newest first."""
    wanted = request.GET.get("attempt", "")
    if wanted:
        try:
            public_id = uuid.UUID(wanted)
        except ValueError:
            raise Http404(_("找不到這次作答。")) from None
        for attempt in theirs:
            if attempt.public_id == public_id:
                return attempt
        raise Http404(_("找不到這次作答。"))
    return next((a for a in theirs if a.is_finished), theirs[0])


@require_safe
@teacher_required
def student_attempt(request: AuthenticatedHttpRequest, pk: int, user_id: int) -> HttpResponse:
    """One student's attempt question by question: their answer, its score and seconds,
    the key (the teacher always sees it), and what the student's own review shows."""
    question_set = own_set(request, pk)
    attempts.attempts_expire_due(question_set=question_set)
    theirs = results.student_attempts(question_set=question_set, user_id=user_id)
    if not theirs:
        raise Http404(_("這位學生沒有作答過這個題組。"))
    for attempt in theirs:
        attempt.question_set = question_set  # already at hand: no query per attempt
    attempt = chosen_attempt(request, theirs)
    memberships = memberships_by_student(
        classes=taught_classes(user=request.user), student_ids=[user_id]
    ).get(user_id, [])
    # Back to the results as they were filtered, when that class is one of the student's.
    from_class = next(
        (m.school_class for m in memberships if str(m.school_class.pk) == request.GET.get("class")),
        None,
    )
    context = {
        "question_set": question_set,
        "student": theirs[0].user,
        "memberships": memberships,
        "attempts": theirs,
        "detail": attempt_detail(attempt=attempt),
        "from_class": from_class,
        "class_query": urlencode({"class": from_class.pk}) if from_class else "",
    }
    return page_or_partial(request, "teacher/student_attempt.html", context, partial="detail")
