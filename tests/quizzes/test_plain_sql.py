"""The hot paths' hand-written SQL gives what the ORM's queries gave: the same models,
with every field as the ORM converts it, for the owner only."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.db.models import Count, Sum
from django.utils import timezone

from quizapp.memory.models import FactMemory
from quizapp.memory.services import _locked_rows, memory_record
from quizapp.quizzes.models import Attempt, Question
from quizapp.quizzes.selectors.student import (
    Review,
    Tally,
    attempt_for_owner,
    correct_count,
    running_tally,
)
from quizapp.quizzes.services.attempts import (
    attempt_advance,
    attempt_start,
    response_submit,
)
from quizapp.recall import Unit
from quizapp.vocabulary import FactKind, FactRef, FeedbackMode, ReviewMoment
from tests.quizzes.factories import make_set

pytestmark = pytest.mark.django_db


def fields(instance: object) -> dict[str, object]:
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields  # type: ignore[attr-defined]
    }


def test_the_attempt_look_up_gives_the_orms_models_to_its_owner_alone(django_user_model):
    question_set = make_set()
    guest = attempt_start(question_set=question_set, user=None, guest_token="g1", display_name="甲")
    user = django_user_model.objects.create_user(username="lin", password="a-long-password-1")
    owned = attempt_start(question_set=question_set, user=user, guest_token="", display_name="乙")
    Attempt.objects.filter(pk=owned.pk).update(deadline=timezone.now(), score=1.5)
    for attempt, kwargs in (
        (guest, {"user": None, "guest_token": "g1"}),
        (owned, {"user": user, "guest_token": ""}),
    ):
        found = attempt_for_owner(public_id=attempt.public_id, **kwargs)
        expected = Attempt.objects.select_related("question_set").get(pk=attempt.pk)
        assert found is not None and fields(found) == fields(expected)
        assert fields(found.question_set) == fields(expected.question_set)
        assert not found._state.adding and found._state.db == "default"
    assert attempt_for_owner(public_id=guest.public_id, user=None, guest_token="g2") is None
    assert attempt_for_owner(public_id=guest.public_id, user=user, guest_token="g1") is None
    assert attempt_for_owner(public_id=owned.public_id, user=None, guest_token="") is None


def test_the_count_and_the_last_answer_time_match_the_orm():
    question_set = make_set(multiple_choice=3, ordering=0, feedback_mode=FeedbackMode.DEFERRED)
    attempt = attempt_start(
        question_set=question_set, user=None, guest_token="g", display_name="甲"
    )
    assert attempt.last_answered_at is None
    for number in range(2):
        question = Question.objects.get(pk=attempt.current_slot.question_id)
        answer = list(question.key) if number else [(question.key[0] + 1) % len(question.options)]
        moment = timezone.now() + datetime.timedelta(seconds=40 * (number + 1))
        response_submit(
            attempt=attempt, question=question, seq=attempt.seq, answer=answer, now=moment
        )
        # The claim's UPDATE stores the answer's time, read back as the ORM reads it.
        stored = Attempt.objects.get(pk=attempt.pk).last_answered_at
        assert stored == attempt.last_answered_at == moment
    review = Review(items=[], keys_shown=False, review=ReviewMoment.NEVER)
    assert correct_count(attempt=attempt, review=review) == 1


def test_attempts_begun_before_the_column_take_their_latest_answers_time():
    migration = importlib.import_module("quizapp.quizzes.migrations.0007_attempt_last_answered_at")
    question_set = make_set(multiple_choice=3, ordering=0, feedback_mode=FeedbackMode.DEFERRED)
    answered, untouched = (
        attempt_start(question_set=question_set, user=None, guest_token=t, display_name=t)
        for t in ("g", "h")
    )
    for _ in range(2):
        question = Question.objects.get(pk=answered.current_slot.question_id)
        response_submit(attempt=answered, question=question, seq=answered.seq, answer=[0])
    Attempt.objects.update(last_answered_at=None)
    migration.from_the_responses(django_apps, None)
    latest = answered.responses.order_by("-answered_at").first()
    assert Attempt.objects.get(pk=answered.pk).last_answered_at == latest.answered_at
    assert Attempt.objects.get(pk=untouched.pk).last_answered_at is None


def test_the_memory_rows_are_the_orms_for_the_units_asked_only():
    now = timezone.now()
    units = [Unit(FactRef(FactKind.EVENT, 1), "date"), Unit(FactRef(FactKind.PERSON, 2), "role")]
    memory_record(user_id=None, guest_token="g", rated=[(u, 3) for u in units], prompt="p", now=now)
    memory_record(user_id=None, guest_token="h", rated=[(units[0], 1)], prompt="p", now=now)
    rows = _locked_rows(user_id=None, guest_token="g", units=units[:1])
    expected = FactMemory.objects.get(guest_token="g", fact_kind="event", fact_id=1)
    assert [fields(row) for row in rows] == [fields(expected)]
    assert isinstance(rows[0].card, dict) and rows[0].due == expected.due
    both = _locked_rows(user_id=None, guest_token="g", units=units)
    assert [row.unit for row in both] == units


def test_the_running_score_matches_the_orms_sum_and_count():
    question_set = make_set(multiple_choice=2, ordering=1)
    attempt = attempt_start(
        question_set=question_set, user=None, guest_token="g", display_name="甲"
    )
    assert running_tally(attempt=attempt) == Tally(points=0.0, answered=0)
    for number in range(3):
        question = Question.objects.get(pk=attempt.current_slot.question_id)
        answer = list(question.key) if number != 1 else list(reversed(question.key))
        response_submit(
            attempt=attempt, question=question, seq=attempt.seq, answer=answer, confirmed=True
        )
        totals = attempt.responses.aggregate(points=Sum("score"), answered=Count("pk"))
        tally = running_tally(attempt=attempt)
        assert tally == Tally(points=totals["points"], answered=totals["answered"])
        assert isinstance(tally.points, float)
        if number < 2:
            attempt.refresh_from_db()
            attempt_advance(attempt=attempt, seq=attempt.seq)
