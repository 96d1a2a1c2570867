"""A teacher builds and publishes a set in Chromium; a student takes it in a second
browser context; the teacher reads the result and downloads the CSV."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from quizapp.accounts.roles import make_teacher

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_teacher_builds_a_day_two_set_a_student_takes_it_and_the_teacher_reads_it(
    live_server, browser: Browser, django_user_model, facts
):
    teacher = django_user_model.objects.create_user(username="lin", password="a-long-password-1")
    make_teacher(teacher)
    errors: list[str] = []

    teacher_page = browser.new_context().new_page()
    teacher_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    teacher_page.goto(f"{live_server.url}/accounts/login/")
    teacher_page.get_by_label("帳號").fill("lin")
    teacher_page.get_by_label("密碼").fill("a-long-password-1")
    teacher_page.get_by_role("button", name="登入").click()
    teacher_page.get_by_role("link", name="老師工作區").click()
    teacher_page.get_by_role("link", name="建立新題組").click()
    no_axe_violations(teacher_page)
    teacher_page.get_by_label("標題").fill("第二天小測驗")
    teacher_page.get_by_label("第二天").check()
    teacher_page.get_by_label("題數").fill("10")
    teacher_page.get_by_role("button", name="產生題目並預覽").click()
    expect(teacher_page.get_by_role("heading", name="題目（10 題）")).to_be_visible()
    no_axe_violations(teacher_page)

    # Replace a question, by htmx, without leaving the page. A day's scarcest kinds (a
    # time, a who-question) may have no other question of their kind in the day: those
    # say so and stay, so the first question with a replacement is the one replaced.
    # Two questions may share a stem (the military agreement has two signers, each the
    # key of a question of its own): the whole card, options and all, is what changes.
    cards = teacher_page.locator(".teach-question")
    status = teacher_page.locator("#teach-status")
    for index in range(10):
        before = cards.nth(index).inner_text()
        # The status may still hold the last click's words: wait for this click's answer.
        with teacher_page.expect_response(lambda r: r.request.method == "POST") as answer:
            teacher_page.get_by_role("button", name="換一題").nth(index).click()
        if "已換成另一題。" in answer.value.text():
            expect(status).to_have_text("已換成另一題。")
            expect(cards.nth(index)).not_to_have_text(before)
            break
        expect(status).to_have_text("這個範圍內已經沒有其他同類型的題目可以替換。")
        assert cards.nth(index).inner_text() == before
    else:
        raise AssertionError("no question of a day-two set could be replaced")

    teacher_page.get_by_role("button", name="發布").click()
    code = teacher_page.locator(".join-code code").inner_text()
    assert len(code) == 8

    student_page = browser.new_context().new_page()
    student_page.goto(live_server.url)
    student_page.get_by_label("輸入老師給的加入代碼").fill(code)
    student_page.get_by_role("button", name="加入").click()
    student_page.get_by_label("你的名稱（老師會看到）").fill("王小明")
    student_page.get_by_role("button", name="開始作答").click()
    for _ in range(10):
        expect(student_page.locator("#submit-answer")).to_be_visible()
        if student_page.locator(".ordering").count():
            student_page.get_by_role("button", name="送出順序").click()
            student_page.get_by_role("button", name="確定照這個順序送出").click()
        else:
            student_page.locator("input[type=radio]").first.check()
            student_page.get_by_role("button", name="送出答案").click()
        student_page.locator("#next-button").click()
    expect(student_page.get_by_role("heading", name="作答結果")).to_be_visible()

    teacher_page.reload()
    teacher_page.get_by_role("link", name="成績與分析（1）").click()
    expect(teacher_page.get_by_role("cell", name="王小明")).to_be_visible()
    expect(teacher_page.locator("svg.histogram rect")).to_have_count(10)
    no_axe_violations(teacher_page)
    with teacher_page.expect_download() as download_info:
        teacher_page.get_by_role("link", name="下載 CSV").click()
    content = download_info.value.path().read_text(encoding="utf-8-sig")
    assert "王小明" in content and content.startswith("學生,最高分")
    assert not [e for e in errors if "Content Security Policy" in e]
