"""The timeline page: every event in time order, filters as links and as HTMX swaps."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from quizapp.facts.models import Event, Participation

pytestmark = pytest.mark.usefixtures("facts")

HTMX = {"HX-Request": "true"}


def event_ids(html: str) -> list[str]:
    return re.findall(r'<li class="event" id="event-([a-z0-9-]+)"', html)


def test_the_home_page_links_to_the_timeline(client):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("timeline")}"' in page


def test_the_full_page_lists_every_event_once_in_time_order(client):
    response = client.get(reverse("timeline"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    shown = event_ids(html)
    assert sorted(shown) == sorted(Event.objects.values_list("key", flat=True))
    summit = [key for key in shown if Event.objects.get(key=key).phase in {"day1", "day2", "day3"}]
    starts = [Event.objects.get(key=key) for key in summit]
    assert [e.date for e in starts] == sorted(e.date for e in starts)
    timed = [e.starts_at for e in starts if e.starts_at]
    assert timed == sorted(timed)


def test_each_event_shows_its_time_source_sentence_and_footnote(client):
    html = client.get(reverse("timeline")).content.decode()
    assert "上午8時40分" in html
    assert "翌日早上8時40分，文在寅與夫人金正淑率領一眾代表團成員由城南機場出發" in html
    assert "[36]" in html
    assert "約上午11時20分" in html and "推算" in html
    assert "2224＋447＝2671" in html


def test_days_are_grouped_under_their_phase(client):
    html = client.get(reverse("timeline")).content.decode()
    day1 = html.index('id="phase-day1"')
    day2 = html.index('id="phase-day2"')
    assert day1 < html.index("2018年9月18日", day1) < day2


def test_filtering_by_person_shows_only_their_events(client):
    html = client.get(reverse("timeline"), {"person": "ri-sol-ju"}).content.decode()
    expected = set(
        Participation.objects.filter(person__key="ri-sol-ju").values_list("event__key", flat=True)
    )
    assert set(event_ids(html)) == expected
    assert "李雪主" in html and 'value="ri-sol-ju" selected' in html


def test_filtering_by_side_and_phase_combine(client):
    html = client.get(reverse("timeline"), {"side": "US", "phase": "aftermath"}).content.decode()
    shown = set(event_ids(html))
    assert shown == {"moon-trump-new-york", "pompeo-visit-announced", "pompeo-meets-kim"}


def test_the_htmx_request_gets_only_the_list_and_the_live_summary(client):
    response = client.get(reverse("timeline"), {"phase": "day3"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="timeline-results"' in html
    assert 'id="timeline-summary"' in html and 'hx-swap-oob="true"' in html
    assert set(event_ids(html)) == set(
        Event.objects.filter(phase="day3").values_list("key", flat=True)
    )
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_filters_are_plain_links_and_a_plain_form(client):
    html = client.get(reverse("timeline")).content.decode()
    assert 'href="?phase=day2"' in html
    assert 'href="?person=moon-jae-in"' in html
    assert '<form class="filters" method="get" action="/timeline/"' in html


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"person": "moon-jae-in"},
        {"side": "DPRK"},
        {"phase": "day2"},
        {"person": "kim-jong-un", "phase": "day3"},
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_the_query_count_is_fixed_whatever_the_filter(
    client, django_assert_num_queries, query, htmx
):
    # The facts' version, then the list's build (three).
    with django_assert_num_queries(4):
        client.get(reverse("timeline"), query, headers=HTMX if htmx else {})


def test_an_unknown_filter_value_says_so_and_shows_everything(client):
    response = client.get(reverse("timeline"), {"person": "kim-il-sung", "phase": "day9"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html and "人物" in html and "階段" in html
    assert len(event_ids(html)) == Event.objects.count()


def test_a_filter_with_no_events_offers_a_way_back(client):
    html = client.get(reverse("timeline"), {"person": "ri-sol-ju", "side": "US"}).content.decode()
    assert event_ids(html) == []
    assert "沒有符合條件的事件" in html and 'href="/timeline/"' in html


def test_every_page_carries_a_nonce_csp_and_no_inline_script(client):
    for response in (
        client.get(reverse("timeline")),
        client.get(reverse("timeline"), {"phase": "day1"}, headers=HTMX),
        client.get(reverse("home")),
    ):
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert response["X-Frame-Options"] == "DENY"
        html = response.content.decode()
        for script in re.findall(r"<script[^>]*>", html):
            nonce = re.search(r'nonce="([^"]+)"', script)
            assert nonce and f"'nonce-{nonce[1]}'" in policy
        assert " on" + "click=" not in html and "style=" not in html
