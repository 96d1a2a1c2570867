"""Memory per unit, scheduled by py-fsrs: ratings from answers, due dates that move the
right way, one transaction with the answer, a guest's memory carried into the account."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from fsrs import Scheduler
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.memory.models import FactMemory
from quizapp.memory.scheduling import SCHEDULER, recall_probability
from quizapp.memory.services import memory_move_to_account, memory_record
from quizapp.recall import (
    AGAIN,
    GOOD,
    HARD,
    SLOW_AFTER_SECONDS,
    Unit,
    ratings,
    units_of,
)
from quizapp.vocabulary import FactKind, FactRef, QuestionKind

NOW = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
EVENT = FactRef(FactKind.EVENT, 1)
DATE = Unit(EVENT, "date")


def test_the_scheduler_is_py_fsrs_with_fsrs6_defaults_and_a_term_long_maximum():
    assert isinstance(SCHEDULER, Scheduler)
    assert SCHEDULER.desired_retention == 0.9
    assert SCHEDULER.parameters == Scheduler().parameters
    assert SCHEDULER.maximum_interval == 120


def test_answers_become_ratings_never_easy():
    date = QuestionKind.DATE
    assert ratings(kind=date, facts=[EVENT], key=[1], answer=[2], seconds=5) == [(DATE, AGAIN)]
    assert ratings(kind=date, facts=[EVENT], key=[1], answer=[1], seconds=5) == [(DATE, GOOD)]
    slow = SLOW_AFTER_SECONDS + 1
    assert ratings(kind=date, facts=[EVENT], key=[1], answer=[1], seconds=slow) == [(DATE, HARD)]


def test_an_ordering_rates_each_adjacent_pair_of_its_events():
    events = [FactRef(FactKind.EVENT, pk) for pk in (7, 8, 9)]
    # Options 0, 1, 2 are events 7, 8, 9 in time; the student put 8 before 7.
    rated = ratings(
        kind=QuestionKind.ORDERING, facts=events, key=[0, 1, 2], answer=[1, 0, 2], seconds=10
    )
    assert rated == [(Unit(events[0], "order", 8), AGAIN), (Unit(events[1], "order", 9), GOOD)]


def test_a_role_question_is_about_its_person_and_a_participant_question_about_its_event():
    person = FactRef(FactKind.PERSON, 3)
    assert units_of(kind=QuestionKind.ROLE, facts=[person]) == [Unit(person, "role")]
    assert units_of(kind=QuestionKind.PARTICIPANT, facts=[EVENT, person]) == [Unit(EVENT, "people")]
    assert units_of(kind=QuestionKind.CHOICE, facts=[]) == []


def _remember(user, rating, now):
    memory_record(user_id=user.pk, guest_token="", rated=[(DATE, rating)], prompt="問", now=now)
    return FactMemory.objects.get(user=user, fact_kind="event", fact_id=1, relation="date")


@pytest.mark.django_db
def test_a_right_answer_moves_the_due_date_later_and_a_wrong_one_sooner(django_user_model):
    right = django_user_model.objects.create_user("right")
    wrong = django_user_model.objects.create_user("wrong")
    for user in (right, wrong):
        _remember(user, GOOD, NOW)
    later = NOW + datetime.timedelta(days=3)
    after_right = _remember(right, GOOD, later)
    after_wrong = _remember(wrong, AGAIN, later)
    assert after_right.due > after_wrong.due
    assert after_wrong.due <= later + datetime.timedelta(minutes=10)
    assert after_right.reviews == 2 and after_wrong.lapses == 1


@pytest.mark.django_db
def test_recording_costs_the_same_queries_whatever_the_history(
    django_user_model, django_assert_max_num_queries
):
    user = django_user_model.objects.create_user("counted")
    units = [Unit(FactRef(FactKind.EVENT, pk), "date") for pk in range(1, 40)]
    for day in range(3):
        with django_assert_max_num_queries(8):
            memory_record(
                user_id=user.pk,
                guest_token="",
                rated=[(unit, GOOD) for unit in units],
                prompt="問",
                now=NOW + datetime.timedelta(days=day),
            )
    assert FactMemory.objects.filter(user=user).count() == len(units)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([AGAIN, HARD, GOOD]), min_size=1, max_size=12))
def test_any_answer_sequence_keeps_a_sane_schedule(sequence):
    """Over any answers: due never before the review, recall a probability, and a
    Good never schedules sooner than an Again would have from the same card."""
    from quizapp.memory.scheduling import reviewed

    card = None
    now = NOW
    for rating in sequence:
        good = reviewed(card, rating=GOOD, now=now)
        again = reviewed(card, rating=AGAIN, now=now)
        assert good.due >= again.due
        chosen = reviewed(card, rating=rating, now=now)
        assert chosen.due >= now
        card = chosen.to_dict()
        assert 0.0 <= recall_probability(card, now=now) <= 1.0
        now = max(now, chosen.due)


@pytest.mark.django_db
def test_a_guests_memory_moves_into_the_account_without_counting_twice(django_user_model):
    user = django_user_model.objects.create_user("mover")
    other = Unit(FactRef(FactKind.EVENT, 2), "date")
    memory_record(user_id=user.pk, guest_token="", rated=[(DATE, GOOD)], prompt="舊", now=NOW)
    later = NOW + datetime.timedelta(days=1)
    memory_record(
        user_id=None,
        guest_token="tok",
        rated=[(DATE, AGAIN), (other, GOOD)],
        prompt="新",
        now=later,
    )
    assert memory_move_to_account(guest_token="tok", user_id=user.pk) == 2
    rows = {row.unit: row for row in FactMemory.objects.filter(user=user)}
    assert set(rows) == {DATE, other}
    assert rows[DATE].last_prompt == "新"  # the later review wins; one row per unit
    assert not FactMemory.objects.filter(guest_token="tok").exists()


def test_an_ordering_whose_events_no_longer_match_its_key_rates_nothing():
    events = [FactRef(FactKind.EVENT, pk) for pk in (7, 9)]  # event 8 deleted since
    assert (
        ratings(
            kind=QuestionKind.ORDERING, facts=events, key=[0, 1, 2], answer=[0, 1, 2], seconds=5
        )
        == []
    )


def test_a_new_card_is_made_without_py_fsrs_sleeping(monkeypatch):
    """py-fsrs sleeps 1 ms for each card it numbers itself; an answer's transaction (one
    write lock on SQLite) must not wait on it."""
    import time

    from quizapp.memory.scheduling import reviewed

    def no_sleep(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s")

    monkeypatch.setattr(time, "sleep", no_sleep)
    card = reviewed(None, rating=GOOD, now=NOW)
    assert card.card_id == int(NOW.timestamp() * 1000)
    assert card.last_review == NOW and card.stability


@pytest.mark.django_db(transaction=True)
def test_an_answers_memory_rows_take_no_savepoint():
    """A savepoint is two more round trips to PostgreSQL in every answer: the rows are
    written without one, inside the answer's transaction or in one of their own."""
    units = [Unit(FactRef(FactKind.EVENT, pk), "date") for pk in (1, 2)]

    def record(guest: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            memory_record(
                user_id=None,
                guest_token=guest,
                rated=[(u, GOOD) for u in units],
                prompt="問",
                now=NOW,
            )
        return [query["sql"] for query in captured.captured_queries]

    with transaction.atomic():
        inside = record("in")
    outside = record("out")
    assert not [sql for sql in inside + outside if "SAVEPOINT" in sql.upper()]
    if connection.vendor == "sqlite":  # PostgreSQL's BEGIN is psycopg's, not a query
        assert outside[0].startswith("BEGIN")  # a transaction of their own
    assert FactMemory.objects.filter(guest_token__in=["in", "out"]).count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_unit_another_answer_added_meanwhile_gets_this_answers_rating_too(monkeypatch):
    """Two tabs: the other answer inserted one unit's row after this one read none. This
    answer's insert leaves that row alone and adds the other unit's; its rating is then
    applied to the first row too, and to no row twice."""
    from quizapp.memory import services

    fresh = Unit(FactRef(FactKind.EVENT, 2), "date")
    memory_record(user_id=None, guest_token="tabs", rated=[(DATE, GOOD)], prompt="一", now=NOW)
    read = services._locked_rows
    reads: list[int] = []

    def read_before_the_other_tab(**kwargs):
        reads.append(1)
        return [] if len(reads) == 1 else read(**kwargs)

    monkeypatch.setattr(services, "_locked_rows", read_before_the_other_tab)
    later = NOW + datetime.timedelta(days=2)
    with CaptureQueriesContext(connection) as captured:
        memory_record(
            user_id=None,
            guest_token="tabs",
            rated=[(DATE, AGAIN), (fresh, GOOD)],
            prompt="二",
            now=later,
        )
    rows = {row.unit: row for row in FactMemory.objects.filter(guest_token="tabs")}
    assert (rows[DATE].reviews, rows[DATE].lapses, rows[DATE].last_prompt) == (2, 1, "二")
    assert (rows[fresh].reviews, rows[fresh].last_prompt) == (1, "二")
    assert len(reads) == 2
    assert not [q for q in captured.captured_queries if "SAVEPOINT" in q["sql"].upper()]
