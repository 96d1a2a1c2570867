"""A teacher previews a draft set as a student in Chromium: start page, every question,
the review, back to the set, and the results page has no attempt."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from quizapp.accounts.roles import make_teacher
from quizapp.generator.generate import Scope
from quizapp.quizzes.services.question_sets import question_set_build
from quizapp.vocabulary import QuestionKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BANNER = "預覽模式：作答不會列入成績"


def no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_teacher_previews_a_draft_and_its_results_stay_empty(
    live_server, browser: Browser, django_user_model, facts
):
    teacher = django_user_model.objects.create_user(username="lin", password="a-long-password-1")
    make_teacher(teacher)
    draft = question_set_build(
        owner=teacher,
        title="第一天草稿",
        scope=Scope(phases=frozenset({"day1"})),
        kinds=[QuestionKind.DATE, QuestionKind.PARTICIPANT, QuestionKind.ORDERING],
        count=4,
        seed=5,
    )
    errors: list[str] = []
    page = browser.new_context().new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("帳號").fill("lin")
    page.get_by_label("密碼").fill("a-long-password-1")
    page.get_by_role("button", name="登入").click()
    page.get_by_role("link", name="老師工作區").click()
    page.get_by_role("link", name="第一天草稿").click()

    page.get_by_role("link", name="以學生身分預覽").click()
    expect(page.get_by_text(BANNER)).to_be_visible()
    expect(page.get_by_role("heading", name="第一天草稿")).to_be_visible()
    no_axe_violations(page)
    page.get_by_role("button", name="開始作答").click()

    for number in range(1, 5):
        expect(page.get_by_text(f"第 {number} 題，共 4 題").first).to_be_visible()
        expect(page.get_by_text(BANNER)).to_be_visible()
        if number == 1:
            no_axe_violations(page)
        if page.locator(".ordering").count():
            page.get_by_role("button", name="送出順序").click()
            page.get_by_role("button", name="確定照這個順序送出").click()
        else:
            page.locator("input[type=radio]").first.check()
            page.get_by_role("button", name="送出答案").click()
        page.locator("#next-button").click()

    expect(page.get_by_role("heading", name="作答結果")).to_be_visible()
    expect(page.get_by_role("heading", name="逐題檢討")).to_be_visible()
    expect(page.locator(".review__item")).to_have_count(4)
    expect(page.get_by_text(BANNER)).to_be_visible()
    no_axe_violations(page)

    page.get_by_role("link", name="回到題組頁").first.click()
    expect(page.get_by_role("heading", name="第一天草稿")).to_be_visible()
    expect(page.locator(".tag--draft")).to_be_visible()
    page.get_by_role("link", name="成績與分析（0）").click()
    expect(page.get_by_text("已完成 0 次作答，另有 0 次進行中。")).to_be_visible()
    expect(page.get_by_text("還沒有學生完成作答")).to_be_visible()
    assert draft.attempts.previews().count() == 1
    assert not [e for e in errors if "Content Security Policy" in e]
