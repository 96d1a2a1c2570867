"""Reads for a set's results seen class by class: which of the teacher's classes to offer,
who is in one, and one student's attempt in detail. The results themselves are the
quizzes' selectors, narrowed to a class's members by their user ids."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, QuerySet

from quizapp.classes.models import Assignment, Membership, SchoolClass
from quizapp.classes.selectors.classes import taught_classes
from quizapp.quizzes.models import Attempt, QuestionSet
from quizapp.quizzes.selectors.results import seconds_per_response
from quizapp.quizzes.selectors.student import Review, ReviewItem, attempt_review, review_items


def classes_for_results(*, user: User, question_set: QuestionSet) -> list[SchoolClass]:
    """The teacher's classes for the results filter: those the set is assigned to first,
    then the others still in use, each group by name. One query."""
    assigned = Assignment.objects.filter(school_class=OuterRef("pk"), question_set=question_set)
    return list(
        taught_classes(user=user)
        .annotate(is_assigned=Exists(assigned))
        .order_by("-is_assigned", "is_archived", "name", "pk")
    )


def memberships_by_student(
    *,
    classes: QuerySet[SchoolClass] | Iterable[SchoolClass],
    student_ids: Collection[int] | None = None,
) -> dict[int, list[Membership]]:
    """Each student's current memberships among these classes (with the class): one
    student may sit in two of a teacher's classes. One query (`classes` may be a query:
    it runs inside this one)."""
    memberships = (
        Membership.objects.current()
        .filter(school_class__in=classes)
        .select_related("school_class")
        .order_by("school_class__name", "school_class__pk")
    )
    if student_ids is not None:
        memberships = memberships.filter(student_id__in=student_ids)
    by_student: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_student.setdefault(membership.student_id, []).append(membership)
    return by_student


@dataclass(frozen=True)
class DetailItem:
    item: ReviewItem
    seconds: int | None  # None for a question left unanswered
    key_seen_by_student: bool


@dataclass(frozen=True)
class AttemptDetail:
    attempt: Attempt
    items: list[DetailItem]
    # What the student's own review shows now (None while the attempt is in progress).
    review: Review | None

    @property
    def student_sees_keys(self) -> bool:
        return any(item.key_seen_by_student for item in self.items)


def attempt_detail(*, attempt: Attempt) -> AttemptDetail:
    """Every question of the attempt with the answer, score and seconds it took, and
    whether the student was shown its key: their review, as the set's review option lets
    them see it. The teacher sees every key. Two queries whatever the set's size."""
    review = attempt_review(attempt=attempt) if attempt.is_finished else None
    # The student's review holds the items when it shows keys; a teacher sees them anyway.
    items = review.items if review and review.keys_shown else review_items(attempt=attempt)
    if review is not None:
        seen = review.keys_shown
    else:
        # During an attempt, only feedback after each answer shows keys (answered ones).
        seen = attempt.is_immediate and attempt.question_set.reveals_keys(attempt_finished=False)
    seconds = seconds_per_response(attempt, [item.response for item in items if item.response])
    return AttemptDetail(
        attempt=attempt,
        items=[
            DetailItem(
                item=item,
                seconds=seconds[item.response.pk] if item.response else None,
                key_seen_by_student=seen and (attempt.is_finished or item.response is not None),
            )
            for item in items
        ],
        review=review,
    )
