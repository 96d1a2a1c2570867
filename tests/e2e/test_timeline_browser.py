"""The timeline in a real Chromium: HTMX filters, keyboard use, accessibility."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from quizapp.facts.models import Event

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("facts")]


def test_choosing_a_phase_swaps_the_list_without_reloading(live_server, page: Page):
    page.goto(f"{live_server.url}/timeline/")
    events = page.locator("li.event")
    expect(events).to_have_count(Event.objects.count())
    page.evaluate("window.__notReloaded = true")

    page.get_by_label("階段", exact=True).select_option("day3")

    expect(events).to_have_count(Event.objects.filter(phase="day3").count())
    expect(page).to_have_url(f"{live_server.url}/timeline/?person=&side=&phase=day3")
    expect(page.get_by_role("status")).to_contain_text("第三天")
    assert page.evaluate("window.__notReloaded") is True


def test_the_filters_work_by_keyboard_alone(live_server, page: Page):
    page.goto(f"{live_server.url}/timeline/")
    page.get_by_label("人物").focus()
    page.keyboard.type("李")
    page.get_by_label("人物").select_option("ri-sol-ju")
    page.keyboard.press("Tab")
    expect(page.get_by_role("status")).to_contain_text("李雪主")
    for clause in page.locator(".event__clause").all_inner_texts():
        assert clause
    expect(page.locator("li.event")).to_have_count(
        Event.objects.filter(participations__person__key="ri-sol-ju").distinct().count()
    )


def test_clicking_a_person_filters_by_them(live_server, page: Page):
    page.goto(f"{live_server.url}/timeline/?phase=day2")
    page.locator("#event-military-agreement").get_by_role("link", name="努光鐵").click()
    expect(page.get_by_role("status")).to_contain_text("努光鐵")
    expect(page.locator("li.event")).to_have_count(1)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_timeline_has_no_accessibility_violations(live_server, page: Page, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/timeline/?phase=day1")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
