"""A student's way through a quiz: join, answer, feedback, results, resume."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from quizapp.quizzes.models import Attempt, Response
from quizapp.vocabulary import AttemptState, FeedbackMode
from tests.quizzes.factories import (
    EXPLANATION,
    answer_data,
    current_slot,
    make_set,
    post_answer,
    post_next,
    start_attempt,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_the_home_page_lists_public_sets_and_a_join_field(client, quiz):
    quiz.is_public = True
    quiz.save()
    html = client.get(reverse("home")).content.decode()
    assert quiz.title in html
    assert 'name="code"' in html
    assert reverse("timeline") in html


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {spaced} "])
def test_a_join_code_is_found_whatever_case_or_spacing(client, quiz, typed):
    code = quiz.join_code
    typed = typed.format(code=code, lower=code.lower(), spaced=f"{code[:4]} {code[4:]}")
    response = client.get(reverse("join"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("set_start", args=[code])


def test_an_unknown_or_empty_code_says_so_on_the_home_page(client, quiz):
    unknown = client.get(reverse("join"), {"code": "ZZZZ9999"})
    assert unknown.status_code == 404
    assert "找不到代碼「ZZZZ9999」" in unknown.content.decode()
    empty = client.get(reverse("join"), {"code": "  "})
    assert empty.status_code == 400
    assert "請輸入老師給你的加入代碼" in empty.content.decode()


def test_join_codes_have_at_least_a_billion_values(quiz):
    from quizapp.quizzes.models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH

    assert len(JOIN_CODE_ALPHABET) ** JOIN_CODE_LENGTH >= 10**9
    assert len(quiz.join_code) == JOIN_CODE_LENGTH


def test_a_guest_needs_a_name_to_start(client, quiz):
    response = client.post(reverse("set_start", args=[quiz.join_code]), {"display_name": "  "})
    assert response.status_code == 400
    assert "請輸入 1 到 40 個字的名稱" in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_whole_attempt_with_immediate_feedback(client, quiz):
    attempt = start_attempt(client, quiz)
    for number in range(1, 5):
        page = client.get(reverse("attempt_page", args=[attempt.public_id])).content.decode()
        assert f"第 {number} 題，共 4 題" in page
        response = post_answer(client, attempt, answer_data(attempt, correct=number != 2))
        assert response.status_code == 303
        feedback = client.get(reverse("attempt_page", args=[attempt.public_id])).content.decode()
        assert ("答對了" in feedback) == (number != 2)
        assert "你的選擇" in feedback or "正確順序" in feedback
        assert "[38]" in feedback
        post_next(client, attempt)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    assert attempt.score == 3.0 and attempt.max_score == 4
    results = client.get(reverse("attempt_results", args=[attempt.public_id])).content.decode()
    assert "得分 <strong>3</strong> / 4" in results
    assert results.count(EXPLANATION) == 3  # every multiple-choice question's source


def test_a_whole_attempt_with_feedback_at_the_end(client):
    quiz = make_set(feedback_mode=FeedbackMode.DEFERRED)
    attempt = start_attempt(client, quiz)
    for _number in range(4):
        response = post_answer(client, attempt, answer_data(attempt, correct=False))
        assert response.status_code == 303
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    assert response["Location"] == reverse("attempt_results", args=[attempt.public_id])
    results = client.get(response["Location"]).content.decode()
    assert "得分 <strong>0</strong> / 4" in results
    assert "錯誤" in results and "正確答案" in results


def test_each_htmx_step_is_a_partial_with_the_live_status(client, quiz):
    attempt = start_attempt(client, quiz)
    response = post_answer(client, attempt, answer_data(attempt), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="quiz"' in html and 'id="quiz-status"' in html and 'hx-swap-oob="true"' in html
    assert "答對了" in html
    nxt = post_next(client, attempt, headers=HTMX).content.decode()
    assert "<html" not in nxt and "第 2 題，共 4 題" in nxt and "autofocus" in nxt


def test_finishing_under_htmx_redirects_the_browser_to_the_results(client):
    quiz = make_set(multiple_choice=1, ordering=0, feedback_mode=FeedbackMode.DEFERRED)
    attempt = start_attempt(client, quiz)
    response = post_answer(client, attempt, answer_data(attempt), headers=HTMX)
    assert response["HX-Redirect"] == reverse("attempt_results", args=[attempt.public_id])


def test_closing_the_browser_and_coming_back_resumes_at_the_same_question(client, quiz):
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt))
    post_next(client, attempt)
    cookie = client.cookies["quiz_guest"].value
    from django.test import Client

    later = Client()
    later.cookies["quiz_guest"] = cookie
    home = later.get(reverse("home")).content.decode()
    assert "繼續作答" in home
    page = later.get(reverse("attempt_page", args=[attempt.public_id])).content.decode()
    assert "第 2 題，共 4 題" in page
    start = later.get(reverse("set_start", args=[quiz.join_code])).content.decode()
    assert "你有一次還沒完成的作答" in start


def test_a_logged_in_student_sees_their_past_attempts(client, django_user_model, quiz):
    user = django_user_model.objects.create_user(username="mei", password="a-long-password-1")
    client.force_login(user)
    attempt = start_attempt(client, quiz)
    assert attempt.user == user and attempt.display_name == "mei"
    for _ in range(4):
        post_answer(client, attempt, answer_data(attempt))
        post_next(client, attempt)
    home = client.get(reverse("home")).content.decode()
    assert reverse("attempt_results", args=[attempt.public_id]) in home
    assert "4 / 4" in home


def test_a_finished_attempt_cannot_be_changed(client):
    quiz = make_set(multiple_choice=1, ordering=0)
    attempt = start_attempt(client, quiz)
    data = answer_data(attempt)
    post_answer(client, attempt, data)
    post_next(client, attempt)
    attempt.refresh_from_db()
    assert attempt.is_finished
    again = post_answer(client, attempt, {**data, "seq": attempt.seq})
    assert again.status_code == 409
    assert "已經完成" in again.content.decode()
    assert Response.objects.filter(attempt=attempt).count() == 1


def test_the_attempts_allowed_are_enforced(client):
    quiz = make_set(multiple_choice=1, ordering=0, attempts_allowed=1)
    start_attempt(client, quiz)
    second = client.post(reverse("set_start", args=[quiz.join_code]), {"display_name": "王小明"})
    assert second.status_code == 403
    assert "最多只能作答 1 次" in second.content.decode()


def test_an_untouched_ordering_must_be_confirmed(client):
    quiz = make_set(multiple_choice=0, ordering=1)
    attempt = start_attempt(client, quiz)
    slot, _question = current_slot(attempt)
    untouched = {"seq": attempt.seq, "order": slot.ids}
    response = post_answer(client, attempt, untouched)
    assert response.status_code == 200
    assert "你沒有移動任何項目" in response.content.decode()
    assert not Response.objects.exists()
    confirmed = post_answer(client, attempt, {**untouched, "confirm": "1"})
    assert confirmed.status_code == 303
    assert Response.objects.count() == 1


def test_the_start_order_is_never_already_correct(client):
    quiz = make_set(multiple_choice=0, ordering=1)
    for number in range(40):
        attempt = start_attempt(client, quiz, name=f"學生{number}")
        slot, question = current_slot(attempt)
        assert slot.indices != question.key


def test_moving_an_item_rearranges_without_storing(client):
    quiz = make_set(multiple_choice=0, ordering=1)
    attempt = start_attempt(client, quiz)
    slot, _question = current_slot(attempt)
    ids = slot.ids
    response = client.post(
        reverse("attempt_answer", args=[attempt.public_id]),
        {"seq": attempt.seq, "order": ids, "move": f"up:{ids[2]}"},
        headers=HTMX,
    )
    html = response.content.decode()
    shown = re.findall(r'name="order" value="([^"]+)"', html)
    assert shown == [ids[0], ids[2], ids[1], ids[3]]
    assert not Response.objects.exists()
    attempt.refresh_from_db()
    assert attempt.seq == 0


def test_error_pages_are_in_the_layout_in_chinese_with_a_way_back(client, quiz):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "找不到這個頁面" in html and 'href="/"' in html and "平壤峰會測驗" in html
