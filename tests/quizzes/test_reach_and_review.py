"""Who finds a set and when its keys show (findings H1, H2, B2, B14)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from quizapp.quizzes.models import Attempt
from quizapp.quizzes.services.question_sets import question_set_close
from quizapp.vocabulary import FeedbackMode, ReviewMoment
from tests.quizzes.factories import (
    EXPLANATION,
    answer_data,
    finish,
    make_set,
    post_answer,
    start_attempt,
)

pytestmark = pytest.mark.django_db


def test_a_published_set_is_not_listed_on_the_home_page_unless_its_teacher_says_so(client):
    unlisted = make_set(title="班上的小考")
    public = make_set(title="公開的練習")
    public.is_public = True
    public.save()
    home = client.get(reverse("home")).content.decode()
    assert public.title in home and public.join_code in home
    assert unlisted.title not in home and unlisted.join_code not in home
    # Its code, link and start page still reach it.
    assert client.get(reverse("join"), {"code": unlisted.join_code}).status_code == 302
    assert client.get(unlisted.join_url).status_code == 200


def test_a_set_outside_its_open_hours_is_not_listed_and_cannot_be_started(client):
    later = make_set(title="下週的小考")
    later.is_public = True
    later.opens_at = timezone.now() + datetime.timedelta(days=7)
    later.save()
    assert later.title not in client.get(reverse("home")).content.decode()
    response = client.post(later.join_url, {"display_name": "王小明"})
    assert response.status_code == 403 and "才開放作答" in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_throwaway_attempt_does_not_reveal_the_keys_of_a_set_with_attempts_left(client):
    quiz = make_set(feedback_mode=FeedbackMode.DEFERRED)
    quiz.review = ReviewMoment.AFTER_CLOSE
    quiz.save()
    attempt = start_attempt(client, quiz)
    finish(client, attempt)
    results = client.get(reverse("attempt_results", args=[attempt.public_id])).content.decode()
    assert "得分" in results
    assert EXPLANATION not in results and "正確答案" not in results
    assert "題組關閉後" in results
    question_set_close(question_set=quiz, grace=datetime.timedelta(0))
    after = client.get(reverse("attempt_results", args=[attempt.public_id])).content.decode()
    assert EXPLANATION in after and "正確答案" in after


def test_the_start_page_says_when_the_keys_will_be_shown(client):
    quiz = make_set(feedback_mode=FeedbackMode.DEFERRED)
    quiz.review = ReviewMoment.AFTER_CLOSE
    quiz.save()
    start = client.get(quiz.join_url).content.decode()
    assert "答案和解說的公布時間：題組關閉後" in start


def test_never_shows_only_the_score(client):
    quiz = make_set(feedback_mode=FeedbackMode.DEFERRED)
    quiz.review = ReviewMoment.NEVER
    quiz.save()
    attempt = start_attempt(client, quiz)
    finish(client, attempt)
    question_set_close(question_set=quiz, grace=datetime.timedelta(0))
    results = client.get(reverse("attempt_results", args=[attempt.public_id])).content.decode()
    assert "得分" in results and "只看分數" in results
    assert EXPLANATION not in results and "正確答案" not in results


def test_with_keys_after_the_attempt_the_feedback_screen_says_right_or_wrong_only(client):
    quiz = make_set()  # feedback after each answer
    quiz.review = ReviewMoment.AFTER_ATTEMPT
    quiz.save()
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt, correct=False))
    feedback = client.get(reverse("attempt_page", args=[attempt.public_id])).content.decode()
    assert "答錯了" in feedback
    assert "正確答案" not in feedback and EXPLANATION not in feedback


def test_a_feedback_at_the_end_set_built_with_attempts_left_keeps_its_keys_until_closed(
    client, django_user_model, facts
):
    from quizapp.accounts.roles import make_teacher

    teacher = django_user_model.objects.create_user(username="lin", password="a-long-pass-1")
    make_teacher(teacher)
    client.force_login(teacher)
    data = {
        "title": "第二天小測驗",
        "phases": ["day2"],
        "kinds": ["date", "participant", "place", "ordering"],
        "count": "5",
        "seed": "3",
        "feedback_mode": "deferred",
        "attempts_allowed": "0",
        "ordering_grading": "pairs",
    }
    assert client.post(reverse("teacher_set_new"), data).status_code == 303
    unlimited = teacher.question_sets.get()
    assert unlimited.review == ReviewMoment.AFTER_CLOSE
    client.post(reverse("teacher_set_new"), {**data, "title": "一次", "attempts_allowed": "1"})
    assert teacher.question_sets.get(title="一次").review == ReviewMoment.AFTER_ATTEMPT


def test_attempts_used_up_shows_on_the_start_page_with_the_earlier_results(client):
    quiz = make_set(attempts_allowed=1)
    attempt = start_attempt(client, quiz)
    finish(client, attempt)
    page = client.get(quiz.join_url).content.decode()
    assert "你已經用完了" in page
    assert 'action="' + quiz.join_url not in page  # no start form to press in vain
    assert reverse("attempt_results", args=[attempt.public_id]) in page
