"""A class in Chromium, from a pasted list to one student's answers and the CSV."""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from quizapp.accounts.roles import make_teacher
from quizapp.classes.models import Assignment, Membership, SchoolClass
from quizapp.classes.services.assignments import assignment_create
from quizapp.classes.services.classes import class_create
from quizapp.classes.services.roster import roster_import
from tests.classes.factories import take
from tests.quizzes.factories import make_set

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NAMES = [
    "王小明",
    "李美玲",
    "陳大文",
    "林怡君",
    "張志豪",
    "黃雅婷",
    "吳家豪",
    "劉淑芬",
    "蔡宗翰",
    "楊佩珊",
    "許志明",
    "鄭雅文",
    "謝承恩",
    "洪詩涵",
    "郭俊宏",
    "曾婉婷",
    "邱建宏",
    "廖心怡",
    "賴冠宇",
    "周欣妤",
    "葉子豪",
    "蘇怡萱",
    "莊家銘",
    "呂佳穎",
    "江柏翰",
    "何思妤",
    "羅宇軒",
    "高郁婷",
    "潘冠廷",
    "簡若涵",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Where the journey leaves what it printed, to be looked at (kept after the run).
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", tempfile.gettempdir())) / "class-journey"


def no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(password)
    page.get_by_role("button", name="登入").click()
    expect(page.get_by_text(f"已登入：{username}")).to_be_visible()


def take_the_homework(page: Page, base: str, title: str) -> None:
    page.goto(base)
    homework = page.locator(".homework", has_text=title)
    expect(homework.get_by_text("未開始")).to_be_visible()
    homework.get_by_role("link", name="開始作答").click()
    page.get_by_role("button", name="開始作答").click()
    while True:
        page.locator("input[type=radio]").first.check()
        page.get_by_role("button", name="送出答案").click()
        expect(page.locator("#question-title")).to_have_text(re.compile("答對了|答錯了"))
        finish = page.get_by_role("button", name="看結果")
        if finish.count():
            finish.click()
            break
        page.get_by_role("button", name="下一題").click()
    expect(page.get_by_role("heading", name="作答結果")).to_be_visible()
    page.goto(base)
    expect(page.locator(".homework", has_text=title).get_by_text("已完成")).to_be_visible()


def test_a_teacher_runs_a_class_from_a_pasted_list(live_server, browser: Browser):
    base = live_server.url
    teacher = get_user_model().objects.create_user(username="lin", password="a-long-pass-1")
    make_teacher(teacher)
    quiz = make_set(multiple_choice=3, ordering=0, title="第一天")
    quiz.owner = teacher
    quiz.save()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = desk.new_page()
    log_in(page, base, "lin", "a-long-pass-1")

    # A class from a pasted list of thirty.
    page.goto(f"{base}/teacher/classes/")
    page.get_by_label("班級名稱").fill("八年三班")
    page.get_by_label("學年度").fill("114 學年度")
    page.get_by_role("button", name="建立班級").click()
    expect(page.get_by_role("heading", name="八年三班（114 學年度）：學生名單")).to_be_visible()
    page.get_by_role("textbox", name="學生名單").fill(
        "\n".join(f"{n}\t{name}" for n, name in enumerate(NAMES, 1))
    )
    page.get_by_role("button", name="建立帳號並產生登入卡").click()

    # The login cards: thirty, printed to A4 (eight a page) and kept to look at.
    expect(page.locator(".login-card")).to_have_count(30)
    no_axe_violations(page)
    page.screenshot(path=ARTIFACTS / "cards-screen.png", full_page=True)
    page.emulate_media(media="print")
    pdf = page.pdf(path=ARTIFACTS / "cards.pdf", format="A4", print_background=True)
    # Thirty cards, eight to a page: four A4 pages.
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 4
    page.screenshot(path=ARTIFACTS / "cards-print.png", full_page=True)
    page.emulate_media(media="screen")
    cards = [
        (card.locator("dd").nth(0).inner_text(), card.locator("dd").nth(1).inner_text())
        for card in page.locator(".login-card").all()[:2]
    ]

    # The set goes to the class with a close time.
    page.goto(f"{base}/teacher/classes/{SchoolClass.objects.get().pk}/")
    closes = timezone.localtime(timezone.now() + datetime.timedelta(days=2))
    page.get_by_label("題組").select_option(label="第一天")
    page.get_by_label("截止時間（選填）").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="指派給全班").click()
    expect(page.locator("#assignments").get_by_role("link", name="第一天")).to_be_visible()
    assert Assignment.objects.get().closes_at is not None

    # Two students log in on phones with their cards and take it.
    for username, password in cards:
        phone = browser.new_context(**PHONE)
        student = phone.new_page()
        log_in(student, base, username, password)
        take_the_homework(student, base, "第一天")
        phone.close()

    # The teacher reads the class's results, one student's answers, and the CSV.
    page.goto(f"{base}/teacher/sets/{quiz.pk}/results/?class={SchoolClass.objects.get().pk}")
    expect(page.get_by_text("王小明")).to_be_visible()
    page.get_by_role("link", name="王小明").first.click()
    expect(page.locator(".review__item")).to_have_count(3)
    no_axe_violations(page)
    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下載逐題作答 CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 2 * 3
    assert {row[1] for row in rows[1:]} == {"1", "2"}
    assert {row[2] for row in rows[1:]} == {"王小明", "李美玲"}
    desk.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_class_pages_have_no_accessibility_violations(live_server, page: Page, width: int):
    base = live_server.url
    teacher = get_user_model().objects.create_user(username="lin", password="a-long-pass-1")
    make_teacher(teacher)
    quiz = make_set(multiple_choice=2, ordering=0, title="第一天")
    quiz.owner = teacher
    quiz.save()
    school_class = class_create(teacher=teacher, name="八年三班", school_year="114 學年度")
    roster_import(school_class=school_class, text="1 王小明\n2 李美玲")
    assignment_create(school_class=school_class, question_set=quiz, opens_at=None, closes_at=None)
    student = get_user_model().objects.create_user(username="mei", password="a-long-pass-9")
    taker = Membership.objects.get(school_class=school_class, seat_number=1).student
    take(quiz, taker, right=1)
    page.set_viewport_size({"width": width, "height": 900})

    log_in(page, base, "lin", "a-long-pass-1")
    for path in (
        "/teacher/classes/",
        f"/teacher/classes/{school_class.pk}/",
        f"/teacher/classes/{school_class.pk}/students/",
    ):
        page.goto(base + path)
        no_axe_violations(page)
    # A list with problems, shown in place.
    page.get_by_role("textbox", name="學生名單").fill("3 王😀\n3 李")
    page.get_by_role("button", name="建立帳號並產生登入卡").click()
    expect(page.locator("#roster-problems")).to_contain_text("第 2 行")
    no_axe_violations(page)
    page.get_by_role("textbox", name="學生名單").fill("3 陳大文")
    page.get_by_role("button", name="建立帳號並產生登入卡").click()
    expect(page.locator(".login-card")).to_have_count(1)
    no_axe_violations(page)
    for path in (
        f"/teacher/sets/{quiz.pk}/results/?class={school_class.pk}",
        f"/teacher/sets/{quiz.pk}/students/{taker.pk}/",
        f"/teacher/sets/{quiz.pk}/",
        f"/teacher/sets/{quiz.pk}/share/",
    ):
        page.goto(base + path)
        no_axe_violations(page)

    page.goto(base + "/")  # the share page, for a projector, has no menu
    page.get_by_role("button", name="登出").click()
    log_in(page, base, "mei", "a-long-pass-9")
    page.goto(f"{base}/c/{school_class.join_code}/")
    no_axe_violations(page)
    page.get_by_label("你的姓名").fill("林美")
    page.get_by_role("button", name="加入班級").click()
    expect(page.locator(".homework", has_text="第一天")).to_be_visible()
    no_axe_violations(page)
    assert Membership.objects.filter(student=student).exists()
