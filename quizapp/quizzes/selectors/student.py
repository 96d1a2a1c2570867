"""Reads for the student screens, each in a fixed number of queries whatever the set's size."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, F, Min, Q, QuerySet

from quizapp.grading import grade_ordering
from quizapp.quizzes.models import (
    JOIN_CODE_LENGTH,
    Attempt,
    AttemptQuerySet,
    AttemptSlot,
    Question,
    QuestionSet,
    Response,
)
from quizapp.vocabulary import AttemptState, Direction, ReviewMoment, SetStatus

# Whoever is at the browser: an account, or a visitor known only by a guest cookie.
Visitor = User | AnonymousUser | None


def public_sets() -> list[QuestionSet]:
    """The sets their teachers list on the home page, open now, in the story's order: by
    the earliest date they ask about (第一天 before 第二天), then by title. Never an
    archived set, whatever its status."""
    active = Q(questions__is_active=True)
    sets = (
        QuestionSet.objects.filter(status=SetStatus.PUBLISHED, is_public=True, is_archived=False)
        .annotate(
            question_count=Count("questions", filter=active, distinct=True),
            first_date=Min("questions__facts__event__date", filter=active),
        )
        .order_by(F("first_date").asc(nulls_last=True), "title")
    )
    return [question_set for question_set in sets if question_set.is_open]


def normalise_join_code(text: str) -> str:
    """What a student types, in any case, full width (a Chinese IME's Ｎ９), with spaces or
    dashes, folds to the code (cut short: a long paste is no code)."""
    folded = unicodedata.normalize("NFKC", text).upper()
    letters = "".join(ch for ch in folded if ch.isascii() and ch.isalnum())
    return letters[: JOIN_CODE_LENGTH * 2]


def set_by_join_code(code: str) -> QuestionSet | None:
    """The published set with this code; an archived one is out of use, like a closed one."""
    return QuestionSet.objects.filter(
        join_code=code, status=SetStatus.PUBLISHED, is_archived=False
    ).first()


def active_question_count(*, question_set: QuestionSet) -> int:
    return question_set.questions.active().count()


def owner_filter(*, user: Visitor, guest_token: str) -> Q:
    """The attempts this browser may open: the account's, or else this guest's."""
    if user is not None and user.is_authenticated:
        return Q(user=user)
    return _guest_filter(guest_token)


def _guest_filter(guest_token: str) -> Q:
    if guest_token:
        return Q(user__isnull=True, guest_token=guest_token)
    return Q(pk__in=[])


def person_filter(*, user: Visitor, guest_token: str) -> Q:
    """Everything this person did on the set: the account's attempts and this browser's
    guest attempts left outside it. Attempt limits count them together."""
    if user is not None and user.is_authenticated:
        return Q(user=user) | _guest_filter(guest_token)
    return _guest_filter(guest_token)


def attempts_used(*, question_set: QuestionSet, user: Visitor, guest_token: str) -> int:
    return (
        Attempt.objects.counted()
        .filter(person_filter(user=user, guest_token=guest_token), question_set=question_set)
        .count()
    )


def attempt_for_owner(*, public_id: UUID, user: Visitor, guest_token: str) -> Attempt | None:
    """The attempt, if it belongs to this browser's student; None for anyone else's."""
    return (
        Attempt.objects.select_related("question_set")
        .filter(owner_filter(user=user, guest_token=guest_token), public_id=public_id)
        .first()
    )


def _taken(*, preview: bool) -> AttemptQuerySet:
    """A student's attempts, or a teacher's previews: the start page of each shows only
    its own kind, so a preview never offers to resume or review a student's attempt."""
    return Attempt.objects.previews() if preview else Attempt.objects.counted()


def attempt_in_progress(
    *, question_set: QuestionSet, user: Visitor, guest_token: str, preview: bool = False
) -> Attempt | None:
    return (
        _taken(preview=preview)
        .filter(
            owner_filter(user=user, guest_token=guest_token),
            question_set=question_set,
            state=AttemptState.IN_PROGRESS,
        )
        .order_by("-started_at")
        .first()
    )


def finished_attempts(
    *, question_set: QuestionSet, user: Visitor, guest_token: str, preview: bool = False
) -> list[Attempt]:
    """This person's finished attempts on the set, newest first: the reviews to go back to."""
    return list(
        _taken(preview=preview)
        .filter(
            owner_filter(user=user, guest_token=guest_token),
            question_set=question_set,
            state=AttemptState.FINISHED,
        )
        .order_by("-started_at")[:10]
    )


def past_attempts(*, user: Visitor, guest_token: str) -> QuerySet[Attempt]:
    """「我的作答」 on the home page: a teacher's previews are not among them."""
    return (
        Attempt.objects.counted()
        .select_related("question_set")
        .filter(owner_filter(user=user, guest_token=guest_token))
        .order_by("-started_at")[:20]
    )


def current_question(*, attempt: Attempt) -> Question:
    """The question the attempt is on (one query)."""
    return Question.objects.get(pk=attempt.current_slot.question_id)


def move_button_id(direction: Direction, opaque_id: str) -> str:
    """The id of an ordering item's 上移/下移 button: focus returns to it after a move."""
    return f"{direction}-{opaque_id}"


@dataclass(frozen=True)
class ShownOption:
    id: str  # opaque, per attempt
    text: str

    @property
    def up_button_id(self) -> str:
        return move_button_id(Direction.UP, self.id)

    @property
    def down_button_id(self) -> str:
        return move_button_id(Direction.DOWN, self.id)


@dataclass(frozen=True)
class Feedback:
    is_correct: bool
    score: float
    given_texts: list[str]
    # Empty unless the set shows keys now (its review option): the key option or the
    # items in time order, and which of the student's items stand out of place.
    key_texts: list[str]
    out_of_place: list[str]

    @property
    def shows_key(self) -> bool:
        return bool(self.key_texts)


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

    def arranged(self, order: list[str]) -> list[ShownOption]:
        """The options in the order the student has put them so far."""
        by_id = {option.id: option for option in self.options}
        return [by_id[opaque_id] for opaque_id in order]


def shown_options(question: Question, slot: AttemptSlot) -> list[ShownOption]:
    return [
        ShownOption(id=opaque, text=question.options[index])
        for opaque, index in zip(slot.ids, slot.indices, strict=True)
    ]


def feedback_for(question: Question, response: Response, *, show_key: bool) -> Feedback:
    given = [question.options[index] for index in response.answer]
    out_of_place: list[str] = []
    if question.is_ordering and show_key:
        rank = {index: position for position, index in enumerate(question.key)}
        result = grade_ordering(response=response.answer, rank=rank)
        out_of_place = [question.options[index] for index in result.out_of_place]
    return Feedback(
        is_correct=response.is_correct,
        score=response.score,
        given_texts=given,
        key_texts=question.key_texts if show_key else [],
        out_of_place=out_of_place,
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
    response (the answer post does, and it is the hot path). Callers finish an attempt
    whose index has run past its last question first.
    """
    slot = attempt.current_slot
    if question is None or question.pk != slot.question_id:
        question = Question.objects.get(pk=slot.question_id)
        response_known = False
    immediate = attempt.is_immediate
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
        total=len(attempt.slots),
        options=shown_options(question, slot),
        response=response,
        feedback=(
            feedback_for(
                question,
                response,
                show_key=attempt.question_set.reveals_keys(attempt_finished=False),
            )
            if immediate and response
            else None
        ),
    )


@dataclass(frozen=True)
class ReviewItem:
    number: int
    question: Question
    response: Response | None
    feedback: Feedback | None


@dataclass(frozen=True)
class Review:
    items: list[ReviewItem]  # empty while the set keeps its keys back
    keys_shown: bool
    review: ReviewMoment


def attempt_review(*, attempt: Attempt) -> Review:
    """Every question with the student's answer and the key, once the set's review option
    allows: for finished attempts only. Two queries whatever the set's size."""
    if not attempt.is_finished:
        raise ValueError("The review opens once the attempt is finished.")
    question_set = attempt.question_set
    review = ReviewMoment(question_set.review)
    if not question_set.reveals_keys(attempt_finished=True):
        return Review(items=[], keys_shown=False, review=review)
    return Review(items=review_items(attempt=attempt), keys_shown=True, review=review)


def review_items(*, attempt: Attempt) -> list[ReviewItem]:
    """Every question of the attempt in the order it was shown, with the answer given (if
    any) and the key: for the review, and for a teacher, who may always see keys. Two
    queries whatever the set's size."""
    order = [slot.question_id for slot in attempt.slots]
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
                feedback=feedback_for(question, response, show_key=True) if response else None,
            )
        )
    return items


def guest_name(*, guest_token: str) -> str:
    """The name this browser's guest last answered under ("" when none)."""
    if not guest_token:
        return ""
    latest = (
        Attempt.objects.filter(_guest_filter(guest_token))
        .order_by("-started_at")
        .values_list("display_name", flat=True)
        .first()
    )
    return latest or ""
