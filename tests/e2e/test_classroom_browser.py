"""A classroom in Chromium: a shared computer passed from guest to guest, and a teacher
closing a set while a student is answering."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from quizapp.accounts.roles import make_teacher
from quizapp.quizzes.models import Attempt
from quizapp.vocabulary import FeedbackMode
from tests.quizzes.factories import make_set

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def start_as_guest(page: Page, url: str, name: str) -> None:
    page.goto(url)
    page.get_by_label("你的名稱（老師會看到）").fill(name)
    page.get_by_role("button", name="開始作答").click()
    expect(page.get_by_text("第 1 題，共").first).to_be_visible()


def test_a_shared_computer_passes_from_one_guest_to_the_next(live_server, page: Page):
    quiz = make_set(multiple_choice=2, ordering=0)
    get_user_model().objects.create_user(username="mei", password="a-long-pass-42")
    start_as_guest(page, f"{live_server.url}{quiz.join_url}", "電腦教室甲")

    # The next student at this computer sees who was here, and says it is not them.
    page.goto(live_server.url)
    expect(page.get_by_text("這台電腦上的訪客：「電腦教室甲」")).to_be_visible()
    page.get_by_role("button", name="不是你？").click()
    expect(page.get_by_text("不再顯示上一位訪客的作答")).to_be_visible()
    expect(page.get_by_text("繼續作答")).to_have_count(0)

    # They answer as a guest, then log in: only their own attempt joins the account.
    start_as_guest(page, f"{live_server.url}{quiz.join_url}", "乙")
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_text("這台電腦上有訪客「乙」的作答")).to_be_visible()
    page.get_by_label("帳號").fill("mei")
    page.get_by_label("密碼").fill("a-long-pass-42")
    page.get_by_role("button", name="登入").click()
    expect(page.get_by_text("已經移到你的帳號")).to_be_visible()
    owners = dict(Attempt.objects.values_list("display_name", "user__username"))
    assert owners == {"電腦教室甲": None, "乙": "mei"}


def test_a_teacher_closes_a_set_while_a_student_is_answering(live_server, browser: Browser):
    teacher = get_user_model().objects.create_user(username="lin", password="a-long-pass-1")
    make_teacher(teacher)
    quiz = make_set(multiple_choice=3, ordering=0)
    quiz.owner = teacher
    quiz.save()

    student = browser.new_context().new_page()
    start_as_guest(student, f"{live_server.url}{quiz.join_url}", "王小明")
    student.locator("input[type=radio]").first.check()
    student.get_by_role("button", name="送出答案").click()
    expect(student.get_by_role("button", name="下一題")).to_be_visible()

    desk = browser.new_context().new_page()
    desk.goto(f"{live_server.url}/accounts/login/")
    desk.get_by_label("帳號").fill("lin")
    desk.get_by_label("密碼").fill("a-long-pass-1")
    desk.get_by_role("button", name="登入").click()
    desk.goto(f"{live_server.url}/teacher/sets/{quiz.pk}/")
    desk.get_by_role("button", name="關閉作答").click()
    expect(desk.get_by_text("目前有 1 次作答還在進行")).to_be_visible()
    desk.get_by_label("立刻結束").check()
    desk.get_by_role("button", name="確定關閉").click()
    expect(desk.get_by_text("已關閉：不能再開始作答。1 次進行中的作答")).to_be_visible()

    # Time passes (the network grace too): the student's next step ends the attempt.
    Attempt.objects.update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    student.get_by_role("button", name="下一題").click()
    expect(student.get_by_role("heading", name="作答結果")).to_be_visible()
    expect(student.get_by_text("題組已經關閉")).to_be_visible()
    attempt = Attempt.objects.get()
    assert attempt.is_finished and attempt.responses.count() == 1

    # A newcomer cannot start it any more.
    late = browser.new_context().new_page()
    late.goto(f"{live_server.url}{quiz.join_url}")
    expect(late.get_by_text("找不到這個題組，或它已經不開放作答。")).to_be_visible()


def test_when_the_countdown_reaches_zero_the_attempt_ends_on_screen(live_server, page: Page):
    quiz = make_set(multiple_choice=3, ordering=0, time_limit_minutes=5)
    start_as_guest(page, f"{live_server.url}{quiz.join_url}", "王小明")
    page.locator("label[for^=choice-]").first.click()  # chosen, not yet sent
    # The clock runs down to a few seconds before the deadline; nobody clicks again.
    attempt = Attempt.objects.get()
    Attempt.objects.update(deadline=timezone.now() + datetime.timedelta(seconds=3))
    page.reload()
    page.locator("label[for^=choice-]").first.click()
    expect(page.get_by_role("heading", name="作答結果")).to_be_visible(timeout=15_000)
    attempt.refresh_from_db()
    assert attempt.is_finished
    assert attempt.responses.count() == 1  # what was on screen was sent


def test_the_countdown_ends_an_attempt_on_a_question_that_htmx_swapped_in(live_server, page: Page):
    """The next question arrives by htmx with no CSRF field of its own: the countdown's
    plain submit still gets through, with the page's token."""
    quiz = make_set(
        multiple_choice=3, ordering=0, time_limit_minutes=5, feedback_mode=FeedbackMode.DEFERRED
    )
    start_as_guest(page, f"{live_server.url}{quiz.join_url}", "王小明")
    Attempt.objects.update(deadline=timezone.now() + datetime.timedelta(seconds=12))
    page.reload()
    page.locator("label[for^=choice-]").first.click()
    page.get_by_role("button", name="送出答案").click()
    expect(page.get_by_text("第 2 題，共 3 題").first).to_be_visible()
    page.locator("label[for^=choice-]").first.click()  # chosen, not yet sent
    expect(page.get_by_role("heading", name="作答結果")).to_be_visible(timeout=25_000)
    attempt = Attempt.objects.get()
    assert attempt.is_finished
    assert attempt.responses.count() == 2
