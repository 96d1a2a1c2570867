"""Reads for classes, each in a fixed number of queries whatever the class's size.

A teacher sees only the classes they teach (admins: all); a student, only their own."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from quizapp.classes.models import Assignment, Membership, SchoolClass
from quizapp.quizzes.models import Attempt, QuestionSet
from quizapp.vocabulary import AttemptState, SetStatus

CLASS_SORTS = {"new": "-created_at", "old": "created_at", "name": "name"}


def taught_classes(*, user: User) -> QuerySet[SchoolClass]:
    """The classes this teacher teaches (an admin: every class), as teacher_set does."""
    classes = SchoolClass.objects.all()
    return classes if user.is_superuser else classes.filter(teachers=user)


def teacher_classes(
    *, user: User, archived: bool = False, search: str = "", sort: str = "new"
) -> QuerySet[SchoolClass]:
    classes = (
        taught_classes(user=user)
        .filter(is_archived=archived)
        .annotate(
            student_count=Count(
                "memberships", filter=Q(memberships__removed_at__isnull=True), distinct=True
            ),
            assignment_count=Count("assignments", distinct=True),
        )
    )
    if search:
        classes = classes.filter(Q(name__icontains=search) | Q(school_year__icontains=search))
    return classes.order_by(CLASS_SORTS.get(sort, CLASS_SORTS["new"]), "-pk")


def teacher_class(*, user: User, pk: int) -> SchoolClass | None:
    """A class this teacher teaches (admins: any class); None for anyone else's."""
    return taught_classes(user=user).filter(pk=pk).first()


def class_by_code(*, code: str) -> SchoolClass | None:
    return SchoolClass.objects.filter(join_code=code, is_archived=False).first()


def class_roster(*, school_class: SchoolClass) -> list[Membership]:
    """The class's current members, by 座號 (those without one last), then 姓名."""
    return list(
        Membership.objects.current()
        .filter(school_class=school_class)
        .select_related("student")
        .order_by(F("seat_number").asc(nulls_last=True), "name")
    )


def is_member(*, user: User, school_class: SchoolClass) -> bool:
    return Membership.objects.current().filter(school_class=school_class, student=user).exists()


def class_size(*, school_class: SchoolClass) -> int:
    return Membership.objects.current().filter(school_class=school_class).count()


def class_member(*, school_class: SchoolClass, pk: int) -> Membership | None:
    return (
        Membership.objects.current()
        .filter(school_class=school_class, pk=pk)
        .select_related("student")
        .first()
    )


def taken_seats(*, school_class: SchoolClass) -> frozenset[int]:
    seats = (
        Membership.objects.current()
        .filter(school_class=school_class, seat_number__isnull=False)
        .values_list("seat_number", flat=True)
    )
    return frozenset(seat for seat in seats if seat is not None)


def seatless_names(*, school_class: SchoolClass) -> frozenset[str]:
    """The names of the class's students without a 座號."""
    names = (
        Membership.objects.current()
        .filter(school_class=school_class, seat_number__isnull=True)
        .values_list("name", flat=True)
    )
    return frozenset(names)


def class_assignments(*, school_class: SchoolClass) -> list[Assignment]:
    """The class's assignments, each with how many of its current students finished."""
    members = Membership.objects.current().filter(school_class=school_class)
    assignments = (
        Assignment.objects.filter(school_class=school_class)
        .select_related("question_set")
        .annotate(
            finished_count=Count(
                "question_set__attempts__user",
                filter=Q(
                    question_set__attempts__state=AttemptState.FINISHED,
                    question_set__attempts__is_preview=False,
                    question_set__attempts__user__in=members.values("student"),
                ),
                distinct=True,
            )
        )
        .order_by("-assigned_at")
    )
    return list(assignments)


def own_sets(*, user: User) -> QuerySet[QuestionSet]:
    sets = QuestionSet.objects.all()
    return (sets if user.is_superuser else sets.filter(owner=user)).order_by("-created_at")


def assignable_sets(*, user: User) -> list[QuestionSet]:
    """The teacher's sets a class can be given: published, not archived, not closed."""
    sets = own_sets(user=user).filter(status=SetStatus.PUBLISHED, is_archived=False)
    return [question_set for question_set in sets if not question_set.has_closed]


class HomeworkStatus(StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    CLOSED = "closed"  # closed without an attempt


@dataclass(frozen=True)
class Homework:
    assignment: Assignment
    status: HomeworkStatus
    ongoing: Attempt | None  # the attempt to go on with
    best: Attempt | None  # the best finished attempt, for its score and review
    has_closed: bool


def student_homework(*, user: User | AnonymousUser) -> list[Homework]:
    """「我的作業」: every set assigned to the student's current classes, with where they
    are with it. Three queries whatever the number of classes and attempts."""
    if not user.is_authenticated:
        return []
    assignments = list(
        Assignment.objects.filter(
            school_class__memberships__student=user,
            school_class__memberships__removed_at__isnull=True,
            school_class__is_archived=False,
        )
        .select_related("question_set", "school_class")
        .annotate(
            question_count=Count(
                "question_set__questions",
                filter=Q(question_set__questions__is_active=True),
                distinct=True,
            )
        )
        # Homework with a close time first, soonest first; the same on every database.
        .order_by(F("closes_at").asc(nulls_last=True), "-assigned_at")
    )
    attempts = (
        Attempt.objects.counted()
        .filter(
            user=user,
            question_set__in={assignment.question_set_id for assignment in assignments},
        )
        .order_by("-started_at")
    )
    by_set: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_set.setdefault(attempt.question_set_id, []).append(attempt)
    homework = []
    for assignment in assignments:
        own = by_set.get(assignment.question_set_id, [])
        ongoing = next((a for a in own if a.state == AttemptState.IN_PROGRESS), None)
        finished = [a for a in own if a.is_finished]
        best = max(finished, key=lambda a: (a.score or 0, a.started_at), default=None)
        closed = assignment.has_closed()
        if ongoing is not None:
            # Started in time: theirs to finish (an attempt ends by the class's close
            # time on its own, and the home page finishes those past it first).
            status = HomeworkStatus.IN_PROGRESS
        elif best is not None:
            status = HomeworkStatus.FINISHED
        elif closed:
            status = HomeworkStatus.CLOSED
        elif assignment.not_yet_open():
            status = HomeworkStatus.NOT_YET_OPEN
        else:
            status = HomeworkStatus.NOT_STARTED
        homework.append(Homework(assignment, status, ongoing, best, closed))
    return homework


@dataclass(frozen=True)
class HomeworkWindow:
    """A set as one student's homework: `closed` is the assignment that stops them
    starting (before its open time or past its close time; None when one of their classes
    has it open), `due_by` the time an attempt started now must end by (None: no class
    time applies)."""

    closed: Assignment | None
    due_by: datetime.datetime | None


def homework_window(
    *, user: User | AnonymousUser, question_set: QuestionSet, now: datetime.datetime | None = None
) -> HomeworkWindow:
    if not user.is_authenticated:
        return HomeworkWindow(None, None)
    now = now or timezone.now()
    assignments = list(
        Assignment.objects.filter(
            question_set=question_set,
            school_class__memberships__student=user,
            school_class__memberships__removed_at__isnull=True,
            school_class__is_archived=False,
        ).select_related("question_set")
    )
    if not assignments:
        return HomeworkWindow(None, None)
    open_now = [a for a in assignments if not a.has_closed(now) and not a.not_yet_open(now)]
    if not open_now:
        return HomeworkWindow(assignments[0], None)
    # In two classes with different close times, the later one is theirs to use.
    closes = [a.closes_at for a in open_now]
    due_by = None if None in closes else max(c for c in closes if c is not None)
    return HomeworkWindow(None, due_by)
