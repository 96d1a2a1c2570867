"""The results of a set for its teacher: each student's best score, each question's
statistics, the score histogram, each response with the time it took. A fixed number of
queries whatever the class size.

A teacher's preview attempts are never counted. Callers narrow the results to a group of
students by their user ids: the classes they belong to are known one layer up.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils import timezone

from quizapp.quizzes.models import Attempt, Question, QuestionSet, Response
from quizapp.statistics import (
    Bar,
    ItemHint,
    facility,
    histogram,
    histogram_bars,
    item_hint,
    item_rest_correlation,
    option_counts,
    unpicked_distractors,
)
from quizapp.vocabulary import AttemptState


class Counted(StrEnum):
    """Which finished attempts the item statistics and the histogram count: each
    student's first (Moodle's default: retries after seeing the keys would flatter the
    questions), or every one."""

    FIRST = "first"
    ALL = "all"


@dataclass(frozen=True)
class StudentRow:
    user_id: int | None  # None for a guest
    name: str
    attempts: int
    best_score: float
    max_score: float
    duration: datetime.timedelta | None  # of the best attempt


@dataclass(frozen=True)
class QuestionRow:
    number: int
    question: Question
    answered: int
    facility: float | None
    discrimination: float | None
    hint: ItemHint
    option_counts: list[int]
    unpicked: list[int]

    @property
    def option_rows(self) -> list[OptionRow]:
        """Each option with how often it was chosen: multiple choice only."""
        key = self.question.key[0]
        return [
            OptionRow(text=text, count=count, is_key=index == key, unpicked=index in self.unpicked)
            for index, (text, count) in enumerate(
                zip(self.question.options, self.option_counts, strict=True)
            )
        ]


@dataclass(frozen=True)
class OptionRow:
    text: str
    count: int
    is_key: bool
    unpicked: bool


@dataclass(frozen=True)
class SetResults:
    students: list[StudentRow]
    questions: list[QuestionRow]
    bars: list[Bar]
    finished: int
    in_progress: int
    max_score: float
    counted: Counted
    # People with a finished attempt: how many the statistics stand on.
    students_counted: int
    # Accounts with any attempt on the set, finished or not.
    started_user_ids: frozenset[int]


def student_key(attempt: Attempt) -> tuple[str, int | str | None]:
    """Who took an attempt: an account, or a guest's browser."""
    return ("user", attempt.user_id) if attempt.user_id else ("guest", attempt.guest_token)


def first_attempts(finished: list[Attempt]) -> list[Attempt]:
    """Each person's first finished attempt (`finished` in start order): item statistics
    count people, as Moodle's do by default, not retries."""
    first: dict[tuple[str, int | str | None], Attempt] = {}
    for attempt in finished:
        first.setdefault(student_key(attempt), attempt)
    return list(first.values())


def latest_versions(questions: list[Question]) -> dict[int, int]:
    """Each question's id → the id of its current wording: a wording edit retires the
    answered question, and both versions' answers are one question's statistics."""
    newer = {q.revision_of_id: q.pk for q in questions if q.revision_of_id is not None}
    latest = {}
    for question in questions:
        current = question.pk
        while current in newer:
            current = newer[current]
        latest[question.pk] = current
    return latest


def counted_attempts(
    *, question_set: QuestionSet, user_ids: Collection[int] | None = None
) -> QuerySet[Attempt]:
    """The set's attempts that results count: never a teacher's preview; only these
    accounts' when `user_ids` is given (no guest belongs to a group of accounts)."""
    attempts = Attempt.objects.counted().filter(question_set=question_set)
    if user_ids is not None:
        attempts = attempts.filter(user_id__in=user_ids)
    return attempts


def set_results(
    *,
    question_set: QuestionSet,
    user_ids: Collection[int] | None = None,
    counted_as: Counted = Counted.FIRST,
) -> SetResults:
    """Everything the results page shows, in three queries whatever the class size:
    the set's students (or only these accounts), with the item statistics and histogram
    over their first finished attempts or all of them."""
    attempts = list(
        counted_attempts(question_set=question_set, user_ids=user_ids)
        .select_related("user")
        .order_by("started_at")
    )
    finished = [a for a in attempts if a.is_finished]
    firsts = first_attempts(finished)
    counted = firsts if counted_as == Counted.FIRST else finished
    responses = list(Response.objects.filter(attempt__in=counted))
    asked_ids = {r.question_id for r in responses}
    questions = list(
        question_set.questions.filter(Q(is_active=True) | Q(pk__in=asked_ids)).order_by(
            "-is_active", "position"
        )
    )
    latest = latest_versions(questions)
    by_question: dict[int, list[Response]] = {}
    for response in responses:
        by_question.setdefault(latest.get(response.question_id, response.question_id), []).append(
            response
        )
    total_of = {a.pk: a.score or 0.0 for a in counted}

    rows = []
    shown = [question for question in questions if latest[question.pk] == question.pk]
    for number, question in enumerate(shown, start=1):
        answers = by_question.get(question.pk, [])
        item = [r.score for r in answers]
        totals = [total_of[r.attempt_id] for r in answers]
        fac = facility(item)
        disc = item_rest_correlation(item, totals)
        counts = (
            option_counts([r.answer[0] for r in answers], len(question.options))
            if not question.is_ordering
            else []
        )
        rows.append(
            QuestionRow(
                number=number,
                question=question,
                answered=len(answers),
                facility=fac,
                discrimination=disc,
                hint=item_hint(fac, disc),
                option_counts=counts,
                unpicked=unpicked_distractors(counts, question.key[0]) if counts else [],
            )
        )

    students: dict[tuple[str, int | str | None], list[Attempt]] = {}
    for attempt in finished:
        students.setdefault(student_key(attempt), []).append(attempt)
    all_attempts = Counter(student_key(attempt) for attempt in attempts)
    student_rows = []
    for key, theirs in students.items():
        best = max(theirs, key=lambda a: (a.score or 0.0, -a.started_at.timestamp()))
        student_rows.append(
            StudentRow(
                user_id=best.user_id,
                name=best.user.get_username() if best.user else best.display_name,
                attempts=all_attempts[key],
                best_score=best.score or 0.0,
                max_score=best.max_score,
                duration=(best.finished_at - best.started_at) if best.finished_at else None,
            )
        )
    student_rows.sort(key=lambda row: (-row.best_score, row.name))
    max_score = max((a.max_score for a in finished), default=float(len(questions)))
    return SetResults(
        students=student_rows,
        questions=rows,
        bars=histogram_bars(
            histogram([a.score or 0.0 for a in counted], max_score=max_score or 1, bins=10),
            max_score=max_score or 1,
        ),
        finished=len(finished),
        in_progress=len(attempts) - len(finished),
        max_score=max_score,
        counted=counted_as,
        students_counted=len(firsts),
        started_user_ids=frozenset(a.user_id for a in attempts if a.user_id is not None),
    )


def seconds_per_response(attempt: Attempt, responses: list[Response]) -> dict[int, int]:
    """Each response's id → the whole seconds since the answer before it in this attempt
    (since the attempt started, for the first): the time the question took."""
    seconds = {}
    previous = attempt.started_at
    for response in sorted(responses, key=lambda r: r.answered_at):
        seconds[response.pk] = max(0, int((response.answered_at - previous).total_seconds()))
        previous = response.answered_at
    return seconds


@dataclass(frozen=True)
class ResponseRow:
    attempt: Attempt
    attempt_number: int  # the student's 1st, 2nd… attempt on the set
    question: Question
    response: Response
    seconds: int

    @property
    def answer_texts(self) -> list[str]:
        """The options chosen: one for multiple choice, every item in order for ordering."""
        return [self.question.options[index] for index in self.response.answer]

    @property
    def answered_at_local(self) -> datetime.datetime:
        return timezone.localtime(self.response.answered_at)


def set_responses(
    *,
    question_set: QuestionSet,
    user_ids: Collection[int] | None = None,
    counted_as: Counted = Counted.FIRST,
) -> list[ResponseRow]:
    """One row per response of the counted finished attempts, student by student in
    start order, each attempt's questions in the set's order. Two queries."""
    finished = list(
        counted_attempts(question_set=question_set, user_ids=user_ids)
        .filter(state=AttemptState.FINISHED)
        .select_related("user")
        .order_by("started_at")
    )
    counted = first_attempts(finished) if counted_as == Counted.FIRST else finished
    responses = Response.objects.filter(attempt__in=counted).select_related("question")
    by_attempt: dict[int, list[Response]] = {}
    for response in responses:
        by_attempt.setdefault(response.attempt_id, []).append(response)
    numbers = Counter[tuple[str, int | str | None]]()
    number_of: dict[int, int] = {}
    for attempt in finished:
        numbers[student_key(attempt)] += 1
        number_of[attempt.pk] = numbers[student_key(attempt)]
    # Each student's rows together, whichever of their attempts came first overall.
    first_start: dict[tuple[str, int | str | None], datetime.datetime] = {}
    for attempt in counted:
        first_start.setdefault(student_key(attempt), attempt.started_at)
    rows = []
    for attempt in sorted(counted, key=lambda a: (first_start[student_key(a)], a.started_at)):
        theirs = by_attempt.get(attempt.pk, [])
        seconds = seconds_per_response(attempt, theirs)
        for response in sorted(theirs, key=lambda r: (r.question.position, r.question_id)):
            rows.append(
                ResponseRow(
                    attempt=attempt,
                    attempt_number=number_of[attempt.pk],
                    question=response.question,
                    response=response,
                    seconds=seconds[response.pk],
                )
            )
    return rows


def student_attempts(*, question_set: QuestionSet, user_id: int) -> list[Attempt]:
    """One account's attempts on the set, newest first (never a teacher's preview)."""
    return list(
        counted_attempts(question_set=question_set, user_ids=[user_id])
        .select_related("user")
        .order_by("-started_at")
    )
