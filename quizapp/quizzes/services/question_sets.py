"""Writes for question sets: build, create, change settings, publish, close, duplicate,
archive, unarchive and delete.

Keyword-only and atomic. Teachers' business rules live here, not in views: a set with
no questions cannot be published, a set built without a seed gets one, and a set
students have answered is never deleted (their results would go with it).
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from quizapp.generator.drafts import QuestionDraft
from quizapp.generator.generate import Scope, all_candidates, question_set
from quizapp.quizzes.exceptions import SetHasAttempts
from quizapp.quizzes.fact_snapshot import fact_base_snapshot
from quizapp.quizzes.models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, QuestionSet
from quizapp.quizzes.scopes import scope_to_json
from quizapp.quizzes.services.questions import question_copy, question_create_from_draft
from quizapp.vocabulary import (
    AttemptState,
    FeedbackMode,
    OrderingGrading,
    QuestionKind,
    ReviewMoment,
    SetStatus,
)

# Closing a set leaves students mid-question this long to send what they are on.
CLOSING_GRACE = datetime.timedelta(seconds=60)
# With 8.5 × 10**11 codes a clash is rare; a few tries make a failure all but impossible.
JOIN_CODE_TRIES = 5
# A seed drawn for a set built without one: any of a million is as good as another.
SEED_RANGE = 10**6


@dataclass(frozen=True)
class SetSettings:
    """What a teacher sets on a set besides its questions. Left unset, `review` follows
    the feedback: keys after each answer with feedback now; with feedback at the end,
    after the attempt when there is only one, else once the set closes (a throwaway
    attempt must not give the keys for the next)."""

    feedback_mode: FeedbackMode = FeedbackMode.IMMEDIATE
    attempts_allowed: int = 0
    time_limit_minutes: int | None = None
    shuffle_questions: bool = False
    shuffle_options: bool = False
    ordering_grading: OrderingGrading = OrderingGrading.PAIRS
    review: ReviewMoment | None = None
    is_public: bool = False
    requires_account: bool = False
    opens_at: datetime.datetime | None = None
    closes_at: datetime.datetime | None = None

    @classmethod
    def of(cls, question_set: QuestionSet) -> SetSettings:
        return cls(
            feedback_mode=FeedbackMode(question_set.feedback_mode),
            attempts_allowed=question_set.attempts_allowed,
            time_limit_minutes=question_set.time_limit_minutes,
            shuffle_questions=question_set.shuffle_questions,
            shuffle_options=question_set.shuffle_options,
            ordering_grading=OrderingGrading(question_set.ordering_grading),
            review=ReviewMoment(question_set.review),
            is_public=question_set.is_public,
            requires_account=question_set.requires_account,
            opens_at=question_set.opens_at,
            closes_at=question_set.closes_at,
        )

    @property
    def review_or_default(self) -> ReviewMoment:
        if self.review is not None:
            return self.review
        if self.feedback_mode == FeedbackMode.IMMEDIATE:
            return ReviewMoment.AFTER_EACH
        if self.attempts_allowed == 1:
            return ReviewMoment.AFTER_ATTEMPT
        return ReviewMoment.AFTER_CLOSE

    def apply(self, question_set: QuestionSet) -> None:
        """Write these settings onto the set (not yet saved)."""
        for name, value in asdict(self).items():
            setattr(question_set, name, value)
        question_set.review = self.review_or_default


@transaction.atomic
def question_set_create(
    *,
    title: str,
    drafts: Sequence[QuestionDraft],
    owner: User | None = None,
    settings: SetSettings = SetSettings(),
    scope: Scope = Scope(),
    kinds: Sequence[QuestionKind] = (),
    seed: int = 0,
) -> QuestionSet:
    new_set = QuestionSet(
        title=title.strip(),
        owner=owner,
        scope=scope_to_json(scope),
        kinds=[str(kind) for kind in kinds],
        seed=seed,
    )
    settings.apply(new_set)
    new_set.full_clean()
    new_set.save()
    for position, draft in enumerate(drafts, start=1):
        question_create_from_draft(question_set=new_set, draft=draft, position=position)
    return new_set


def question_set_build(
    *,
    owner: User | None,
    title: str,
    scope: Scope,
    kinds: Sequence[QuestionKind],
    count: int,
    seed: int | None = None,
    settings: SetSettings = SetSettings(),
) -> QuestionSet:
    """Generate `count` questions for the scope and save them as a draft set.

    Without a seed, one is drawn (and stored, so the set can be built again). Raises
    NotEnoughQuestions (nothing saved) when the scope cannot supply the count.
    """
    if seed is None:
        seed = random.SystemRandom().randrange(1, SEED_RANGE)
    fact_base = fact_base_snapshot()
    kind_tuple = tuple(QuestionKind(kind) for kind in kinds)
    drafts = question_set(
        all_candidates(fact_base, kinds=kind_tuple),
        fact_base,
        count=count,
        seed=seed,
        kinds=kind_tuple,
        scope=scope,
    )
    return question_set_create(
        title=title,
        drafts=drafts,
        owner=owner,
        settings=settings,
        scope=scope,
        kinds=kind_tuple,
        seed=seed,
    )


@transaction.atomic
def question_set_settings_update(
    *, question_set: QuestionSet, title: str, settings: SetSettings
) -> QuestionSet:
    """New settings. Attempts under way keep their feedback mode and time limit; a
    closing time moved earlier ends them then."""
    question_set.title = title.strip()
    settings.apply(question_set)
    question_set.full_clean()
    question_set.save()
    if question_set.closes_at is not None:
        _end_attempts_by(question_set=question_set, moment=question_set.closes_at)
    return question_set


def _end_attempts_by(*, question_set: QuestionSet, moment: datetime.datetime) -> int:
    """Every student's attempt in progress ends at `moment` at the latest; how many are in
    progress. A teacher's preview ignores the set's closing, as it ignores its opening."""
    ongoing = question_set.attempts.counted().filter(state=AttemptState.IN_PROGRESS)
    ongoing.filter(Q(deadline__isnull=True) | Q(deadline__gt=moment)).update(deadline=moment)
    return ongoing.count()


def join_code_new() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def question_set_publish(*, question_set: QuestionSet) -> QuestionSet:
    """Open the set to students, with a join code of its own. A set with no questions
    is refused: students would find an empty quiz."""
    if not question_set.questions.active().exists():
        raise ValidationError(_("題組沒有題目，不能發布。"))
    if question_set.is_archived:
        # Out of the teacher's lists yet open to students: nobody would see it running.
        raise ValidationError(_("這個題組已封存，取消封存後才能發布。"))
    question_set.status = SetStatus.PUBLISHED
    if question_set.join_code:
        question_set.save(update_fields=["status", "updated_at"])
        return question_set
    for _try in range(JOIN_CODE_TRIES):
        question_set.join_code = join_code_new()
        try:
            # The unique constraint, not a look-up first, settles a clash: two sets
            # published at once cannot both take one code.
            with transaction.atomic():
                question_set.save(update_fields=["join_code", "status", "updated_at"])
        except IntegrityError:
            continue
        return question_set
    raise RuntimeError(f"No free join code after {JOIN_CODE_TRIES} tries.")


@dataclass(frozen=True)
class Closed:
    question_set: QuestionSet
    in_progress: int  # attempts that still had time, given the grace to send what they have
    ends_at: datetime.datetime


@transaction.atomic
def question_set_close(
    *,
    question_set: QuestionSet,
    grace: datetime.timedelta = CLOSING_GRACE,
    now: datetime.datetime | None = None,
) -> Closed:
    """No new attempts from now; attempts under way get `grace` to send the question they
    are on, then finish with what they answered (the results count them)."""
    now = now or timezone.now()
    ends_at = now + grace
    question_set.status = SetStatus.CLOSED
    if question_set.closes_at is None or question_set.closes_at > ends_at:
        question_set.closes_at = ends_at
    question_set.save(update_fields=["status", "closes_at", "updated_at"])
    in_progress = _end_attempts_by(question_set=question_set, moment=ends_at)
    return Closed(question_set=question_set, in_progress=in_progress, ends_at=ends_at)


@transaction.atomic
def question_set_duplicate(*, question_set: QuestionSet, owner: User | None) -> QuestionSet:
    """A new draft with the same settings and questions, and no code or attempts."""
    copy = QuestionSet(
        title=_("%(title)s（副本）") % {"title": question_set.title},
        owner=owner,
        scope=question_set.scope,
        kinds=question_set.kinds,
        seed=question_set.seed,
    )
    SetSettings.of(question_set).apply(copy)
    copy.save()
    questions = question_set.questions.active().order_by("position").prefetch_related("facts")
    for question in questions:
        question_copy(question=question, question_set=copy, position=question.position)
    return copy


@dataclass(frozen=True)
class Archived:
    question_set: QuestionSet
    closed: Closed | None  # the close archiving brought to a set still published


@transaction.atomic
def question_set_archive(
    *, question_set: QuestionSet, now: datetime.datetime | None = None
) -> Archived:
    """Out of the teacher's default list, with its results kept. A published set closes
    as 「關閉作答」 closes it: no new attempts, the usual grace for those under way."""
    closed = None
    if question_set.is_published:
        closed = question_set_close(question_set=question_set, now=now)
    question_set.is_archived = True
    question_set.save(update_fields=["is_archived", "updated_at"])
    return Archived(question_set=question_set, closed=closed)


@transaction.atomic
def question_set_unarchive(*, question_set: QuestionSet) -> QuestionSet:
    """Back in the teacher's list. It stays closed: reopening is a separate choice."""
    question_set.is_archived = False
    question_set.save(update_fields=["is_archived", "updated_at"])
    return question_set


def question_set_check_deletable(*, question_set: QuestionSet) -> None:
    """Raises SetHasAttempts when a student has attempted the set (a teacher's previews
    do not count): deleting it would delete their results."""
    if question_set.attempts.filter(is_preview=False).exists():
        raise SetHasAttempts(
            _("已經有學生作答這個題組，不能刪除（成績會一起消失）。不再使用的話，請改為封存。")
        )


@transaction.atomic
def question_set_delete(*, question_set: QuestionSet) -> None:
    """Delete the set with its questions and the teacher's own preview attempts. A set
    any student has attempted is refused (SetHasAttempts): archive it instead."""
    # The row lock holds off a student's first attempt until the check and the delete
    # are done (on PostgreSQL the attempt's foreign key waits on it; SQLite writes one
    # transaction at a time anyway).
    locked = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    question_set_check_deletable(question_set=locked)
    locked.delete()
