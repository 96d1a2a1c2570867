"""Practice: the next question for a student (due units first, then new ones in the
article's order), and an answer checked once and remembered with the question."""

from __future__ import annotations

import datetime
import random
import re
import secrets
import uuid
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quizapp.generator.drafts import QuestionDraft
from quizapp.grading import grade_choice, grade_ordering
from quizapp.memory.scheduling import recall_from
from quizapp.memory.selectors import MemoryState, memory_states, owned_by
from quizapp.memory.services import memory_record
from quizapp.practice.models import PracticeQuestion
from quizapp.practice.pool import Pool, pool_now
from quizapp.quizzes.models import Attempt, Question, QuestionSet
from quizapp.recall import Unit, ratings, units_of
from quizapp.vocabulary import FactRef, Phase, QuestionKind, SetStatus


class PracticeError(Exception):
    """A practice request refused: `status` is the HTTP answer, `message` the words."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownScope(PracticeError):
    status = 404


class UnknownQuestion(PracticeError):
    status = 404


class AlreadyAnswered(PracticeError):
    status = 409


class BadAnswer(PracticeError):
    status = 400


class SetInProgress(PracticeError):
    status = 409


@dataclass(frozen=True)
class Learner:
    user_id: int | None
    guest_token: str


@dataclass(frozen=True)
class AllDone:
    """Nothing due and nothing new in the scope: when the next unit comes due."""

    next_due: datetime.datetime | None


_SCOPE = re.compile(r"^(all|phase:[a-z0-9]+|set:[A-Z0-9]{4,12}|missed:[0-9a-f-]{36})$")


@dataclass(frozen=True)
class ScopeUnits:
    units: list[Unit]
    # 「練習答錯的題」: units last reviewed by then are asked again at once, due or not.
    again_if_reviewed_by: datetime.datetime | None = None
    # A set's own questions, never put in practice: practice shows each key at once,
    # and the set may still be open to this student or the class.
    avoid_prompts: frozenset[str] = frozenset()


def scope_units(*, scope: str, pool: Pool, learner: Learner) -> ScopeUnits:
    """The units a scope covers, in the article's order.

    all; phase:<section>; set:<join code> (a published set's questions, e.g. a class's
    assignment); missed:<attempt> (the questions this student got wrong in it).
    """
    if not _SCOPE.match(scope):
        raise UnknownScope(_("沒有這個練習範圍。"))
    kind, _sep, value = scope.partition(":")
    if kind == "all":
        return ScopeUnits(list(pool.units))
    if kind == "phase":
        if value not in Phase:
            raise UnknownScope(_("沒有這個章節。"))
        return ScopeUnits([unit for unit in pool.units if pool.phase_of[unit] == value])
    if kind == "set":
        question_set = QuestionSet.objects.filter(
            join_code=value, status__in=[SetStatus.PUBLISHED, SetStatus.CLOSED]
        ).first()
        if question_set is None:
            raise UnknownScope(_("找不到這個題組。"))
        if (
            Attempt.objects.counted()
            .filter(
                owned_by(user_id=learner.user_id, guest_token=learner.guest_token),
                question_set=question_set,
                finished_at__isnull=True,
            )
            .exists()
        ):
            raise SetInProgress(_("你還在作答這個題組；交卷之後才能練習它的史實。"))
        questions = list(question_set.questions.active().prefetch_related("facts"))
        wanted = _units_of_questions(questions)
        avoid = frozenset(question.prompt for question in questions)
        # Units some other question asks: those only the set's own question asks wait.
        return ScopeUnits(
            [
                unit
                for unit in pool.units
                if unit in wanted and any(d.prompt not in avoid for d in pool.by_unit[unit])
            ],
            avoid_prompts=avoid,
        )
    try:
        attempt_id = uuid.UUID(value)
    except ValueError as error:
        raise UnknownScope(_("找不到這次作答。")) from error
    # A finished attempt only: while it goes on, its misses are still being made.
    attempt = Attempt.objects.filter(
        owned_by(user_id=learner.user_id, guest_token=learner.guest_token),
        public_id=attempt_id,
        finished_at__isnull=False,
    ).first()
    if attempt is None:
        raise UnknownScope(_("找不到這次作答，或它還沒有交卷。"))
    responses = attempt.responses.select_related("question").prefetch_related("question__facts")
    missed = [response.question for response in responses if response.score < 1]
    wanted = _units_of_questions(missed)
    # Never the attempt's own questions: practice shows a key at once, and the set may
    # not show its keys yet.
    avoid = frozenset(response.question.prompt for response in responses)
    return ScopeUnits(
        [
            unit
            for unit in pool.units
            if unit in wanted and any(d.prompt not in avoid for d in pool.by_unit[unit])
        ],
        again_if_reviewed_by=attempt.finished_at,
        avoid_prompts=avoid,
    )


def _units_of_questions(questions: Sequence[Question]) -> set[Unit]:
    wanted: set[Unit] = set()
    for question in questions:
        facts = [link.ref for link in sorted(question.facts.all(), key=lambda link: link.pk)]
        wanted.update(units_of(kind=QuestionKind(question.kind), facts=facts))
    return wanted


# A question left open longer than this is not put again: coming back the next day,
# a student starts with what is due then.
OPEN_FOR = datetime.timedelta(hours=1)


def _open_question(
    *, learner: Learner, scope: str, now: datetime.datetime
) -> PracticeQuestion | None:
    return (
        PracticeQuestion.objects.filter(
            owned_by(user_id=learner.user_id, guest_token=learner.guest_token),
            scope=scope,
            answered_at__isnull=True,
            shown_at__gte=now - OPEN_FOR,
        )
        .order_by("-shown_at")
        .first()
    )


def practice_next(
    *, learner: Learner, scope: str, now: datetime.datetime | None = None
) -> PracticeQuestion | AllDone:
    """The question the student should see now: the one left open in this scope, else a
    fresh one about the due unit they are likeliest to have forgotten, else about the
    first unit they have never met; AllDone when neither is left."""
    now = now or timezone.now()
    pool = pool_now()
    scoped = scope_units(scope=scope, pool=pool, learner=learner)
    in_scope = scoped.units
    if (open_question := _open_question(learner=learner, scope=scope, now=now)) is not None:
        return open_question
    rows = memory_states(user_id=learner.user_id, guest_token=learner.guest_token)
    again_by = scoped.again_if_reviewed_by
    # Due: past its time, or (「練習答錯的題」) missed in the attempt and not asked since.
    due = []
    for candidate in in_scope:
        state = rows.get(candidate)
        if state is not None and (
            state.due <= now or (again_by is not None and (state.last_review or now) <= again_by)
        ):
            due.append((_recall(state, now), state.due, candidate))
    unit: Unit | None
    if due:
        unit = min(due, key=lambda found: found[:2])[2]
    else:
        unit = next((u for u in in_scope if u not in rows), None)
    if unit is None:
        known = [rows[u].due for u in in_scope if u in rows]
        return AllDone(next_due=min(known) if known else None)
    row = rows.get(unit)
    drafts = [d for d in pool.by_unit[unit] if d.prompt not in scoped.avoid_prompts]
    draft = _fresh_draft(
        drafts,
        last_prompt=row.last_prompt if row else "",
        seed=f"{learner.user_id}|{learner.guest_token}|{unit}|{row.reviews if row else 0}",
    )
    return _put(draft, learner=learner, scope=scope, unit=unit, now=now)


def _recall(state: MemoryState, now: datetime.datetime) -> float:
    return recall_from(stability=state.stability, last_review=state.last_review, now=now)


def _fresh_draft(drafts: Sequence[QuestionDraft], *, last_prompt: str, seed: str) -> QuestionDraft:
    """Another stem than last time where the unit has one (a date asked as a date, then
    in an ordering); among those, one the seed picks, so reviews vary."""
    fresh = [d for d in drafts if d.prompt != last_prompt] or list(drafts)
    return fresh[zlib.crc32(seed.encode()) % len(fresh)]


def _put(
    draft: QuestionDraft, *, learner: Learner, scope: str, unit: Unit, now: datetime.datetime
) -> PracticeQuestion:
    rng = random.SystemRandom()
    indices = list(range(len(draft.options)))
    if draft.kind == QuestionKind.ORDERING:
        while indices == list(draft.key) and len(indices) > 1:
            rng.shuffle(indices)
    else:
        rng.shuffle(indices)
    return PracticeQuestion.objects.create(
        user_id=learner.user_id,
        guest_token="" if learner.user_id else learner.guest_token,
        scope=scope,
        unit=str(unit),
        kind=str(draft.kind),
        prompt=draft.prompt,
        options=list(draft.options),
        key=list(draft.key),
        explanation=draft.explanation,
        footnotes=list(draft.footnotes),
        facts=[str(fact) for fact in draft.facts],
        ids=[secrets.token_urlsafe(6) for _index in indices],
        indices=indices,
        shown_at=now,
    )


def practice_question(*, learner: Learner, public_id: str) -> PracticeQuestion:
    found = PracticeQuestion.objects.filter(
        owned_by(user_id=learner.user_id, guest_token=learner.guest_token), public_id=public_id
    ).first()
    if found is None:
        raise UnknownQuestion(_("找不到這一題；它可能屬於別人，或已經過期。"))
    return found


def practice_move(*, question: PracticeQuestion, order: list[str], move: str) -> None:
    """Without JavaScript, 上移／下移 reorder the items on the server."""
    if question.answered_at is not None:
        raise AlreadyAnswered(_("這一題已經作答過了。"))
    arranged = _arranged(question, order)
    direction, _sep, item = move.partition(":")
    if direction not in ("up", "down") or item not in question.ids:
        raise BadAnswer(_("無法移動這個項目，請重新排列。"))
    position = arranged.index(item)
    target = position - 1 if direction == "up" else position + 1
    if 0 <= target < len(arranged):
        arranged[position], arranged[target] = arranged[target], arranged[position]
    by_id = dict(zip(question.ids, question.indices, strict=True))
    question.ids = arranged
    question.indices = [by_id[opaque] for opaque in arranged]
    question.save(update_fields=["ids", "indices"])


def _arranged(question: PracticeQuestion, order: list[str]) -> list[str]:
    if sorted(order) != sorted(question.ids):
        raise BadAnswer(_("排序的項目不完整或有重複，請重新排列。"))
    return list(order)


def _read_answer(question: PracticeQuestion, *, choice: str, order: list[str]) -> list[int]:
    by_id = dict(zip(question.ids, question.indices, strict=True))
    if question.is_ordering:
        return [by_id[opaque] for opaque in _arranged(question, order)]
    if choice not in by_id:
        raise BadAnswer(_("請先選擇一個答案。") if not choice else _("這個選項不屬於這一題。"))
    return [by_id[choice]]


def practice_answer(
    *,
    learner: Learner,
    public_id: str,
    choice: str = "",
    order: Sequence[str] = (),
    now: datetime.datetime | None = None,
) -> PracticeQuestion:
    """Check the answer, once: the question is claimed, graded and its units' memory
    updated in one transaction (nothing half-saved; a second post is refused, 409)."""
    now = now or timezone.now()
    question = practice_question(learner=learner, public_id=public_id)
    if question.answered_at is not None:
        raise AlreadyAnswered(_("這一題已經作答過了。"))
    answer = _read_answer(question, choice=choice, order=list(order))
    if question.is_ordering:
        rank = {option: position for position, option in enumerate(question.key)}
        score = grade_ordering(response=answer, rank=rank).score
    else:
        score = grade_choice(chosen=answer[0], key=question.key[0])
    with transaction.atomic():
        claimed = PracticeQuestion.objects.filter(pk=question.pk, answered_at__isnull=True).update(
            answered_at=now, answer=answer, score=score
        )
        if not claimed:
            raise AlreadyAnswered(_("這一題已經作答過了。"))
        memory_record(
            user_id=learner.user_id,
            guest_token=learner.guest_token,
            rated=ratings(
                kind=QuestionKind(question.kind),
                facts=[FactRef.parse(fact) for fact in question.facts],
                key=question.key,
                answer=answer,
                seconds=(now - question.shown_at).total_seconds(),
            ),
            prompt=question.prompt,
            now=now,
        )
    question.answered_at, question.answer, question.score = now, answer, score
    return question
