"""Attempts that survive the teacher and the clock (findings H3, M1, M2, B3, B6, B13)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from quizapp.quizzes.models import Attempt, Question
from quizapp.quizzes.services.question_sets import question_set_close
from quizapp.vocabulary import AttemptState, FeedbackMode
from tests.quizzes.factories import (
    answer_data,
    finish,
    make_set,
    owned_set,
    post_answer,
    post_next,
    start_attempt,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action", ["teacher_question_delete", "teacher_question_replace"])
def test_a_student_mid_attempt_finishes_after_the_teacher_removes_one_of_their_questions(
    client, teacher_client, facts, action
):
    quiz = owned_set(teacher_client.teacher, multiple_choice=3, ordering=0)
    attempt = start_attempt(client, quiz)
    # The question the student is on (換一題 in the finding) or one still ahead (刪除).
    removed = quiz.questions.order_by("position")[0 if "replace" in action else 2]
    assert teacher_client.post(reverse(action, args=[quiz.pk, removed.pk])).status_code == 303
    assert Question.objects.filter(pk=removed.pk, is_active=False).exists()  # kept, retired
    assert client.get(reverse("attempt_page", args=[attempt.public_id])).status_code == 200
    finish(client, attempt)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED and attempt.score == 3
    review = client.get(reverse("attempt_results", args=[attempt.public_id]))
    assert review.status_code == 200 and removed.prompt in review.content.decode()


def test_a_student_mid_attempt_keeps_the_wording_they_started_with_after_an_edit(
    client, teacher_client
):
    quiz = owned_set(teacher_client.teacher, multiple_choice=2, ordering=0)
    attempt = start_attempt(client, quiz)
    question = quiz.questions.order_by("position")[1]  # the one still ahead
    data = {"prompt": "老師改寫過的題幹？", **{f"option_{i}": f"新選項{i}" for i in range(4)}}
    edit = reverse("teacher_question_edit", args=[quiz.pk, question.pk])
    assert teacher_client.post(edit, data).status_code == 303
    finish(client, attempt)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED and attempt.score == 2
    review = client.get(reverse("attempt_results", args=[attempt.public_id])).content.decode()
    assert question.prompt in review and "老師改寫過的題幹？" not in review
    # The next student gets the new wording.
    assert quiz.questions.active().filter(prompt="老師改寫過的題幹？").exists()


def test_switching_a_set_to_feedback_at_the_end_does_not_trap_a_student_on_feedback(
    client, teacher_client
):
    quiz = owned_set(teacher_client.teacher)
    attempt = start_attempt(client, quiz)
    assert post_answer(client, attempt, answer_data(attempt)).status_code == 303
    data = {
        "title": quiz.title,
        "feedback_mode": "deferred",
        "attempts_allowed": "0",
        "ordering_grading": "pairs",
    }
    response = teacher_client.post(reverse("teacher_set_settings", args=[quiz.pk]), data)
    assert response.status_code == 303
    page = client.get(reverse("attempt_page", args=[attempt.public_id])).content.decode()
    assert "下一題" in page  # still the feedback screen this attempt started with
    assert post_next(client, attempt).status_code == 303
    finish(client, attempt)
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.feedback_mode == FeedbackMode.IMMEDIATE


def test_a_timed_attempt_whose_student_left_is_in_the_results_and_the_csv(client, teacher_client):
    quiz = owned_set(
        teacher_client.teacher, time_limit_minutes=1, feedback_mode=FeedbackMode.DEFERRED
    )
    attempt = start_attempt(client, quiz, name="走開的同學")
    post_answer(client, attempt, answer_data(attempt))  # one answer, then gone
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    results = teacher_client.get(reverse("teacher_set_results", args=[quiz.pk]))
    assert "走開的同學" in results.content.decode()
    assert "另有 0 次進行中" in results.content.decode()
    csv = teacher_client.get(reverse("teacher_set_results_csv", args=[quiz.pk]))
    assert "走開的同學,1," in csv.content.decode("utf-8-sig")


def test_a_scheduler_can_finish_expired_attempts(client):
    quiz = make_set(time_limit_minutes=1)
    attempt = start_attempt(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    out = StringIO()
    call_command("finish_expired_attempts", stdout=out)
    attempt.refresh_from_db()
    assert attempt.is_finished and "Finished 1" in out.getvalue()


def test_closing_asks_when_students_are_answering_then_finishes_them_after_the_grace(
    client, teacher_client
):
    quiz = owned_set(teacher_client.teacher)
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt))
    close_url = reverse("teacher_set_close", args=[quiz.pk])
    asking = teacher_client.post(close_url)
    assert asking.status_code == 200
    assert "目前有 1 次作答還在進行" in asking.content.decode()
    quiz.refresh_from_db()
    assert quiz.is_published  # not closed until confirmed
    done = teacher_client.post(close_url, {"confirm": "1", "grace": "60"}, follow=True)
    assert "1 次進行中的作答還有 60 秒可以送出" in done.content.decode()
    # No new attempts; the one under way has a minute, then ends with what it answered.
    assert client.post(quiz.join_url, {"display_name": "晚到的"}).status_code == 404
    attempt.refresh_from_db()
    assert attempt.deadline <= timezone.now() + datetime.timedelta(seconds=61)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    post_next(client, attempt)
    late = post_answer(client, attempt, answer_data(attempt))
    assert late.status_code in (303, 409)
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 1
    results = client.get(reverse("attempt_results", args=[attempt.public_id]))
    assert results.status_code == 200


def test_an_answer_after_closing_gets_a_clear_message(client):
    quiz = make_set()
    attempt = start_attempt(client, quiz)
    question_set_close(
        question_set=quiz, grace=datetime.timedelta(0), now=timezone.now() - datetime.timedelta(1)
    )
    response = post_answer(client, attempt, answer_data(attempt))
    assert response.status_code == 409
    assert "題組已經關閉" in response.content.decode()


def test_starting_again_finishes_the_open_attempt_and_lists_it_once(client):
    quiz = make_set()
    first = start_attempt(client, quiz)
    post_answer(client, first, answer_data(first))
    second = start_attempt(client, quiz)
    first.refresh_from_db()
    assert first.is_finished and first.score == 1
    assert Attempt.objects.filter(state=AttemptState.IN_PROGRESS).get() == second
    home = client.get(reverse("home")).content.decode()
    assert home.count("繼續作答") == 1


def test_at_time_up_the_countdown_sends_what_is_there_and_shows_the_results(client):
    quiz = make_set(time_limit_minutes=1, feedback_mode=FeedbackMode.DEFERRED)
    attempt = start_attempt(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now())
    data = {**answer_data(attempt), "time_up": "1"}
    response = post_answer(client, attempt, data)
    assert response["Location"] == reverse("attempt_results", args=[attempt.public_id])
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 1 and attempt.responses.count() == 1


def test_at_time_up_with_nothing_chosen_the_attempt_ends_with_what_it_has(client):
    quiz = make_set(time_limit_minutes=1, feedback_mode=FeedbackMode.DEFERRED)
    attempt = start_attempt(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now())
    response = post_answer(client, attempt, {"seq": attempt.seq, "time_up": "1"})
    assert response.status_code == 303
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 0


def test_time_up_before_the_deadline_changes_nothing(client):
    quiz = make_set(time_limit_minutes=10)
    attempt = start_attempt(client, quiz)
    response = post_answer(client, attempt, {"seq": attempt.seq, "time_up": "1"})
    assert response.status_code == 400  # an ordinary post with no answer
    attempt.refresh_from_db()
    assert not attempt.is_finished
