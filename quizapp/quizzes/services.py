"""Writes for question sets and attempts. Each is keyword-only and atomic.

Concurrency: every state change of an attempt is a conditional UPDATE on its sequence
number (`WHERE seq = N AND state = in_progress`). Of two posts carrying the same seq,
exactly one matches; the other changes nothing and is answered 409. This works the
same on SQLite (where select_for_update does nothing) and on PostgreSQL.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from quizapp.generator.drafts import QuestionDraft
from quizapp.grading import grade_choice, grade_ordering
from quizapp.quizzes.models import (
    Attempt,
    AttemptState,
    FeedbackMode,
    OrderingGrading,
    Question,
    QuestionFact,
    QuestionSet,
    Response,
    SetStatus,
)

# Late answers within this margin of the deadline still count: network and a slow tap.
DEADLINE_GRACE = datetime.timedelta(seconds=15)
# 31 characters without look-alikes (0/O, 1/I/L): 31**8 ≈ 8.5 × 10**11 codes.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 8


class QuizError(Exception):
    """A request the attempt cannot honour; `status` is the HTTP answer."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SetNotOpen(QuizError):
    status = 403


class NoAttemptsLeft(QuizError):
    status = 403


class StaleSubmission(QuizError):
    status = 409


class AttemptClosed(QuizError):
    status = 409


class InvalidAnswer(QuizError):
    status = 400


def join_code_new() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(text: str) -> str:
    """What a student types, in any case, with spaces or dashes, folds to the code."""
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())[
        : JOIN_CODE_LENGTH * 2
    ]


@transaction.atomic
def question_set_create(
    *,
    title: str,
    drafts: Sequence[QuestionDraft],
    owner=None,
    feedback_mode: str = FeedbackMode.IMMEDIATE,
    time_limit_minutes: int | None = None,
    attempts_allowed: int = 0,
    shuffle_questions: bool = False,
    shuffle_options: bool = False,
    ordering_grading: str = OrderingGrading.PAIRS,
    scope: dict | None = None,
    kinds: Sequence[str] = (),
    seed: int = 0,
) -> QuestionSet:
    question_set = QuestionSet(
        title=title,
        owner=owner,
        feedback_mode=feedback_mode,
        time_limit_minutes=time_limit_minutes,
        attempts_allowed=attempts_allowed,
        shuffle_questions=shuffle_questions,
        shuffle_options=shuffle_options,
        ordering_grading=ordering_grading,
        scope=scope or {},
        kinds=list(kinds),
        seed=seed,
    )
    question_set.full_clean()
    question_set.save()
    for position, draft in enumerate(drafts, start=1):
        question_from_draft(question_set=question_set, draft=draft, position=position)
    return question_set


def question_place(*, question_set: QuestionSet, position: int, **fields: object) -> Question:
    """Save a question and index the facts it was drawn from (for the admin's fact pages)."""
    question = Question.objects.create(question_set=question_set, position=position, **fields)
    QuestionFact.objects.bulk_create(
        QuestionFact(question=question, ref=ref) for ref in dict.fromkeys(question.fact_ids)
    )
    return question


def question_from_draft(
    *, question_set: QuestionSet, draft: QuestionDraft, position: int
) -> Question:
    return question_place(
        question_set=question_set,
        position=position,
        kind=str(draft.kind),
        prompt=draft.prompt,
        options=list(draft.options),
        key=list(draft.key),
        explanation=draft.explanation,
        footnotes=list(draft.footnotes),
        fact_ids=list(draft.fact_ids),
        difficulty=draft.difficulty,
    )


@transaction.atomic
def question_set_publish(*, question_set: QuestionSet) -> QuestionSet:
    if not question_set.join_code:
        # Codes are random, so a clash is rare; retry rather than trust luck.
        for _attempt in range(10):
            code = join_code_new()
            if not QuestionSet.objects.filter(join_code=code).exists():
                break
        question_set.join_code = code
    question_set.status = SetStatus.PUBLISHED
    question_set.save(update_fields=["join_code", "status", "updated_at"])
    return question_set


def _layout(
    questions: Sequence[Question], *, shuffle_questions: bool, shuffle_options: bool
) -> list[dict]:
    rng = random.SystemRandom()
    ordered = list(questions)
    if shuffle_questions:
        rng.shuffle(ordered)
    layout = []
    for question in ordered:
        indices = list(range(len(question.options)))
        if question.is_ordering:
            rng.shuffle(indices)
            if indices == list(question.key) and len(indices) > 1:
                # The start order must never already be the answer: rotate it by one.
                indices = indices[1:] + indices[:1]
        elif shuffle_options:
            rng.shuffle(indices)
        ids: list[str] = []
        while len(ids) < len(indices):
            token = secrets.token_urlsafe(6)
            if token not in ids:
                ids.append(token)
        layout.append({"question": question.id, "ids": ids, "indices": indices})
    return layout


def attempts_used(*, question_set: QuestionSet, user, guest_token: str) -> int:
    from quizapp.quizzes.selectors import owner_filter

    return Attempt.objects.filter(
        owner_filter(user=user, guest_token=guest_token), question_set=question_set
    ).count()


@transaction.atomic
def attempt_start(
    *, question_set: QuestionSet, user, guest_token: str, display_name: str
) -> Attempt:
    if not question_set.is_open:
        raise SetNotOpen(_("這個題組目前沒有開放作答。"))
    if question_set.attempts_allowed and (
        attempts_used(question_set=question_set, user=user, guest_token=guest_token)
        >= question_set.attempts_allowed
    ):
        raise NoAttemptsLeft(
            _("這個題組最多只能作答 %(count)s 次，你已經用完了。")
            % {"count": question_set.attempts_allowed}
        )
    questions = list(question_set.questions.filter(is_active=True).order_by("position"))
    if not questions:
        raise SetNotOpen(_("這個題組還沒有題目。"))
    now = timezone.now()
    attempt = Attempt.objects.create(
        question_set=question_set,
        user=user if user is not None and user.is_authenticated else None,
        guest_token="" if user is not None and user.is_authenticated else guest_token,
        display_name=display_name,
        layout=_layout(
            questions,
            shuffle_questions=question_set.shuffle_questions,
            shuffle_options=question_set.shuffle_options,
        ),
        deadline=(
            now + datetime.timedelta(minutes=question_set.time_limit_minutes)
            if question_set.time_limit_minutes
            else None
        ),
        max_score=len(questions),
    )
    return attempt


def _grade(question: Question, answer: list[int], *, grading: str) -> float:
    if question.is_ordering:
        rank = {index: position for position, index in enumerate(question.key)}
        return grade_ordering(
            response=answer, rank=rank, all_or_nothing=grading == OrderingGrading.ALL_OR_NOTHING
        ).score
    return grade_choice(chosen=answer[0], key=question.key[0])


# What a write changes; refreshing only these keeps the attempt's loaded question set.
STATE_FIELDS = ["seq", "current_index", "state", "score", "finished_at"]


def _finish(*, attempt_id: int, now: datetime.datetime) -> int:
    """One UPDATE that closes the attempt and adds up its responses in the same statement,
    so an answer accepted a moment earlier can never be missing from the score."""
    total = (
        Response.objects.filter(attempt_id=OuterRef("pk"))
        .values("attempt_id")
        .annotate(total=Sum("score"))
        .values("total")
    )
    return Attempt.objects.filter(pk=attempt_id, state=AttemptState.IN_PROGRESS).update(
        state=AttemptState.FINISHED,
        finished_at=now,
        score=Coalesce(Subquery(total), Value(0.0)),
        seq=F("seq") + 1,
    )


def attempt_finish(*, attempt: Attempt, now: datetime.datetime | None = None) -> Attempt:
    """Close the attempt once; finishing an already finished attempt changes nothing."""
    _finish(attempt_id=attempt.pk, now=now or timezone.now())
    attempt.refresh_from_db(fields=STATE_FIELDS)
    return attempt


def attempt_expire_if_due(*, attempt: Attempt, now: datetime.datetime | None = None) -> bool:
    """Finish an attempt whose time ran out (server clock, plus grace). True if it did."""
    now = now or timezone.now()
    if attempt.is_finished or attempt.deadline is None or now <= attempt.deadline + DEADLINE_GRACE:
        return False
    attempt_finish(attempt=attempt, now=now)
    return True


def _check_open(attempt: Attempt, now: datetime.datetime) -> None:
    if attempt.is_finished:
        raise AttemptClosed(_("這次作答已經完成，不能再更改。"))
    if attempt_expire_if_due(attempt=attempt, now=now):
        raise AttemptClosed(_("作答時間已到，這次作答已經結束。"))


@dataclass(frozen=True)
class Submitted:
    response: Response
    finished: bool


def response_submit(
    *,
    attempt: Attempt,
    question: Question,
    seq: int,
    answer: list[int],
    now: datetime.datetime | None = None,
) -> Submitted:
    """Store and grade the answer to the attempt's current question.

    `answer` holds option indices, already checked against the question by the caller.
    """
    now = now or timezone.now()
    _check_open(attempt, now)
    if attempt.layout[attempt.current_index]["question"] != question.id:
        raise StaleSubmission(_("這一題已經作答過，或頁面已過期；請看目前的題目。"))
    immediate = attempt.question_set.feedback_mode == FeedbackMode.IMMEDIATE
    is_last = attempt.current_index + 1 >= len(attempt.layout)
    try:
        with transaction.atomic():
            claimed = Attempt.objects.filter(
                pk=attempt.pk,
                seq=seq,
                state=AttemptState.IN_PROGRESS,
                current_index=attempt.current_index,
            ).update(
                seq=F("seq") + 1,
                current_index=attempt.current_index if immediate else attempt.current_index + 1,
            )
            if not claimed:
                raise StaleSubmission(_("這一題已經作答過，或頁面已過期；請看目前的題目。"))
            response = Response.objects.create(
                attempt=attempt,
                question=question,
                answer=answer,
                score=_grade(question, answer, grading=attempt.question_set.ordering_grading),
            )
            finished = is_last and not immediate
            if finished:
                # In the same transaction: a crash never leaves an attempt past its last
                # question but unfinished.
                _finish(attempt_id=attempt.pk, now=now)
    except IntegrityError as error:
        # A second answer to a question already answered (immediate feedback, new seq).
        raise StaleSubmission(_("這一題已經作答過了。")) from error
    if finished:
        attempt.refresh_from_db(fields=STATE_FIELDS)
    else:
        # The claim above changed exactly these two columns; no need to read them back.
        attempt.seq = seq + 1
        if not immediate:
            attempt.current_index += 1
    return Submitted(response=response, finished=finished)


def attempt_advance(*, attempt: Attempt, seq: int, now: datetime.datetime | None = None) -> Attempt:
    """After feedback on an answered question, move on (or finish after the last)."""
    now = now or timezone.now()
    _check_open(attempt, now)
    slot = attempt.layout[attempt.current_index]
    if not Response.objects.filter(attempt=attempt, question_id=slot["question"]).exists():
        raise StaleSubmission(_("請先回答這一題。"))
    if attempt.current_index + 1 >= len(attempt.layout):
        claimed = Attempt.objects.filter(
            pk=attempt.pk, seq=seq, state=AttemptState.IN_PROGRESS
        ).exists()
        if not claimed:
            raise StaleSubmission(_("頁面已過期；請看目前的題目。"))
        return attempt_finish(attempt=attempt, now=now)
    claimed = Attempt.objects.filter(
        pk=attempt.pk,
        seq=seq,
        state=AttemptState.IN_PROGRESS,
        current_index=attempt.current_index,
    ).update(seq=F("seq") + 1, current_index=F("current_index") + 1)
    if not claimed:
        raise StaleSubmission(_("頁面已過期；請看目前的題目。"))
    attempt.refresh_from_db(fields=STATE_FIELDS)
    return attempt
