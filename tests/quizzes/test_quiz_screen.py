"""The quiz screen a student reads: feedback that names the choice and the key in words,
partial credit for orderings, the results' count of right answers with 「再做一次」 while
attempts remain, and the running score beside the time left."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from quizapp.quizzes.models import Attempt, QuestionSet
from quizapp.quizzes.services.question_sets import question_set_close
from quizapp.vocabulary import FeedbackMode, ReviewMoment
from tests.quizzes.factories import (
    answer_data,
    current_slot,
    finish,
    make_set,
    post_answer,
    post_next,
    start_attempt,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
KEY = "2018年9月18日"  # the factory's choice questions' key
OTHERS = ["2018年9月17日", "2018年9月19日", "2018年9月20日"]


def with_review(question_set: QuestionSet, review: ReviewMoment) -> QuestionSet:
    question_set.review = review
    question_set.save()
    return question_set


def page_of(client: Client, attempt: Attempt, **kwargs) -> str:
    return client.get(reverse("attempt_page", args=[attempt.public_id]), **kwargs).content.decode()


def results_of(client: Client, attempt: Attempt) -> str:
    return client.get(reverse("attempt_results", args=[attempt.public_id])).content.decode()


def options_marked(html: str) -> dict[str, str]:
    """Each listed option's text, with the words marking it ('' for none)."""
    found = {}
    for item in re.findall(r'<li class="marked-option[^"]*">(.*?)</li>', html, flags=re.S):
        text = re.search(r'marked-option__text">([^<]*)<', item)
        marks = re.findall(r'class="mark mark--[a-z]+">([^<]*)<', item)
        assert text, item
        found[text[1]] = "・".join(marks)
    return found


def partly_right(attempt: Attempt) -> dict:
    """The ordering's key with its last two items swapped: 5 of 6 pairs in order. It may
    be the order dealt, so it is sent confirmed."""
    slot, question = current_slot(attempt)
    by_index = dict(zip(slot.indices, slot.ids, strict=True))
    order = [by_index[i] for i in question.key]
    order[-2], order[-1] = order[-1], order[-2]
    return {"seq": attempt.seq, "order": order, "confirm": "1"}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_wrong_choice_lists_every_option_with_the_choice_and_the_key_in_words(client, headers):
    quiz = make_set(multiple_choice=2, ordering=0)  # keys shown after each answer
    attempt = start_attempt(client, quiz)
    slot, _question = current_slot(attempt)
    wrong = slot.ids[slot.indices.index(0)]
    response = post_answer(client, attempt, {"seq": attempt.seq, "choice": wrong}, headers=headers)
    html = response.content.decode() if headers else page_of(client, attempt)
    assert options_marked(html) == {
        OTHERS[0]: "你的選擇",
        KEY: "正確答案",
        OTHERS[1]: "",
        OTHERS[2]: "",
    }
    assert "is-wrong-choice" in html and 'class="feedback-title is-wrong"' in html


def test_a_right_choice_is_marked_both_chosen_and_the_key(client):
    quiz = make_set(multiple_choice=1, ordering=0)
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt))
    assert options_marked(page_of(client, attempt))[KEY] == "你的選擇・正確答案"


def test_options_are_listed_in_the_order_the_student_saw_them(client):
    quiz = make_set(multiple_choice=1, ordering=0)
    quiz.shuffle_options = True
    quiz.save()
    attempt = start_attempt(client, quiz)
    slot, question = current_slot(attempt)
    post_answer(client, attempt, answer_data(attempt))
    shown = [question.options[index] for index in slot.indices]
    assert list(options_marked(page_of(client, attempt))) == shown


def test_while_keys_wait_the_feedback_marks_the_choice_only(client):
    quiz = with_review(make_set(multiple_choice=1, ordering=1), ReviewMoment.AFTER_ATTEMPT)
    attempt = start_attempt(client, quiz)
    slot, _question = current_slot(attempt)
    wrong = slot.ids[slot.indices.index(0)]
    html = post_answer(
        client, attempt, {"seq": attempt.seq, "choice": wrong}, headers=HTMX
    ).content.decode()
    assert "答錯了" in html
    assert options_marked(html) == {OTHERS[0]: "你的選擇", KEY: "", OTHERS[1]: "", OTHERS[2]: ""}
    for leak in ("正確答案", "is-key", "mark--key", "is-wrong-choice"):
        assert leak not in html, leak
    post_next(client, attempt)
    # An ordering partly right: right or wrong in part, but not which items to move.
    html = post_answer(client, attempt, partly_right(attempt), headers=HTMX).content.decode()
    assert "部分正確（得 0.83 分）" in html and "is-partial" in html
    for leak in ("正確順序", "位置不對", "應排第", "out-of-place"):
        assert leak not in html, leak


def test_a_partly_right_ordering_has_its_own_label_and_names_the_item_to_move(client):
    quiz = make_set(multiple_choice=0, ordering=1)
    attempt = start_attempt(client, quiz)
    _slot, question = current_slot(attempt)
    html = post_answer(client, attempt, partly_right(attempt), headers=HTMX).content.decode()
    assert 'class="feedback-title is-partial"' in html
    assert "部分正確（得 0.83 分）" in html
    # One item stands out of place (the last, one below its place in the key), and the
    # feedback says where the key puts it.
    moved = re.findall(
        r'<li class="out-of-place">([^<]*) <span class="mark mark--move">([^<]*)<', html
    )
    assert moved == [(question.options[question.key[-2]], "位置不對，應排第 3")]
    assert "正確順序" in html


def test_the_review_marks_choices_keys_and_partial_credit(client):
    quiz = with_review(
        make_set(multiple_choice=2, ordering=1, feedback_mode=FeedbackMode.DEFERRED),
        ReviewMoment.AFTER_ATTEMPT,
    )
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt, correct=False))
    post_answer(client, attempt, answer_data(attempt))
    post_answer(client, attempt, partly_right(attempt))
    html = results_of(client, attempt)
    assert html.count('class="card review__item is-wrong"') == 1
    assert html.count('class="card review__item is-right"') == 1
    assert html.count('class="card review__item is-partial"') == 1
    assert "部分正確 0.83" in html and "位置不對，應排第 3" in html
    assert html.count("你的選擇") == 2 and html.count(">正確答案<") == 2


def test_a_review_that_never_shows_keys_marks_nothing(client):
    quiz = with_review(
        make_set(multiple_choice=2, ordering=1, feedback_mode=FeedbackMode.DEFERRED),
        ReviewMoment.NEVER,
    )
    attempt = finish(client, start_attempt(client, quiz), correct=False)
    question_set_close(question_set=quiz, grace=datetime.timedelta(0))
    html = results_of(client, attempt)
    for leak in ("正確答案", "正確順序", "你的選擇", "marked-option", "應排第"):
        assert leak not in html, leak
    assert "答對 0 題（共 3 題）" in html


@pytest.mark.parametrize("review", [ReviewMoment.AFTER_EACH, ReviewMoment.NEVER])
def test_the_results_give_the_percentage_and_how_many_were_right(client, review):
    quiz = with_review(make_set(multiple_choice=3, ordering=1), review)
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt, correct=False))
    post_next(client, attempt)
    post_answer(client, attempt, answer_data(attempt))
    post_next(client, attempt)
    post_answer(client, attempt, answer_data(attempt))
    post_next(client, attempt)
    post_answer(client, attempt, partly_right(attempt))
    post_next(client, attempt)
    html = results_of(client, attempt)
    # 2 right, 1 wrong, an ordering worth 0.83: 2.83 of 4 points, but 2 answers right.
    assert "得分 <strong>2.83</strong> / 4（71%）" in html
    assert "答對 2 題（共 4 題）" in html


def retake_link(quiz: QuestionSet) -> str:
    return f'href="{quiz.join_url}">再做一次</a>'


@pytest.mark.parametrize(
    ("allowed", "taken", "offered"),
    [(0, 1, True), (0, 3, True), (2, 1, True), (2, 2, False), (1, 1, False)],
)
def test_another_attempt_is_offered_only_while_the_limit_allows(client, allowed, taken, offered):
    quiz = make_set(multiple_choice=1, ordering=0, attempts_allowed=allowed)
    for _ in range(taken):
        attempt = finish(client, start_attempt(client, quiz))
    html = results_of(client, attempt)
    assert (retake_link(quiz) in html) is offered
    assert "回到首頁" in html
    if offered:
        # It leads to the start page, which starts the next attempt.
        start = client.get(quiz.join_url).content.decode()
        assert "開始作答" in start and "你已經用完了" not in start


def test_earlier_results_stop_offering_another_attempt_once_the_last_is_used(client):
    quiz = make_set(multiple_choice=1, ordering=0, attempts_allowed=2)
    first = finish(client, start_attempt(client, quiz))
    assert retake_link(quiz) in results_of(client, first)
    finish(client, start_attempt(client, quiz))
    assert retake_link(quiz) not in results_of(client, first)


def test_a_closed_set_offers_no_other_attempt(client):
    quiz = make_set(multiple_choice=1, ordering=0)
    attempt = finish(client, start_attempt(client, quiz))
    question_set_close(question_set=quiz, grace=datetime.timedelta(0))
    assert "再做一次" not in results_of(client, attempt)


def test_the_running_score_counts_the_answers_so_far(client):
    quiz = make_set(multiple_choice=2, ordering=1)
    attempt = start_attempt(client, quiz)
    # Nothing answered yet: no score to show.
    assert re.search(
        r'<p id="running-score" class="running-score">\s*</p>', page_of(client, attempt)
    )
    post_answer(client, attempt, answer_data(attempt))
    assert "目前得分 <strong>1</strong>／1" in page_of(client, attempt)
    post_next(client, attempt)
    html = post_answer(
        client, attempt, answer_data(attempt, correct=False), headers=HTMX
    ).content.decode()
    # Under htmx the head is outside the swapped region: the score comes out of band.
    assert re.search(r'id="running-score" class="running-score" hx-swap-oob="true">目前得分', html)
    assert "目前得分 <strong>1</strong>／2" in html
    post_next(client, attempt)
    html = post_answer(client, attempt, partly_right(attempt), headers=HTMX).content.decode()
    assert "目前得分 <strong>1.83</strong>／3" in html


def test_feedback_at_the_end_keeps_no_running_score(client):
    quiz = make_set(multiple_choice=2, ordering=0, feedback_mode=FeedbackMode.DEFERRED)
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt))
    for html in (
        page_of(client, attempt),
        page_of(client, attempt, headers=HTMX),
    ):
        assert "running-score" not in html and "目前得分" not in html


def test_the_time_left_sits_in_the_head_that_stays_in_view(client):
    quiz = make_set(
        multiple_choice=1, ordering=0, feedback_mode=FeedbackMode.DEFERRED, time_limit_minutes=5
    )
    html = page_of(client, start_attempt(client, quiz))
    head = re.search(r'<div class="quiz-head quiz-head--sticky">(.*?)\n</div>', html, flags=re.S)
    assert head and 'class="countdown"' in head[1]
    untimed = make_set(multiple_choice=1, ordering=0, feedback_mode=FeedbackMode.DEFERRED)
    assert "quiz-head--sticky" not in page_of(client, start_attempt(client, untimed, "李小華"))


def test_an_ordering_offers_drag_handles_only_for_the_script_to_show(client):
    quiz = make_set(multiple_choice=0, ordering=1)
    html = page_of(client, start_attempt(client, quiz))
    handles = re.findall(r'<span class="ordering__handle"[^>]*>', html)
    assert len(handles) == 4
    # Hidden until the script shows them (no script, no handle that does nothing), and
    # out of the accessibility tree: keyboards and screen readers have the buttons.
    assert all("hidden" in tag and 'aria-hidden="true"' in tag for tag in handles)
    assert "vendor/sortablejs/Sortable.min.js" in html and "js/ordering.js" in html
    assert 'data-message-moved="「{text}」移到第 {position} 項。"' in html


@pytest.mark.parametrize("size", [5, 50])
def test_the_results_cost_the_same_queries_at_any_size_with_a_limit_and_no_keys(
    client, django_assert_num_queries, size
):
    quiz = with_review(
        make_set(
            multiple_choice=size - 1,
            ordering=1,
            feedback_mode=FeedbackMode.DEFERRED,
            attempts_allowed=3,
        ),
        ReviewMoment.NEVER,
    )
    attempt = finish(client, start_attempt(client, quiz))
    # The attempt; the right answers counted (no review to count them from); the
    # attempts used (for 再做一次). A guest has no session to read.
    with django_assert_num_queries(3):
        html = results_of(client, attempt)
    assert f"答對 {size} 題（共 {size} 題）" in html
