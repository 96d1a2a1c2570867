"""Reads for the student screens, each in a fixed number of queries whatever the set's size."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from quizapp.grading import grade_ordering
from quizapp.quizzes.models import (
    Attempt,
    AttemptState,
    FeedbackMode,
    Question,
    QuestionSet,
    Response,
    SetStatus,
)


def open_sets() -> QuerySet[QuestionSet]:
    return (
        QuestionSet.objects.filter(status=SetStatus.PUBLISHED)
        .annotate(question_count=Count("questions", filter=Q(questions__is_active=True)))
        .order_by("title")
    )


def set_by_join_code(code: str) -> QuestionSet | None:
    return QuestionSet.objects.filter(join_code=code, status=SetStatus.PUBLISHED).first()


def owner_filter(*, user, guest_token: str) -> Q:
    if user is not None and user.is_authenticated:
        return Q(user=user)
    if guest_token:
        return Q(user__isnull=True, guest_token=guest_token)
    return Q(pk__in=[])


def attempt_for_owner(*, public_id, user, guest_token: str) -> Attempt | None:
    """The attempt, if it belongs to this browser's student; None for anyone else's."""
    return (
        Attempt.objects.select_related("question_set")
        .filter(owner_filter(user=user, guest_token=guest_token), public_id=public_id)
        .first()
    )


def attempt_in_progress(*, question_set: QuestionSet, user, guest_token: str) -> Attempt | None:
    return (
        Attempt.objects.filter(
            owner_filter(user=user, guest_token=guest_token),
            question_set=question_set,
            state=AttemptState.IN_PROGRESS,
        )
        .order_by("-started_at")
        .first()
    )


def past_attempts(*, user, guest_token: str) -> QuerySet[Attempt]:
    return (
        Attempt.objects.select_related("question_set")
        .filter(owner_filter(user=user, guest_token=guest_token))
        .order_by("-started_at")[:20]
    )


@dataclass(frozen=True)
class ShownOption:
    id: str  # opaque, per attempt
    text: str


@dataclass(frozen=True)
class Feedback:
    is_correct: bool
    score: float
    key_texts: list[str]  # the key option, or the items in time order
    given_texts: list[str]
    out_of_place: list[str]


@dataclass(frozen=True)
class QuestionScreen:
    question: Question
    number: int
    total: int
    options: list[ShownOption]
    response: Response | None
    feedback: Feedback | None  # only once it may be shown

    @property
    def answered(self) -> bool:
        return self.response is not None

    @property
    def is_last(self) -> bool:
        return self.number == self.total


def shown_options(question: Question, slot: dict) -> list[ShownOption]:
    return [
        ShownOption(id=opaque, text=question.options[index])
        for opaque, index in zip(slot["ids"], slot["indices"], strict=True)
    ]


def feedback_for(question: Question, response: Response) -> Feedback:
    given = [question.options[index] for index in response.answer]
    if question.is_ordering:
        rank = {index: position for position, index in enumerate(question.key)}
        result = grade_ordering(response=response.answer, rank=rank)
        return Feedback(
            is_correct=response.is_correct,
            score=response.score,
            key_texts=[question.options[index] for index in question.key],
            given_texts=given,
            out_of_place=[question.options[index] for index in result.out_of_place],
        )
    return Feedback(
        is_correct=response.is_correct,
        score=response.score,
        key_texts=[question.options[question.key[0]]],
        given_texts=given,
        out_of_place=[],
    )


def attempt_screen(
    *,
    attempt: Attempt,
    question: Question | None = None,
    response: Response | None = None,
    response_known: bool = False,
) -> QuestionScreen:
    """The current question, with feedback only when the set shows it now.

    At most two queries; none when the caller already holds the question and knows its
    response (the answer post does). Callers finish an attempt whose index has run past
    its last question first.
    """
    slot = attempt.layout[attempt.current_index]
    if question is None or question.pk != slot["question"]:
        question = Question.objects.get(pk=slot["question"])
        response_known = False
    immediate = attempt.question_set.feedback_mode == FeedbackMode.IMMEDIATE
    if not response_known:
        # With feedback at the end, the current question is never answered yet: an
        # answer moves the attempt on in the same write. Only immediate feedback looks.
        response = (
            Response.objects.filter(attempt=attempt, question=question).first()
            if immediate
            else None
        )
    return QuestionScreen(
        question=question,
        number=attempt.current_index + 1,
        total=len(attempt.layout),
        options=shown_options(question, slot),
        response=response,
        feedback=feedback_for(question, response) if immediate and response else None,
    )


@dataclass(frozen=True)
class ReviewItem:
    number: int
    question: Question
    response: Response | None
    feedback: Feedback | None


def attempt_review(*, attempt: Attempt) -> list[ReviewItem]:
    """Every question with the student's answer and the key: for finished attempts only."""
    if not attempt.is_finished:
        raise ValueError("The review opens once the attempt is finished.")
    order = [slot["question"] for slot in attempt.layout]
    questions = Question.objects.in_bulk(order)
    responses = {r.question_id: r for r in Response.objects.filter(attempt=attempt)}
    items = []
    for number, question_id in enumerate(order, start=1):
        question = questions.get(question_id)
        if question is None:
            continue
        response = responses.get(question_id)
        items.append(
            ReviewItem(
                number=number,
                question=question,
                response=response,
                feedback=feedback_for(question, response) if response else None,
            )
        )
    return items


# ---- teachers ---------------------------------------------------------------------


def can_teach(user) -> bool:
    return user.is_authenticated and user.has_perm("quizzes.add_questionset")


def teacher_sets(*, user) -> QuerySet[QuestionSet]:
    sets = QuestionSet.objects.annotate(
        question_count=Count("questions", filter=Q(questions__is_active=True), distinct=True),
        attempt_count=Count("attempts", distinct=True),
    ).order_by("-created_at")
    return sets if user.is_superuser else sets.filter(owner=user)


def teacher_set(*, user, pk: int) -> QuestionSet | None:
    """The teacher's own set (admins: any set); None for anyone else's."""
    sets = (
        QuestionSet.objects.all() if user.is_superuser else QuestionSet.objects.filter(owner=user)
    )
    return sets.filter(pk=pk).first()


def set_questions(*, question_set: QuestionSet) -> list[Question]:
    return list(question_set.questions.filter(is_active=True).order_by("position"))


@dataclass(frozen=True)
class StudentRow:
    name: str
    attempts: int
    best_score: float
    max_score: float
    duration: object  # datetime.timedelta of the best attempt


@dataclass(frozen=True)
class QuestionRow:
    number: int
    question: Question
    answered: int
    facility: float | None
    discrimination: float | None
    hint: object
    option_counts: list[int]
    unpicked: list[int]


@dataclass(frozen=True)
class SetResults:
    students: list[StudentRow]
    questions: list[QuestionRow]
    bars: list
    finished: int
    in_progress: int
    max_score: float


def student_key(attempt: Attempt) -> tuple:
    """Who took an attempt: an account, or a guest's browser."""
    return ("user", attempt.user_id) if attempt.user_id else ("guest", attempt.guest_token)


def set_results(*, question_set: QuestionSet) -> SetResults:
    """Everything the results page shows, in four queries whatever the class size."""
    from quizapp.quizzes.statistics import (
        facility,
        histogram,
        histogram_bars,
        item_hint,
        item_rest_correlation,
        option_counts,
        unpicked_distractors,
    )

    attempts = list(
        Attempt.objects.filter(question_set=question_set)
        .select_related("user")
        .order_by("started_at")
    )
    finished = [a for a in attempts if a.is_finished]
    responses = list(Response.objects.filter(attempt__in=finished))
    asked_ids = {r.question_id for r in responses}
    questions = list(
        question_set.questions.filter(Q(is_active=True) | Q(pk__in=asked_ids)).order_by(
            "-is_active", "position"
        )
    )
    by_question: dict[int, list[Response]] = {}
    for response in responses:
        by_question.setdefault(response.question_id, []).append(response)
    total_of = {a.pk: a.score or 0.0 for a in finished}

    rows = []
    for number, question in enumerate(questions, start=1):
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

    students: dict[tuple, list[Attempt]] = {}
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
