"""練習 in Chromium on a phone: a class's student practises ten questions, misses two, and
the next day (a travelled clock) the missed facts come first; the teacher sees them among
the class's facts at risk. The pages pass axe and are kept as screenshots."""

from __future__ import annotations

import datetime
import os
import re
import tempfile
from pathlib import Path

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from quizapp.accounts.roles import make_teacher
from quizapp.classes.selectors.memory import class_memory
from quizapp.classes.services.classes import class_create
from quizapp.classes.services.roster import roster_import
from quizapp.practice.models import PracticeQuestion
from quizapp.recall import AGAIN, ratings
from quizapp.vocabulary import FactRef, QuestionKind
from tests.e2e.test_ordering_browser import drag_by_touch, drag_into_key_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", tempfile.gettempdir())) / "practice"
MISSED_AT = (2, 6)  # the third and seventh questions are answered wrong


def no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(password)
    page.get_by_role("button", name="登入").click()
    expect(page.get_by_text(f"已登入：{username}")).to_be_visible()


def current(page: Page) -> PracticeQuestion:
    """The question on the page, looked up by its form (the page itself holds no key)."""
    action = page.locator("form[action*='/practice/']").get_attribute("action") or ""
    public_id = re.search(r"/practice/([0-9a-f-]{36})/", action)
    assert public_id, action
    return PracticeQuestion.objects.get(public_id=public_id[1])


def answer(page: Page, *, right: bool, dragged: list[int]) -> None:
    question = current(page)
    if question.is_ordering:
        # To get it right, drag the items into the key's order with a finger (real touch
        # events); to miss, send them as dealt, which is never the key.
        if right:
            page.locator(".ordering").scroll_into_view_if_needed()
            page.screenshot(path=ARTIFACTS / "ordering-390.png")
            cdp = page.context.new_cdp_session(page)
            wanted = [question.ids[question.indices.index(i)] for i in question.key]
            dragged.append(
                drag_into_key_order(page, wanted, lambda o, t: drag_by_touch(page, cdp, o, t))
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
    teacher = get_user_model().objects.create_user(username="lin", password="a-long-pass-1")
    make_teacher(teacher)
    school_class = class_create(teacher=teacher, name="八年三班", school_year="114 學年度")
    (card,) = roster_import(school_class=school_class, text="1\t王小明")
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    log_in(page, base, card.username, card.password)
    page.goto(f"{base}/practice/")
    no_axe_violations(page)
    page.screenshot(path=ARTIFACTS / "home-390.png", full_page=True)
    page.get_by_role("link", name="第一天").click()

    missed: list[str] = []
    dragged: list[int] = []
    for number in range(10):
        expect(page.locator("#question-title")).to_be_visible()
        if number == 0:
            no_axe_violations(page)
            page.screenshot(path=ARTIFACTS / "question-390.png", full_page=True)
        question = current(page)
        right = number not in MISSED_AT
        answer(page, right=right, dragged=dragged)
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

    assert dragged and sum(dragged) >= 1, "no ordering was dragged into place"
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

        # The teacher's facts at risk: the missed units, seen by the one student, due.
        desk = browser.new_context(viewport={"width": 1280, "height": 900})
        teacher_page = desk.new_page()
        log_in(teacher_page, base, "lin", "a-long-pass-1")
        teacher_page.goto(f"{base}/teacher/classes/{school_class.pk}/risk/")
        rows = teacher_page.locator("table.risk tbody tr")
        expect(rows.first).to_be_visible()
        expect(rows.first).to_contain_text("1 / 1 位")
        at_risk = class_memory(school_class=school_class, now=tomorrow).at_risk
        assert str(at_risk[0].unit) in missed
        expect(rows.first).to_contain_text(at_risk[0].wording)
        no_axe_violations(teacher_page)
        teacher_page.screenshot(path=ARTIFACTS / "risk-1280.png", full_page=True)
