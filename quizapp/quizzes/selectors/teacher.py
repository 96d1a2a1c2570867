"""Reads for the teacher's workspace. A teacher sees only their own sets; an admin, all."""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet

from quizapp.facts.models import Event, Person, Statement
from quizapp.quizzes.models import Question, QuestionSet
from quizapp.vocabulary import AttemptState


class SetOrder(StrEnum):
    """How the dashboard may sort a teacher's sets (the values travel in `?sort=`)."""

    NEWEST = "newest"
    OLDEST = "oldest"


SET_ORDERINGS = {
    # The primary key breaks ties: sets made in one request share a timestamp.
    SetOrder.NEWEST: ("-created_at", "-pk"),
    SetOrder.OLDEST: ("created_at", "pk"),
}


def teacher_sets(
    *,
    user: User,
    title_contains: str = "",
    order: SetOrder = SetOrder.NEWEST,
    archived: bool = False,
) -> QuerySet[QuestionSet]:
    """The teacher's sets in use (or, with `archived`, those put away), whose title
    contains the text in any case. Attempt counts leave out the teacher's previews."""
    sets = QuestionSet.objects.filter(is_archived=archived).annotate(
        question_count=Count("questions", filter=Q(questions__is_active=True), distinct=True),
        # A teacher's previews are not students' attempts (AttemptQuerySet.counted).
        attempt_count=Count("attempts", filter=Q(attempts__is_preview=False), distinct=True),
    )
    if title_contains:
        sets = sets.filter(title__icontains=title_contains)
    sets = sets.order_by(*SET_ORDERINGS[order])
    return sets if user.is_superuser else sets.filter(owner=user)


def teacher_set(*, user: User, pk: int) -> QuestionSet | None:
    """The teacher's own set (admins: any set); None for anyone else's."""
    sets = (
        QuestionSet.objects.all() if user.is_superuser else QuestionSet.objects.filter(owner=user)
    )
    return sets.filter(pk=pk).first()


def set_questions(*, question_set: QuestionSet) -> list[Question]:
    return list(question_set.questions.active().order_by("position"))


def set_question(*, question_set: QuestionSet, pk: int) -> Question | None:
    """One of the set's current questions; None for a retired one or another set's."""
    return question_set.questions.active().filter(pk=pk).first()


def attempt_count(*, question_set: QuestionSet) -> int:
    return question_set.attempts.counted().count()


def in_progress_count(*, question_set: QuestionSet) -> int:
    """Students still answering (what closing the set affects; a preview goes on)."""
    return question_set.attempts.counted().filter(state=AttemptState.IN_PROGRESS).count()


def sets_using_fact(*, fact: Event | Person | Statement) -> QuerySet[QuestionSet]:
    """The question sets with a question drawn from this fact: what editing it touches."""
    link = {Event: "questions__facts__event", Statement: "questions__facts__statement"}.get(
        type(fact), "questions__facts__person"
    )
    return QuestionSet.objects.filter(**{link: fact}).distinct().order_by("title")
