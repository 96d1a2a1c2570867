"""A form error under htmx stays inline and never wipes the page, in DEBUG (as `make run`
serves it) and in production alike."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from quizapp.accounts.roles import make_teacher
from quizapp.quizzes.models import Question, QuestionSet
from tests.quizzes.factories import make_set

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings) -> bool:
    settings.DEBUG = request.param
    return request.param


def page_is_whole(page: Page) -> None:
    """The site's header, menu and stylesheet are still there."""
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.get_by_role("navigation", name="主選單")).to_be_visible()
    assert page.evaluate("document.styleSheets.length") >= 1
    assert page.title()


def log_in_as_teacher(page: Page, url: str) -> QuestionSet:
    teacher = get_user_model().objects.create_user(username="lin", password="a-long-password-1")
    make_teacher(teacher)
    question_set = make_set(multiple_choice=2, ordering=0)
    question_set.owner = teacher
    question_set.save()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("帳號").fill("lin")
    page.get_by_label("密碼").fill("a-long-password-1")
    page.get_by_role("button", name="登入").click()
    page.goto(f"{url}/teacher/sets/{question_set.pk}/")
    return question_set


def test_an_edit_with_an_empty_option_shows_its_error_in_place(live_server, page: Page, debug):
    question_set = log_in_as_teacher(page, live_server.url)
    page.get_by_role("link", name="修改文字").first.click()
    page.get_by_label("選項 1").fill("")
    page.get_by_role("button", name="儲存").click()
    expect(page.get_by_text("選項不可空白。")).to_be_visible()
    page_is_whole(page)
    # The inline form still works: 取消 goes back to the list, by htmx.
    page.get_by_role("link", name="取消").click()
    expect(page.get_by_role("link", name="修改文字").first).to_be_visible()
    page_is_whole(page)
    first = question_set.questions.order_by("position").first()
    assert first is not None and first.options[0] == "2018年9月17日"


def test_an_own_question_with_a_key_out_of_range_shows_its_error_in_place(
    live_server, page: Page, debug
):
    question_set = log_in_as_teacher(page, live_server.url)
    page.get_by_text("加入自己的題目").click()
    page.get_by_label("題幹").last.fill("哪一個是對的？")
    page.get_by_label("選項（一行一個）").fill("甲\n乙\n丙\n丁")
    page.get_by_label("正確答案是第幾行（選擇題）").fill("7")
    page.get_by_role("button", name="加入題目").click()
    expect(page.get_by_text("正確答案要填 1 到 4 之間的行數。")).to_be_visible()
    page_is_whole(page)
    assert not Question.objects.filter(question_set=question_set, prompt="哪一個是對的？").exists()


def test_a_malformed_answer_shows_its_error_in_place(live_server, page: Page, debug):
    quiz = make_set(multiple_choice=1, ordering=0)
    page.goto(f"{live_server.url}{quiz.join_url}")
    page.get_by_label("你的名稱（老師會看到）").fill("王小明")
    page.get_by_role("button", name="開始作答").click()
    # A browser without form validation sends the form with no option chosen.
    page.locator("form").last.evaluate("form => form.setAttribute('novalidate', '')")
    page.get_by_role("button", name="送出答案").click()
    expect(page.get_by_role("alert")).to_have_text("請先選擇一個答案。")
    page_is_whole(page)
    page.get_by_label("2018年9月18日").check()
    page.get_by_role("button", name="送出答案").click()
    expect(page.locator("#question-title")).to_have_text("答對了！")
