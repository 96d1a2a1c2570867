"""The results of a set for its teacher: each student's best score, each question's
statistics, the score histogram. A fixed number of queries whatever the class size."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q

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


@dataclass(frozen=True)
class StudentRow:
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


def set_results(*, question_set: QuestionSet) -> SetResults:
    """Everything the results page shows, in three queries whatever the class size."""
    attempts = list(
        Attempt.objects.counted()
        .filter(question_set=question_set)
        .select_related("user")
        .order_by("started_at")
    )
    finished = [a for a in attempts if a.is_finished]
    counted = first_attempts(finished)
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
            histogram([row.best_score for row in student_rows], max_score=max_score or 1, bins=10),
            max_score=max_score or 1,
        ),
        finished=len(finished),
        in_progress=len(attempts) - len(finished),
        max_score=max_score,
    )
