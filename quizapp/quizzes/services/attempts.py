"""Writes for attempts: start, answer, move on, finish. Each is keyword-only.

Concurrency: every state change of an attempt is a conditional UPDATE on its sequence
number (`WHERE seq = N AND state = in_progress`). Of two posts carrying the same seq,
exactly one matches; the other changes nothing and is refused as stale. This works the
same on SQLite (where select_for_update does nothing) and on PostgreSQL. A single
UPDATE is atomic on its own; where a write is more than one statement, it runs in a
transaction.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, connection, transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from quizapp.accounts.names import (
    DISPLAY_NAME_MAX,
    NameProblem,
    clean_display_name,
    display_name_problem,
)
from quizapp.grading import grade_choice, grade_ordering
from quizapp.memory.services import memory_record
from quizapp.quizzes.exceptions import (
    AccountRequired,
    AttemptClosed,
    InvalidDisplayName,
    NoAttemptsLeft,
    SetNotOpen,
    StaleSubmission,
    UnconfirmedStartOrder,
)
from quizapp.quizzes.models import (
    Attempt,
    AttemptSlot,
    Question,
    QuestionSet,
    Response,
    Window,
)
from quizapp.quizzes.selectors.student import attempts_used, person_filter, set_question_facts
from quizapp.recall import Unit, ratings, units_of
from quizapp.sql import insert, quote
from quizapp.vocabulary import AttemptState, OrderingGrading, QuestionKind, SetStatus

# Late answers within this margin of the deadline still count: network and a slow tap.
DEADLINE_GRACE = datetime.timedelta(seconds=15)

# What a write changes; refreshing only these keeps the attempt's loaded question set.
STATE_FIELDS = ["seq", "current_index", "state", "score", "finished_at"]


def _stale() -> StaleSubmission:
    return StaleSubmission(_("這一題已經作答過，或頁面已過期；請看目前的題目。"))


def _layout(
    questions: Sequence[Question], *, shuffle_questions: bool, shuffle_options: bool
) -> list[AttemptSlot]:
    rng = random.SystemRandom()
    ordered = list(questions)
    if shuffle_questions:
        rng.shuffle(ordered)
    slots = []
    for question in ordered:
        indices = list(range(len(question.options)))
        if question.is_ordering:
            indices = _start_order(indices, key=list(question.key), rng=rng)
        elif shuffle_options:
            rng.shuffle(indices)
        ids: list[str] = []
        while len(ids) < len(indices):
            token = secrets.token_urlsafe(6)
            if token not in ids:
                ids.append(token)
        slots.append(AttemptSlot(question_id=question.pk, ids=tuple(ids), indices=tuple(indices)))
    return slots


def _start_order(items: list[int], *, key: list[int], rng: random.Random) -> list[int]:
    """A shuffled order that is never the key, each other order equally likely: shuffled
    again until it differs (turning the key into a neighbour instead would make that
    neighbour twice as likely, and so point at the key)."""
    order = list(items)
    while True:
        rng.shuffle(order)
        if order != key or len(order) < 2:
            return order


def display_name_for(*, user: User | AnonymousUser | None, typed: str) -> str:
    """An account answers under its username; a guest under the name they typed, cleaned
    (NFKC, spaces folded), 1 to 40 characters the teacher can read."""
    if isinstance(user, User):
        return user.get_username()
    name = clean_display_name(typed)
    problem = display_name_problem(name)
    if problem == NameProblem.LENGTH:
        raise InvalidDisplayName(
            _("請輸入 1 到 %(max)s 個字的名稱，讓老師認得你。") % {"max": DISPLAY_NAME_MAX}
        )
    if problem == NameProblem.INVISIBLE:
        raise InvalidDisplayName(_("名稱裡有看不見或會打亂文字方向的字元，請只用一般文字。"))
    return name


def _refuse_start(question_set: QuestionSet, *, user: User | AnonymousUser | None) -> None:
    """Why this person may not start the set now, if they may not."""
    if question_set.is_archived:
        raise SetNotOpen(_("這個題組已經封存，不能再開始作答。"))
    if question_set.status == SetStatus.CLOSED:
        raise SetNotOpen(_("這個題組已經關閉，不能再開始作答。"))
    if not question_set.is_open:
        window = question_set.window_now()
        if question_set.status == SetStatus.PUBLISHED and window == Window.NOT_YET:
            raise SetNotOpen(
                _("這個題組在 %(time)s 才開放作答。")
                % {"time": date_format(localtime(question_set.opens_at), "Y-m-d H:i")}
            )
        if question_set.status == SetStatus.PUBLISHED and window == Window.CLOSED:
            raise SetNotOpen(_("這個題組已經截止作答。"))
        raise SetNotOpen(_("這個題組目前沒有開放作答。"))
    if question_set.requires_account and not isinstance(user, User):
        raise AccountRequired(_("這個題組只限登入的帳號作答，請先登入。"))


def _finish_ongoing(*, question_set: QuestionSet, owner: Q, now: datetime.datetime) -> None:
    """重新開始一次: the attempt left open is finished first, with what it has (a
    teacher's preview is no attempt of theirs: it stays as it is)."""
    ongoing = (
        Attempt.objects.counted()
        .filter(owner, question_set=question_set, state=AttemptState.IN_PROGRESS)
        .values_list("pk", flat=True)
    )
    for attempt_id in ongoing:
        _finish(attempt_id=attempt_id, now=now)


def _questions_to_deal(question_set: QuestionSet) -> list[Question]:
    questions = list(question_set.questions.active().order_by("position"))
    if not questions:
        raise SetNotOpen(_("這個題組還沒有題目。"))
    return questions


def _create_attempt(
    *,
    question_set: QuestionSet,
    questions: Sequence[Question],
    deadlines: Sequence[datetime.datetime | None],
    user: User | None,
    guest_token: str,
    display_name: str,
    is_preview: bool = False,
) -> Attempt:
    """A new attempt dealt the questions as the set says (shuffled or not, each ordering
    from a start order that is not its key), due at the earliest of `deadlines`."""
    slots = _layout(
        questions,
        shuffle_questions=question_set.shuffle_questions,
        shuffle_options=question_set.shuffle_options,
    )
    return Attempt.objects.create(
        question_set=question_set,
        feedback_mode=question_set.feedback_mode,
        layout=[slot.to_json() for slot in slots],
        deadline=min((d for d in deadlines if d is not None), default=None),
        max_score=len(questions),
        user=user,
        guest_token=guest_token,
        display_name=display_name,
        is_preview=is_preview,
    )


def _time_limit_ends(question_set: QuestionSet, now: datetime.datetime) -> datetime.datetime | None:
    if not question_set.time_limit_minutes:
        return None
    return now + datetime.timedelta(minutes=question_set.time_limit_minutes)


@transaction.atomic
def attempt_start(
    *,
    question_set: QuestionSet,
    user: User | AnonymousUser | None,
    guest_token: str,
    display_name: str,
    due_by: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Attempt:
    """Start an attempt; `display_name` is what a guest typed (an account's is its own).

    The person is the account and this browser's guest together: the attempt limit counts
    both, and an attempt still open is finished before the new one starts. `due_by` is a
    close time from outside the set (a class's, when the set is the student's homework):
    the attempt ends by then, as it would at the set's own.
    """
    now = now or timezone.now()
    display_name = display_name_for(user=user, typed=display_name)
    _refuse_start(question_set, user=user)
    if question_set.attempts_allowed and (
        attempts_used(question_set=question_set, user=user, guest_token=guest_token)
        >= question_set.attempts_allowed
    ):
        raise NoAttemptsLeft(
            _("這個題組最多只能作答 %(count)s 次，你已經用完了。")
            % {"count": question_set.attempts_allowed}
        )
    questions = _questions_to_deal(question_set)
    _finish_ongoing(
        question_set=question_set, owner=person_filter(user=user, guest_token=guest_token), now=now
    )
    account = user if isinstance(user, User) else None
    return _create_attempt(
        question_set=question_set,
        questions=questions,
        deadlines=[_time_limit_ends(question_set, now), question_set.closes_at, due_by],
        user=account,
        guest_token="" if account else guest_token,
        display_name=display_name,
    )


@transaction.atomic
def attempt_start_preview(
    *, question_set: QuestionSet, teacher: User, now: datetime.datetime | None = None
) -> Attempt:
    """The set's teacher takes it as a student would, from a draft on: the same feedback,
    review option, shuffling, time limit and grading, but no opening or closing times,
    status, attempt limit or account rule, and nothing counted in results (`is_preview`).

    The teacher's earlier previews of the set are thrown away, so they never pile up.
    Who may preview (the owner, an admin) is the caller's check.
    """
    now = now or timezone.now()
    questions = _questions_to_deal(question_set)
    Attempt.objects.previews().filter(question_set=question_set, user=teacher).delete()
    return _create_attempt(
        question_set=question_set,
        questions=questions,
        # The set's close time does not cut a preview short: the teacher may preview a set
        # that has closed, to see what its students saw.
        deadlines=[_time_limit_ends(question_set, now)],
        user=teacher,
        guest_token="",
        display_name=teacher.get_username(),
        is_preview=True,
    )


def _grade(question: Question, answer: list[int], *, grading: str) -> float:
    if question.is_ordering:
        rank = {index: position for position, index in enumerate(question.key)}
        return grade_ordering(
            response=answer, rank=rank, all_or_nothing=grading == OrderingGrading.ALL_OR_NOTHING
        ).score
    return grade_choice(chosen=answer[0], key=question.key[0])


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


def attempts_expire_due(
    *,
    question_set: QuestionSet | None = None,
    user: User | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """Finish every attempt (of one set, or one student's, or all) whose time ran out,
    whether or not its student comes back: results, the CSV and the student's homework
    then count it. Returns how many."""
    now = now or timezone.now()
    due = Attempt.objects.filter(state=AttemptState.IN_PROGRESS, deadline__lt=now - DEADLINE_GRACE)
    if question_set is not None:
        due = due.filter(question_set=question_set)
    if user is not None:
        due = due.filter(user=user)
    return sum(_finish(attempt_id=pk, now=now) for pk in due.values_list("pk", flat=True))


def attempt_check_open(*, attempt: Attempt, now: datetime.datetime | None = None) -> None:
    """Refuse when the attempt is finished, finishing it first if its time ran out."""
    if attempt.is_finished:
        raise AttemptClosed(_("這次作答已經完成，不能再更改。"))
    if attempt_expire_if_due(attempt=attempt, now=now):
        # A preview runs past the set's closing: only its time limit ends it.
        if attempt.question_set.has_closed and not attempt.is_preview:
            raise AttemptClosed(_("題組已經關閉，這次作答以已經作答的部分結束。"))
        raise AttemptClosed(_("作答時間已到，這次作答已經結束。"))


def attempt_check_seq(*, attempt: Attempt, seq: int, answering: bool = True) -> None:
    """Refuse a post made from an older page than the attempt's current one: an answer
    (`answering`) or a move of an ordering item.

    Checked before the answer is read (it was read against the question that page
    showed); the conditional UPDATE in each write is what settles a race.
    """
    if seq == attempt.seq:
        return
    if answering:
        raise StaleSubmission(_("這一題已經作答過，或頁面已過期；以下是目前的題目。"))
    raise StaleSubmission(_("頁面已過期；以下是目前的題目。"))


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
    confirmed: bool = False,
    now: datetime.datetime | None = None,
) -> Submitted:
    """Store and grade the answer to the attempt's current question.

    `answer` holds option indices, already checked against the question by the caller.
    An ordering sent back exactly as it was dealt counts only when `confirmed`: the
    student may have meant to move items and pressed the wrong button.
    """
    now = now or timezone.now()
    attempt_check_open(attempt=attempt, now=now)
    attempt_check_seq(attempt=attempt, seq=seq)
    slot = attempt.current_slot
    if slot.question_id != question.pk:
        raise _stale()
    if question.is_ordering and answer == list(slot.indices) and not confirmed:
        raise UnconfirmedStartOrder(_("你沒有移動任何項目。確定要照這個順序作答嗎？"))
    immediate = attempt.is_immediate
    is_last = attempt.current_index + 1 >= len(attempt.slots)
    score = _grade(question, answer, grading=attempt.question_set.ordering_grading)
    # What the answer says of the facts behind the question: worked out before the
    # transaction, so the write lock (SQLite has one for the whole database) is held for
    # the writes alone.
    rated = [] if attempt.is_preview else _ratings(attempt, question, answer, now=now)
    try:
        with transaction.atomic():
            claimed = _claim(
                attempt=attempt,
                seq=seq,
                next_index=attempt.current_index if immediate else attempt.current_index + 1,
                now=now,
            )
            if not claimed:
                raise _stale()
            response = Response(attempt=attempt, question=question, answer=answer, score=score)
            insert([response], returning_pk=True)
            # Stored with the answer, or not at all.
            memory_record(
                user_id=attempt.user_id,
                guest_token=attempt.guest_token,
                rated=rated,
                prompt=question.prompt,
                now=now,
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
        # The claim above changed exactly these columns; no need to read them back.
        attempt.seq = seq + 1
        attempt.last_answered_at = now
        if not immediate:
            attempt.current_index += 1
    return Submitted(response=response, finished=finished)


def _ratings(
    attempt: Attempt, question: Question, answer: list[int], *, now: datetime.datetime
) -> list[tuple[Unit, int]]:
    """The ratings of the units behind the question. A question the teacher wrote or
    re-keyed says nothing certain about the facts it was drawn from, so it rates none (a
    generated one's facts come from the set's shared copy)."""
    if question.written_by_teacher:
        return []
    facts = list(set_question_facts(question_set=attempt.question_set).get(question.pk, ()))
    kind = QuestionKind(question.kind)
    if not units_of(kind=kind, facts=facts):
        return []
    seconds = None
    if not attempt.is_immediate:
        # Time to answer: since the previous answer, or the start. With feedback after
        # each question that would include reading the feedback, so it is not used.
        seconds = (now - (attempt.last_answered_at or attempt.started_at)).total_seconds()
    return ratings(kind=kind, facts=facts, key=question.key, answer=answer, seconds=seconds)


# The column's own conversion of a datetime for the database (text on SQLite), as the
# ORM's UPDATE would send it.
_LAST_ANSWERED_AT = Attempt._meta.get_field("last_answered_at")


def _claim(*, attempt: Attempt, seq: int, next_index: int, now: datetime.datetime) -> bool:
    """Move the attempt past `seq` if it is still there, still open and on the same
    question: whoever moves it first has answered (a double click, two tabs). The same
    statement records when (`last_answered_at`). Plain SQL: the ORM's update with its F()
    cost more to build than to run."""
    answered_at = _LAST_ANSWERED_AT.get_db_prep_value(now, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(Attempt._meta.db_table)} "
            "SET seq = seq + 1, current_index = %s, last_answered_at = %s "
            "WHERE id = %s AND seq = %s AND state = %s AND current_index = %s",
            [
                next_index,
                answered_at,
                attempt.pk,
                seq,
                AttemptState.IN_PROGRESS.value,
                attempt.current_index,
            ],
        )
        return cursor.rowcount == 1


def attempt_advance(*, attempt: Attempt, seq: int, now: datetime.datetime | None = None) -> Attempt:
    """After feedback on an answered question, move on (or finish after the last)."""
    now = now or timezone.now()
    attempt_check_open(attempt=attempt, now=now)
    question_id = attempt.current_slot.question_id
    if not Response.objects.filter(attempt=attempt, question_id=question_id).exists():
        raise StaleSubmission(_("請先回答這一題。"))
    if attempt.current_index + 1 >= len(attempt.slots):
        current = Attempt.objects.filter(
            pk=attempt.pk, seq=seq, state=AttemptState.IN_PROGRESS
        ).exists()
        if not current:
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
