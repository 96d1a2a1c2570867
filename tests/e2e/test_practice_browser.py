"""練習 in Chromium on a phone: ten questions, two missed, and the next day (a travelled
clock) the missed facts come first; the pages pass axe and are kept as screenshots."""

from __future__ import annotations

import datetime
import os
import re
import tempfile
from pathlib import Path

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from quizapp.practice.models import PracticeQuestion
from quizapp.recall import AGAIN, ratings
from quizapp.vocabulary import FactRef, QuestionKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", tempfile.gettempdir())) / "practice"
MISSED_AT = (2, 6)  # the third and seventh questions are answered wrong


def no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def current(page: Page) -> PracticeQuestion:
    """The question on the page, looked up by its form (the page itself holds no key)."""
    action = page.locator("form[action*='/practice/']").get_attribute("action") or ""
    public_id = re.search(r"/practice/([0-9a-f-]{36})/", action)
    assert public_id, action
    return PracticeQuestion.objects.get(public_id=public_id[1])


def answer(page: Page, *, right: bool) -> None:
    question = current(page)
    if question.is_ordering:
        # Move items with the buttons until they stand in the key's order (or, to miss,
        # send them as dealt, which is never the key).
        wanted = [question.ids[question.indices.index(i)] for i in question.key]
        order = page.locator("input[name=order]")
        for position, opaque in enumerate(wanted if right else []):
            while (shown := order.evaluate_all("inputs => inputs.map(i => i.value)")).index(
                opaque
            ) != position:
                page.locator(f"button[name=move][value='up:{opaque}']").click()
                # Wait for the moved list before reading it again.
                page.wait_for_function(
                    "before => [...document.querySelectorAll('input[name=order]')]"
                    ".map(i => i.value).join() !== before",
                    arg=",".join(shown),
                )
        page.get_by_role("button", name="送出順序").click()
        return
    by_id = dict(zip(question.ids, question.indices, strict=True))
    key = question.key[0]
    opaque = next(o for o, i in by_id.items() if (i == key) == right)
    page.locator(f"label[for='choice-{opaque}']").click()
    page.get_by_role("button", name="送出答案").click()


def test_a_student_practises_on_a_phone_and_the_missed_facts_come_back_first(
    live_server, browser: Browser, facts
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    page.goto(f"{base}/practice/")
    no_axe_violations(page)
    page.screenshot(path=ARTIFACTS / "home-390.png", full_page=True)
    page.get_by_role("link", name="第一天").click()

    missed: list[str] = []
    for number in range(10):
        expect(page.locator("#question-title")).to_be_visible()
        if number == 0:
            no_axe_violations(page)
            page.screenshot(path=ARTIFACTS / "question-390.png", full_page=True)
        question = current(page)
        right = number not in MISSED_AT
        answer(page, right=right)
        expect(page.locator("#question-title")).to_have_text(
            re.compile("答對了" if right else "答錯了|部分正確")
        )
        # Every unit the answer rated Again (an ordering's wrongly placed pairs too).
        question.refresh_from_db()
        missed += [
            str(unit)
            for unit, rating in ratings(
                kind=QuestionKind(question.kind),
                facts=[FactRef.parse(fact) for fact in question.facts],
                key=question.key,
                answer=question.answer,
                seconds=None,
            )
            if rating == AGAIN
        ]
        if number == MISSED_AT[0]:
            no_axe_violations(page)
            page.screenshot(path=ARTIFACTS / "feedback-390.png", full_page=True)
        page.get_by_role("link", name="下一題").click()

    page.goto(f"{base}/practice/progress/")
    expect(page.get_by_role("heading", name="我的進度")).to_be_visible()
    no_axe_violations(page)
    page.screenshot(path=ARTIFACTS / "progress-390.png", full_page=True)

    # Tomorrow: the missed facts come first.
    tomorrow = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    with time_machine.travel(tomorrow, tick=True):
        page.goto(f"{base}/practice/?scope=phase:day1")
        expect(page.locator("#question-title")).to_be_visible()
        assert len(missed) >= 2
        assert current(page).unit in missed
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=ARTIFACTS / "question-1280.png", full_page=True)
        page.goto(f"{base}/practice/progress/")
        page.screenshot(path=ARTIFACTS / "progress-1280.png", full_page=True)
