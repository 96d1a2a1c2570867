"""「待加強的史實」 in Chromium, on a phone and a desk: a class of thirty with memory, no
accessibility violations, no page wider than the screen, and the button that builds a
set. Screenshots are left in E2E_ARTIFACTS (or the temp folder) to be looked at."""

from __future__ import annotations

import datetime
import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from quizapp.accounts.roles import make_teacher
from quizapp.classes.services.classes import class_create
from quizapp.memory.services import memory_record
from quizapp.practice.pool import pool_now
from quizapp.quizzes.models import QuestionSet
from quizapp.recall import AGAIN, GOOD
from tests.classes.factories import enrol
from tests.e2e.test_class_journey_browser import NAMES, log_in, no_axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", tempfile.gettempdir())) / "risk"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_risk_page_fits_the_screen_and_builds_a_set(
    live_server, page: Page, facts: None, width: int
):
    base = live_server.url
    teacher = get_user_model().objects.create_user(username="lin", password="a-long-pass-1")
    make_teacher(teacher)
    school_class = class_create(teacher=teacher, name="八年三班", school_year="114 學年度")
    units = pool_now().units
    # Answered one to five days ago, across the article's sections, some wrong: recall
    # has fallen by different amounts, and some cards are due.
    spread = units[::9]
    for seat, name in enumerate(NAMES, start=1):
        student = enrol(school_class, name=name, seat_number=seat).student
        rated = [
            (unit, AGAIN if (seat + index) % 4 == 0 else GOOD)
            for index, unit in enumerate(spread[: 5 + seat])
        ]
        then = timezone.now() - datetime.timedelta(days=1 + seat % 5)
        memory_record(user_id=student.pk, guest_token="", rated=rated, prompt="", now=then)

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base, "lin", "a-long-pass-1")
    page.goto(f"{base}/teacher/classes/{school_class.pk}/")
    page.get_by_role("link", name="待加強的史實").click()
    expect(page.get_by_role("heading", name="待加強的史實")).to_be_visible()
    expect(page.locator("#risk-title + .table-scroll tbody tr")).to_have_count(15)
    expect(page.locator("#students-title ~ .table-scroll tbody tr")).to_have_count(30)
    no_axe_violations(page)
    # Wide tables scroll inside their box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"risk-{width}.png", full_page=True)
    page.screenshot(path=ARTIFACTS / f"risk-{width}-top.png")
    page.locator("section", has=page.locator("#students-title")).screenshot(
        path=ARTIFACTS / f"risk-{width}-students.png"
    )

    page.get_by_role("button", name="用這些史實出一份題組").click()
    expect(page.get_by_text("待加強的史實出了一份題組草稿")).to_be_visible()
    question_set = QuestionSet.objects.get()
    assert page.url == f"{base}/teacher/sets/{question_set.pk}/"
    # One question per unit, or fewer where one ordering asks two adjacent pairs.
    assert 10 <= question_set.questions.count() <= 15
