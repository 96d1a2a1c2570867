"""A guest takes a quiz in a real Chromium, by keyboard alone, and reloads half-way."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from quizapp.quizzes.models import Attempt
from quizapp.vocabulary import FeedbackMode
from tests.quizzes.factories import make_set

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def active_id(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page: Page, element_id: str, limit: int = 40) -> None:
    expect(page.locator(f"#{element_id}")).to_be_enabled()
    for _ in range(limit):
        if active_id(page) == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def answer_choice_by_keyboard(page: Page) -> None:
    expect(page.locator("#question-title")).to_be_focused()
    page.keyboard.press("Tab")  # into the radio group
    page.keyboard.press("ArrowDown")  # choose the second option
    tab_to(page, "submit-answer")
    page.keyboard.press("Enter")


def test_a_guest_takes_a_quiz_by_keyboard_and_resumes_after_a_reload(live_server, page: Page):
    quiz = make_set(multiple_choice=2, ordering=1, feedback_mode=FeedbackMode.IMMEDIATE)
    page.goto(live_server.url)
    page.get_by_label("輸入老師給的加入代碼").focus()
    page.keyboard.type(quiz.join_code.lower())
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=quiz.title)).to_be_visible()
    page.get_by_label("你的名稱（老師會看到）").focus()
    page.keyboard.type("鍵盤同學")
    page.keyboard.press("Enter")

    # Question 1: multiple choice, then feedback, then on.
    expect(page.get_by_text("第 1 題，共 3 題").first).to_be_visible()
    no_axe_violations(page)
    answer_choice_by_keyboard(page)
    expect(page.locator("#question-title")).to_have_text("答對了！")
    expect(page.get_by_role("status")).to_contain_text("答對了")
    no_axe_violations(page)
    tab_to(page, "next-button")
    page.keyboard.press("Enter")

    # Half-way: the browser reloads; the student is still on question 2.
    expect(page.get_by_text("第 2 題，共 3 題").first).to_be_visible()
    page.reload()
    expect(page.get_by_text("第 2 題，共 3 題").first).to_be_visible()
    answer_choice_by_keyboard(page)
    tab_to(page, "next-button")
    page.keyboard.press("Enter")

    # Question 3: ordering with move buttons; focus stays on the button pressed (or, once
    # the item reaches the top and 上移 is disabled, on its 下移).
    expect(page.locator(".ordering")).to_be_visible()
    no_axe_violations(page)
    attempt = Attempt.objects.get()
    slot = attempt.slots[2]
    question = attempt.question_set.questions.get(pk=slot.question_id)
    wanted = [slot.ids[slot.indices.index(i)] for i in question.key]

    def shown_order() -> list[str]:
        return [i.get_attribute("value") for i in page.locator("input[name=order]").all()]

    for position, opaque in enumerate(wanted):
        # Move each item up until it stands at its place, waiting for each swap.
        while (index := shown_order().index(opaque)) != position:
            tab_to(page, f"up-{opaque}")
            page.keyboard.press("Enter")
            expect(page.locator("input[name=order]").nth(index - 1)).to_have_attribute(
                "value", opaque
            )
            pressed = f"#up-{opaque}" if index - 1 > 0 else f"#down-{opaque}"
            expect(page.locator(pressed)).to_be_focused()
    tab_to(page, "submit-answer")
    page.keyboard.press("Enter")
    expect(page.locator("#question-title")).to_have_text("答對了！")
    tab_to(page, "next-button")
    page.keyboard.press("Enter")

    # The review: score, every question, the key and the article's sentence.
    expect(page.get_by_role("heading", name="作答結果")).to_be_visible()
    expect(page.locator(".score")).to_have_text("得分 3 / 3（100%）")
    expect(page.locator(".review__item")).to_have_count(3)
    expect(
        page.locator(".review").get_by_text("文在寅伉儷獲金正恩和夫人李雪主迎接").first
    ).to_be_visible()
    no_axe_violations(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_quiz_pages_have_no_accessibility_violations_at_phone_and_desktop_width(
    live_server, page: Page, width: int
):
    quiz = make_set(multiple_choice=1, ordering=1, feedback_mode=FeedbackMode.IMMEDIATE)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/q/{quiz.join_code}/")
    no_axe_violations(page)
    page.get_by_label("你的名稱（老師會看到）").fill("小華")
    page.get_by_role("button", name="開始作答").click()
    page.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="送出答案").click()
    expect(page.locator("#question-title")).to_have_text("答錯了")
    no_axe_violations(page)
    page.get_by_role("button", name="下一題").click()
    no_axe_violations(page)
    page.get_by_role("button", name="送出順序").click()
    expect(page.get_by_role("alert")).to_contain_text("你沒有移動任何項目")
    page.get_by_role("button", name="確定照這個順序送出").click()
    page.get_by_role("button", name="看結果").click()
    expect(page.get_by_role("heading", name="作答結果")).to_be_visible()
    no_axe_violations(page)
