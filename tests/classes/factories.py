"""Objects for the class tests, made directly with the ORM and the attempt services:
a class with its teachers, its roster, an assignment, a student's attempt."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.utils import timezone

from quizapp.classes.models import Assignment, Membership, SchoolClass
from quizapp.quizzes.models import Attempt, Question, QuestionSet, Response
from quizapp.quizzes.services.attempts import attempt_advance, attempt_start, response_submit

_codes = itertools.count(1)


def make_class(*teachers: User, name: str = "三年二班", school_year: str = "114") -> SchoolClass:
    school_class = SchoolClass.objects.create(
        name=name, school_year=school_year, join_code=f"C{next(_codes):07d}"
    )
    school_class.teachers.add(*teachers)
    return school_class


def make_student(username: str) -> User:
    return User.objects.create_user(username=username, password="a-long-pass-1")


def enrol(
    school_class: SchoolClass,
    *,
    name: str,
    seat_number: int | None = None,
    student: User | None = None,
) -> Membership:
    """A student on the class's roster (a new account unless one is given)."""
    if student is None:
        student = make_student(f"s{next(_codes)}")
    return Membership.objects.create(
        school_class=school_class, student=student, seat_number=seat_number, name=name
    )


def enrol_many(school_class: SchoolClass, count: int, *, first_seat: int = 1) -> list[Membership]:
    return [
        enrol(school_class, name=f"學生{seat:02d}", seat_number=seat)
        for seat in range(first_seat, first_seat + count)
    ]


def assign(school_class: SchoolClass, question_set: QuestionSet) -> Assignment:
    return Assignment.objects.create(school_class=school_class, question_set=question_set)


def wrong_answer(question: Question) -> list[int]:
    if question.is_ordering:
        return list(reversed(question.key))
    return [(question.key[0] + 1) % len(question.options)]


def take(
    question_set: QuestionSet,
    student: User,
    *,
    right: int | None = None,
    finish: bool = True,
    answer_count: int | None = None,
    seconds: Sequence[int] | None = None,
    started_at: datetime.datetime | None = None,
    is_preview: bool = False,
) -> Attempt:
    """An attempt by the student: the first `right` questions (in the order shown) right,
    the rest wrong; all answered and finished unless `finish` is false (then
    `answer_count` answered). `seconds`: the time each answer took, written over the real
    (near-zero) times, from `started_at`."""
    attempt = attempt_start(
        question_set=question_set, user=student, guest_token="", display_name=""
    )
    total = len(attempt.slots)
    right = total if right is None else right
    answering = total if finish else (answer_count or 0)
    for index in range(answering):
        question = Question.objects.get(pk=attempt.current_slot.question_id)
        answer = list(question.key) if index < right else wrong_answer(question)
        response_submit(
            attempt=attempt, question=question, seq=attempt.seq, answer=answer, confirmed=True
        )
        if attempt.is_immediate and not attempt.is_finished and (index + 1 < total or finish):
            attempt_advance(attempt=attempt, seq=attempt.seq)
    Attempt.objects.filter(pk=attempt.pk).update(is_preview=is_preview)
    if started_at is not None or seconds is not None:
        start = started_at or timezone.now() - datetime.timedelta(hours=1)
        Attempt.objects.filter(pk=attempt.pk).update(started_at=start)
    if seconds is not None:
        moment = start
        for slot, spent in zip(attempt.slots, seconds, strict=False):
            moment += datetime.timedelta(seconds=spent)
            Response.objects.filter(attempt=attempt, question_id=slot.question_id).update(
                answered_at=moment
            )
    attempt.refresh_from_db()
    return attempt
