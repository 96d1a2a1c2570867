"""Ordering questions in Chromium: dragged into place with a mouse on a desktop and with
a finger on a phone, or moved with 上移/下移 on a page without scripts; each way posts
the order on screen. The feedback names the student's order and the key in words.

With QUIZ_SCREENSHOTS=<folder> set, the pages are saved there as PNGs to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, CDPSession, ConsoleMessage, Page, expect

from quizapp.quizzes.models import Attempt, Response
from quizapp.vocabulary import FeedbackMode
from tests.quizzes.factories import make_set

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def snap(page: Page, name: str, *, whole: bool = True) -> None:
    """The whole page from its top, or (`whole=False`) the screen as it is scrolled."""
    folder = os.environ.get("QUIZ_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        if whole:
            page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=whole)


def watch_csp(page: Page) -> list[str]:
    """Every Content-Security-Policy complaint the page logs (there must be none)."""
    complaints: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            complaints.append(message.text)

    page.on("console", listen)
    return complaints


def start(page: Page, url: str) -> Attempt:
    page.goto(url)
    page.get_by_label("你的名稱（老師會看到）").fill("拖曳同學")
    page.get_by_role("button", name="開始作答").click()
    expect(page.get_by_text("第 1 題，共").first).to_be_visible()
    return Attempt.objects.get()


def key_order(attempt: Attempt) -> list[str]:
    """The opaque ids of the current ordering's items, in the key's order."""
    attempt.refresh_from_db()
    slot = attempt.current_slot
    question = attempt.question_set.questions.get(pk=slot.question_id)
    by_index = dict(zip(slot.indices, slot.ids, strict=True))
    return [by_index[index] for index in question.key]


def shown_order(page: Page) -> list[str]:
    return [
        value or ""
        for value in page.locator("input[name=order]").evaluate_all(
            "inputs => inputs.map(input => input.value)"
        )
    ]


def centre(page: Page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def item(opaque: str) -> str:
    return f".ordering__item:has(input[value='{opaque}'])"


def path(start: tuple[float, float], end: tuple[float, float], steps: int = 15):
    """Points from start to end at a hand's pace (about 16 ms apart, a frame each): the
    items slide aside as the dragged one passes, as they would under a real hand."""
    (x, y), (to_x, to_y) = start, end
    for step in range(1, steps + 1):
        yield x + (to_x - x) * step / steps, y + (to_y - y) * step / steps


def drag_by_mouse(page: Page, opaque: str, onto: str) -> None:
    """Press the item's handle, move over the item now at the target place, let go."""
    start = centre(page, f"{item(opaque)} .ordering__handle")
    page.mouse.move(*start)
    page.mouse.down()
    for point in path(start, centre(page, item(onto))):
        page.mouse.move(*point)
        page.wait_for_timeout(16)
    page.wait_for_timeout(200)  # the last slide aside ends before the drop
    page.mouse.up()


def drag_by_touch(page: Page, cdp: CDPSession, opaque: str, onto: str) -> None:
    """The same with a finger: real touch events, as a phone's screen sends them."""
    x, y = centre(page, f"{item(opaque)} .ordering__handle")
    touch(cdp, "touchStart", x, y)
    for point in path((x, y), centre(page, item(onto))):
        touch(cdp, "touchMove", *point)
        page.wait_for_timeout(16)
    page.wait_for_timeout(200)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def touch(cdp: CDPSession, kind: str, x: float, y: float) -> None:
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]})


def drag_into_key_order(page: Page, wanted: list[str], drag) -> int:
    """Drag items until the list shows the key's order; returns how many drags it took."""
    drags = 0
    for place, opaque in enumerate(wanted):
        order = shown_order(page)
        if order[place] == opaque:
            continue
        drag(opaque, order[place])
        drags += 1
        expect(page.locator("input[name=order]").nth(place)).to_have_value(opaque)
        text = page.locator(f"{item(opaque)} .ordering__text").inner_text()
        expect(page.locator("#quiz-status")).to_have_text(f"「{text}」移到第 {place + 1} 項。")
        expect(page.locator(item(opaque))).to_have_class("ordering__item is-moved")
    return drags


def expect_buttons_follow_the_order(page: Page) -> None:
    """After a drag the ends' buttons are disabled as the server would render them."""
    expect(
        page.locator(".ordering__item").first.get_by_role("button", name="上移")
    ).to_be_disabled()
    expect(page.locator(".ordering__item").last.get_by_role("button", name="下移")).to_be_disabled()
    expect(
        page.locator(".ordering__item").nth(1).get_by_role("button", name="上移")
    ).to_be_enabled()


def answer_right_and_see_the_key(page: Page, attempt: Attempt, wanted: list[str]) -> None:
    page.get_by_role("button", name="送出順序").click()
    expect(page.locator("#question-title")).to_have_text("答對了！")
    expect(page.get_by_role("heading", name="正確順序")).to_be_visible()
    expect(page.locator("#running-score")).to_have_text("目前得分 1／1")
    response = Response.objects.get(attempt=attempt)
    assert response.score == 1.0
    slot = attempt.slots[0]
    assert response.answer == [slot.index_of(opaque) for opaque in wanted]


def test_an_ordering_is_dragged_into_place_with_a_mouse(live_server, browser: Browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    complaints = watch_csp(page)
    quiz = make_set(multiple_choice=0, ordering=2, feedback_mode=FeedbackMode.IMMEDIATE)
    attempt = start(page, f"{live_server.url}{quiz.join_url}")
    expect(page.locator(".ordering__handle").first).to_be_visible()
    expect(page.get_by_text("也可以按住項目右邊的把手拖曳。")).to_be_visible()
    snap(page, "attempt-ordering-1280")

    wanted = key_order(attempt)
    assert drag_into_key_order(page, wanted, lambda o, t: drag_by_mouse(page, o, t)) >= 1
    expect_buttons_follow_the_order(page)
    # The buttons go on from where the drag left the list (no reload, no lost order).
    assert shown_order(page) == wanted
    answer_right_and_see_the_key(page, attempt, wanted)
    snap(page, "feedback-ordering-1280")

    # The next ordering arrives by an htmx swap: dragging works there too.
    page.get_by_role("button", name="下一題").click()
    expect(page.get_by_text("第 2 題，共 2 題").first).to_be_visible()
    second = key_order(attempt)
    drag_into_key_order(page, second, lambda o, t: drag_by_mouse(page, o, t))
    page.get_by_role("button", name="送出順序").click()
    expect(page.locator("#question-title")).to_have_text("答對了！")
    expect(page.locator("#running-score")).to_have_text("目前得分 2／2")
    assert complaints == []
    context.close()


@pytest.fixture
def phone(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    yield context
    context.close()


def test_an_ordering_is_dragged_into_place_with_a_finger_on_a_phone(live_server, phone):
    page = phone.new_page()
    complaints = watch_csp(page)
    quiz = make_set(multiple_choice=0, ordering=1, feedback_mode=FeedbackMode.IMMEDIATE)
    attempt = start(page, f"{live_server.url}{quiz.join_url}")
    snap(page, "attempt-ordering-390")
    cdp = phone.new_cdp_session(page)

    wanted = key_order(attempt)
    assert drag_into_key_order(page, wanted, lambda o, t: drag_by_touch(page, cdp, o, t)) >= 1
    expect_buttons_follow_the_order(page)
    answer_right_and_see_the_key(page, attempt, wanted)
    snap(page, "feedback-ordering-390")
    assert complaints == []


def test_a_finger_on_an_item_but_off_its_handle_moves_nothing(live_server, phone):
    page = phone.new_page()
    quiz = make_set(multiple_choice=0, ordering=1, feedback_mode=FeedbackMode.IMMEDIATE)
    start(page, f"{live_server.url}{quiz.join_url}")
    before = shown_order(page)
    cdp = phone.new_cdp_session(page)
    x, y = centre(page, ".ordering__item:first-child .ordering__text")
    touch(cdp, "touchStart", x, y)
    for point in path((x, y), (x, y + 160)):
        touch(cdp, "touchMove", *point)
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    assert shown_order(page) == before


def test_without_scripts_the_buttons_post_the_order_on_screen(live_server, browser: Browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    quiz = make_set(multiple_choice=0, ordering=1, feedback_mode=FeedbackMode.IMMEDIATE)
    attempt = start(page, f"{live_server.url}{quiz.join_url}")
    # No script, no handle: only the buttons, which work by plain form posts.
    expect(page.locator(".ordering__handle").first).to_be_hidden()
    expect(page.get_by_text("也可以按住項目右邊的把手拖曳。")).to_be_hidden()
    wanted = key_order(attempt)
    for place, opaque in enumerate(wanted):
        while (index := shown_order(page).index(opaque)) != place:
            page.locator(f"#up-{opaque}").click()
            expect(page.locator("input[name=order]").nth(index - 1)).to_have_value(opaque)
    assert "order=" in page.url  # the arrangement travels in the address
    page.get_by_role("button", name="送出順序").click()
    expect(page.locator("#question-title")).to_have_text("答對了！")
    response = Response.objects.get(attempt=attempt)
    slot = attempt.slots[0]
    assert response.answer == [slot.index_of(opaque) for opaque in wanted]
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_feedback_and_results_say_in_words_what_was_chosen_and_what_is_right(
    live_server, browser: Browser, viewport
):
    context = browser.new_context(viewport=viewport, has_touch=viewport == PHONE)
    page = context.new_page()
    width = viewport["width"]
    quiz = make_set(
        multiple_choice=2,
        ordering=1,
        feedback_mode=FeedbackMode.IMMEDIATE,
        time_limit_minutes=20,
        attempts_allowed=2,
    )
    attempt = start(page, f"{live_server.url}{quiz.join_url}")

    # A wrong choice: the student's choice and the key, each named on its option.
    snap(page, f"attempt-choice-{width}")
    attempt.refresh_from_db()
    slot = attempt.current_slot
    wrong = slot.ids[slot.indices.index(0)]  # the factory's key is option 1
    page.locator(f"label[for=choice-{wrong}]").click()
    page.get_by_role("button", name="送出答案").click()
    expect(page.locator("#question-title")).to_have_text("答錯了")
    expect(page.locator(".marked-option.is-wrong-choice")).to_contain_text("你的選擇")
    expect(page.locator(".marked-option.is-key")).to_contain_text("2018年9月18日")
    expect(page.locator(".marked-option.is-key")).to_contain_text("正確答案")
    expect(page.locator(".marked-option")).to_have_count(4)
    expect(page.locator("#running-score")).to_have_text("目前得分 0／1")
    snap(page, f"feedback-choice-{width}")
    page.get_by_role("button", name="下一題").click()

    # The next question is on screen once the attempt has moved on to it.
    expect(page.get_by_text("第 2 題，共 3 題").first).to_be_visible()
    attempt.refresh_from_db()
    slot = attempt.current_slot
    page.locator(f"label[for=choice-{slot.ids[slot.indices.index(1)]}]").click()
    page.get_by_role("button", name="送出答案").click()
    expect(page.locator("#question-title")).to_have_text("答對了！")
    expect(page.locator("#running-score")).to_have_text("目前得分 1／2")
    page.get_by_role("button", name="下一題").click()
    expect(page.get_by_text("第 3 題，共 3 題").first).to_be_visible()

    # The ordering one swap short of the key: partly right, its own label and colour.
    wanted = key_order(attempt)
    for place, opaque in enumerate(wanted):
        while (index := shown_order(page).index(opaque)) != place:
            page.locator(f"#up-{opaque}").click()
            expect(page.locator("input[name=order]").nth(index - 1)).to_have_value(opaque)
    page.locator(f"#down-{wanted[2]}").click()
    expect(page.locator("input[name=order]").nth(3)).to_have_value(wanted[2])
    # The head with the time left stays in view at the foot of a long page.
    page.mouse.wheel(0, 2000)
    head = page.locator(".quiz-head")
    expect(head).to_be_in_viewport()
    expect(page.locator(".countdown")).to_be_in_viewport()
    snap(page, f"attempt-scrolled-{width}", whole=False)
    # By chance this may be the order dealt: the student is then asked to confirm it.
    as_dealt = shown_order(page) == list(attempt.current_slot.ids)
    page.get_by_role("button", name="送出順序").click()
    if as_dealt:
        page.get_by_role("button", name="確定照這個順序送出").click()
    expect(page.locator("#question-title")).to_have_text("部分正確（得 0.83 分）")
    expect(page.locator("#question-title")).to_have_class("feedback-title is-partial")
    expect(page.locator(".out-of-place")).to_have_count(1)
    expect(page.locator(".out-of-place .mark")).to_contain_text("位置不對，應排第")
    expect(page.locator("#running-score")).to_have_text("目前得分 1.83／3")
    snap(page, f"feedback-ordering-partial-{width}")
    page.get_by_role("button", name="看結果").click()

    expect(page.get_by_role("heading", name="作答結果")).to_be_visible()
    expect(page.locator(".score")).to_have_text("得分 1.83 / 3（61%）")
    expect(page.get_by_text("答對 1 題（共 3 題）")).to_be_visible()
    expect(page.locator(".review__item.is-partial")).to_contain_text("部分正確 0.83")
    snap(page, f"results-{width}")
    # One attempt of two used: one more may be taken, from the start page.
    page.get_by_role("link", name="再做一次").click()
    expect(page.get_by_text("你還可以作答 1 次")).to_be_visible()
    context.close()
