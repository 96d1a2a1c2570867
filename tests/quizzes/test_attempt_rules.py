"""The quiz engine's rules (README, Taking a quiz): stale and concurrent posts,
ownership, malformed input, deadlines, and no answer key in any page before it may be
shown."""

from __future__ import annotations

import datetime
import re
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizapp.quizzes.models import Attempt, Question, Response
from quizapp.quizzes.services.attempts import DEADLINE_GRACE
from quizapp.vocabulary import AttemptState, FeedbackMode
from tests.quizzes.factories import (
    answer_data,
    current_slot,
    make_set,
    post_answer,
    post_next,
    start_attempt,
)

HTMX = {"HX-Request": "true"}


def state(attempt: Attempt) -> tuple:
    attempt.refresh_from_db()
    return attempt.seq, attempt.current_index, attempt.state, Response.objects.count()


@pytest.mark.django_db
def test_a_repeated_answer_post_is_409_and_changes_nothing(client, quiz):
    attempt = start_attempt(client, quiz)
    data = answer_data(attempt)
    assert post_answer(client, attempt, data).status_code == 303
    before = state(attempt)
    again = post_answer(client, attempt, data)
    assert again.status_code == 409
    assert "已經作答過" in again.content.decode()
    assert state(attempt) == before


@pytest.mark.django_db
def test_a_stale_post_from_an_old_tab_is_409_and_shows_the_current_question(client, quiz):
    attempt = start_attempt(client, quiz)
    old = answer_data(attempt)
    post_answer(client, attempt, old)
    post_next(client, attempt)
    before = state(attempt)
    response = post_answer(client, attempt, old, headers=HTMX)
    assert response.status_code == 409
    assert "第 2 題，共 4 題" in response.content.decode()
    assert state(attempt) == before


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_the_same_time_store_one_answer():
    quiz = make_set(multiple_choice=2, ordering=0)
    first = Client()
    attempt = start_attempt(first, quiz)
    second = Client()
    second.cookies["quiz_guest"] = first.cookies["quiz_guest"].value
    data = answer_data(attempt)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def send(client: Client) -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(post_answer(client, attempt, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [303, 409]
    assert Response.objects.filter(attempt=attempt).count() == 1
    attempt.refresh_from_db()
    assert attempt.seq == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", ["attempt_page", "attempt_answer", "attempt_next", "attempt_results"]
)
def test_someone_elses_attempt_is_404_on_every_route(client, django_user_model, quiz, route):
    attempt = start_attempt(client, quiz)
    data = answer_data(attempt)
    url = reverse(route, args=[attempt.public_id])
    other_guest = Client()
    other_guest.cookies["quiz_guest"] = "not-a-signed-token"
    other_user = Client()
    other_user.force_login(
        django_user_model.objects.create_user("li", password="a-long-password-1")
    )
    for intruder in (Client(), other_guest, other_user):
        if route in ("attempt_page", "attempt_results"):
            response = intruder.get(url)
        else:
            response = intruder.post(url, data)
        assert response.status_code == 404
        assert "王小明" not in response.content.decode()
    assert Response.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"choice": "not-an-option-id"}, "這個選項不屬於這一題"),
        ({}, "請先選擇一個答案"),
        ({"choice": ["@first", "@second"]}, "這個選項不屬於這一題"),
    ],
)
def test_a_malformed_choice_is_400_with_a_message_and_nothing_stored(client, quiz, body, message):
    attempt = start_attempt(client, quiz)
    slot, _question = current_slot(attempt)
    if body.get("choice") == ["@first", "@second"]:
        body = {"choice": slot.ids[:2]}
    before = state(attempt)
    response = post_answer(client, attempt, {"seq": attempt.seq, **body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(attempt) == before


@pytest.mark.django_db
@pytest.mark.parametrize("damage", ["missing", "repeated", "foreign"])
def test_a_malformed_ordering_is_400_and_nothing_stored(client, damage):
    quiz = make_set(multiple_choice=0, ordering=1)
    attempt = start_attempt(client, quiz)
    slot, _question = current_slot(attempt)
    order = list(slot.ids)
    if damage == "missing":
        order = order[:-1]
    elif damage == "repeated":
        order[-1] = order[0]
    else:
        order[-1] = "someone-elses-id"
    before = state(attempt)
    response = post_answer(client, attempt, {"seq": attempt.seq, "order": order, "confirm": "1"})
    assert response.status_code == 400
    assert "排序的項目不完整或有重複" in response.content.decode()
    assert state(attempt) == before


@pytest.mark.django_db
def test_an_empty_body_is_400(client, quiz):
    attempt = start_attempt(client, quiz)
    before = state(attempt)
    response = client.post(reverse("attempt_answer", args=[attempt.public_id]))
    assert response.status_code == 400
    assert "缺少作答序號" in response.content.decode()
    assert state(attempt) == before


@pytest.mark.django_db
def test_an_oversized_body_is_400(client, quiz):
    attempt = start_attempt(client, quiz)
    before = state(attempt)
    data = {**answer_data(attempt), "padding": "x" * 20_000}
    response = post_answer(client, attempt, data)
    assert response.status_code == 400
    assert "資料太大" in response.content.decode()
    assert state(attempt) == before


@pytest.mark.django_db
def test_get_on_a_post_only_route_is_405(client, quiz):
    attempt = start_attempt(client, quiz)
    response = client.get(reverse("attempt_answer", args=[attempt.public_id]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert (
        "這個網址只接受表單送出" in response.content.decode()
        and 'href="/"' in response.content.decode()
    )


@pytest.mark.django_db
def test_extra_fields_like_score_or_is_correct_are_ignored(client, quiz):
    attempt = start_attempt(client, quiz)
    wrong = answer_data(attempt, correct=False)
    post_answer(client, attempt, {**wrong, "score": "1", "is_correct": "true", "points": "100"})
    assert Response.objects.get().score == 0.0


@pytest.mark.django_db
def test_an_answer_after_the_deadline_and_grace_is_refused_and_the_attempt_finished(client):
    quiz = make_set(time_limit_minutes=5)
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt))
    post_next(client, attempt)
    data = answer_data(attempt)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - DEADLINE_GRACE - datetime.timedelta(seconds=1)
    )
    response = post_answer(client, attempt, data)
    assert response.status_code == 409
    assert "作答時間已到" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    assert attempt.score == 1.0
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_an_answer_within_the_grace_period_still_counts(client):
    quiz = make_set(time_limit_minutes=5)
    attempt = start_attempt(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - DEADLINE_GRACE + datetime.timedelta(seconds=5)
    )
    assert post_answer(client, attempt, answer_data(attempt)).status_code == 303
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_opening_an_expired_attempt_finishes_it_and_shows_the_results(client):
    quiz = make_set(time_limit_minutes=5)
    attempt = start_attempt(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    response = client.get(reverse("attempt_page", args=[attempt.public_id]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("attempt_results", args=[attempt.public_id])
    assert "作答時間已到" in response.content.decode()


# The feedback's marks: the key on its option, a wrong choice, an item to move.
MARKS = ["mark--key", "is-key", "is-wrong-choice", "is-partial", "out-of-place", "應排第"]
LEAK_MARKERS = [
    "答對了",
    "答錯了",
    "正確答案",
    "正確順序",
    "部分正確",
    "is_correct",
    "data-correct",
    *MARKS,
]
# Right or wrong, added up: only sets that say right or wrong after each answer show it.
RUNNING_SCORE_MARKERS = ["目前得分", "running-score"]


def assert_no_key(html: str, questions: list[Question], *, shown_key_for: set[int]) -> None:
    for marker in LEAK_MARKERS:
        assert marker not in html, marker
    for question in questions:
        if question.id in shown_key_for:
            continue
        assert question.explanation not in html
        # The key order of an ordering question never appears as a list of its items.
        if question.is_ordering:
            in_key_order = "".join(question.options[i] for i in question.key)
            assert in_key_order not in re.sub(r"<[^>]+>|\s", "", html)


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [FeedbackMode.IMMEDIATE, FeedbackMode.DEFERRED])
@pytest.mark.parametrize("htmx", [False, True])
def test_no_response_shows_the_key_before_it_may_be_shown(client, mode, htmx):
    quiz = make_set(multiple_choice=3, ordering=2, feedback_mode=mode)
    questions = list(quiz.questions.all())
    headers = HTMX if htmx else {}
    attempt = start_attempt(client, quiz)
    seen: list[str] = [client.get(reverse("set_start", args=[quiz.join_code])).content.decode()]
    answered: set[int] = set()
    while True:
        attempt.refresh_from_db()
        if attempt.is_finished:
            break
        page = client.get(reverse("attempt_page", args=[attempt.public_id]), headers=headers)
        html = page.content.decode()
        assert_no_key(html, questions, shown_key_for=set())
        if mode == FeedbackMode.DEFERRED:
            for marker in RUNNING_SCORE_MARKERS:
                assert marker not in html, marker
        slot, question = current_slot(attempt)
        # Option ids are opaque: never the option's index or text.
        for opaque in slot.ids:
            assert not opaque.isdigit()
        arranged = client.post(
            reverse("attempt_answer", args=[attempt.public_id]),
            {"order": slot.ids, "move": f"down:{slot.ids[0]}"},
            headers=headers,
        )
        if question.is_ordering:
            assert_no_key(arranged.content.decode(), questions, shown_key_for=set())
        response = post_answer(
            client, attempt, answer_data(attempt, correct=False), headers=headers
        )
        answered.add(question.id)
        html = response.content.decode()
        if mode == FeedbackMode.DEFERRED:
            if response.status_code != 200 or "HX-Redirect" in response:
                continue
            assert_no_key(html, questions, shown_key_for=set())
            for marker in RUNNING_SCORE_MARKERS:
                assert marker not in html, marker
        else:
            # Feedback on the question just answered, and nothing about the others.
            if htmx:
                assert "答錯了" in html
            # (The keys of this set show after each answer: the marks may name them.)
            for allowed in ("答錯了", "正確答案", "正確順序", "部分正確", *MARKS):
                html = html.replace(allowed, "")
            assert_no_key(html, questions, shown_key_for={question.id})
            post_next(client, attempt, headers=headers)
        seen.append(html)
    results = client.get(reverse("attempt_results", args=[attempt.public_id])).content.decode()
    for question in questions:
        assert question.explanation in results


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 50])
def test_the_question_page_and_the_answer_post_cost_the_same_queries_for_5_or_50_questions(
    client, django_assert_max_num_queries, size
):
    quiz = make_set(multiple_choice=size - 1, ordering=1, feedback_mode=FeedbackMode.DEFERRED)
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt))
    # The attempt with its set; the questions are the set's shared copy, read by the
    # first post (feedback at the end: no response look-up)
    with django_assert_max_num_queries(1):
        client.get(reverse("attempt_page", args=[attempt.public_id]))
    data = answer_data(attempt)
    # attempt; savepoint, conditional UPDATE, INSERT, release. The question, its facts
    # (for memory; these made-up questions have none) and the next question come from
    # the set's shared copy.
    with django_assert_max_num_queries(5):
        response = post_answer(client, attempt, data, headers=HTMX)
    assert response.status_code == 200


@pytest.mark.django_db
def test_feedback_at_the_end_never_says_right_or_wrong_before_the_end(client):
    quiz = make_set(multiple_choice=3, ordering=0, feedback_mode=FeedbackMode.DEFERRED)
    attempt = start_attempt(client, quiz)
    for correct in (True, False):
        html = post_answer(client, attempt, answer_data(attempt, correct=correct), headers=HTMX)
        html = html.content.decode()
        assert "答對" not in html and "答錯" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("seq", ["²", "①", "-1", "1e3", "9" * 30, ""])
def test_a_strange_sequence_number_is_400_not_a_crash(client, quiz, seq):
    attempt = start_attempt(client, quiz)
    data = {**answer_data(attempt), "seq": seq}
    assert post_answer(client, attempt, data).status_code == 400
    assert (
        client.post(reverse("attempt_next", args=[attempt.public_id]), {"seq": seq}).status_code
        == 400
    )


@pytest.mark.django_db
def test_moves_are_refused_once_time_is_up_or_from_a_stale_page(client):
    quiz = make_set(multiple_choice=0, ordering=2, time_limit_minutes=5)
    attempt = start_attempt(client, quiz)
    slot, _question = current_slot(attempt)
    stale = {"seq": attempt.seq + 5, "order": slot.ids, "move": f"up:{slot.ids[1]}"}
    assert post_answer(client, attempt, stale).status_code == 409
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    late = {**stale, "seq": attempt.seq}
    response = post_answer(client, attempt, late)
    assert response.status_code == 409
    attempt.refresh_from_db()
    assert attempt.is_finished


@pytest.mark.django_db
def test_a_move_is_announced_in_the_status_region(client):
    quiz = make_set(multiple_choice=0, ordering=1)
    attempt = start_attempt(client, quiz)
    slot, question = current_slot(attempt)
    moving = slot.ids[2]
    text = question.options[slot.indices[2]]
    response = post_answer(
        client,
        attempt,
        {"seq": attempt.seq, "order": slot.ids, "move": f"up:{moving}"},
        headers=HTMX,
    )
    assert f"「{text}」移到第 2 項" in response.content.decode()


@pytest.mark.django_db
def test_an_attempt_left_past_its_last_question_is_finished_not_broken(client):
    quiz = make_set(multiple_choice=2, ordering=0, feedback_mode=FeedbackMode.DEFERRED)
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt))
    Attempt.objects.filter(pk=attempt.pk).update(current_index=2)  # as an old crash left it
    response = client.get(reverse("attempt_page", args=[attempt.public_id]))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 1.0


@pytest.mark.django_db
def test_an_htmx_error_replaces_the_main_region_not_the_question_box(client, quiz):
    import uuid

    response = client.post(reverse("attempt_answer", args=[uuid.uuid4()]), {"seq": 0}, headers=HTMX)
    assert response.status_code == 404
    assert response["HX-Retarget"] == "#main"
    html = response.content.decode()
    assert "<html" not in html and "<header" not in html and "找不到" in html


@pytest.mark.django_db
def test_attempt_pages_are_not_cached(client, quiz):
    attempt = start_attempt(client, quiz)
    response = client.get(reverse("attempt_page", args=[attempt.public_id]))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_guest_who_logs_in_keeps_their_attempt(client, django_user_model, quiz):
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt))
    django_user_model.objects.create_user(username="mei", password="pyongyang-summit-42")
    client.post(reverse("login"), {"username": "mei", "password": "pyongyang-summit-42"})
    attempt.refresh_from_db()
    assert attempt.user.username == "mei"
    page = client.get(reverse("attempt_page", args=[attempt.public_id]))
    assert page.status_code == 200


@pytest.mark.django_db
def test_logging_out_forgets_the_guest_attempts_on_this_browser(client, django_user_model, quiz):
    start_attempt(client, quiz)
    user = django_user_model.objects.create_user(username="mei", password="pyongyang-summit-42")
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.cookies["quiz_guest"].value == ""
    assert "繼續作答" not in client.get(reverse("home")).content.decode()
