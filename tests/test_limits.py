"""Limits that stop attackers, not classes (findings H4, M4, M5, L7, L8, L9, L13, B4)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from quizapp.limits.decorators import by_address, rate_limited
from quizapp.limits.models import RateCounter
from tests.quizzes.factories import make_set, start_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_limits(settings, away_from_window_edge):
    settings.RATE_LIMITS = {
        "join": {"requests": 30, "seconds": 60},
        "login": {"requests": 10, "seconds": 300},
        "login_address": {"requests": 60, "seconds": 300},
        "start": {"requests": 120, "seconds": 60},
        "signup": {"requests": 3, "seconds": 3600},
        "password_reset": {"requests": 2, "seconds": 3600},
    }


def test_a_class_of_forty_behind_one_address_with_typos_all_get_in(client, school_limits):
    quiz = make_set(multiple_choice=1, ordering=0)
    for number in range(40):
        if number % 4 == 0:  # every fourth student mistypes first
            assert client.get(reverse("join"), {"code": "WR0NGC0D"}).status_code == 404
        assert client.get(reverse("join"), {"code": quiz.join_code}).status_code == 302
        start_attempt(Client(), quiz, name=f"學生{number}")


def test_one_address_gets_about_thirty_wrong_guesses_a_minute(client, school_limits):
    statuses = [
        client.get(reverse("join"), {"code": f"GUESS{n:03d}"}).status_code for n in range(35)
    ]
    assert statuses.count(404) == 30 and statuses[30:] == [429] * 5


def test_head_counts_like_get_for_join_codes(client, school_limits):
    for n in range(30):
        client.head(reverse("join"), {"code": f"GUESS{n:03d}"})
    assert client.head(reverse("join"), {"code": "GUESS999"}).status_code == 429
    assert client.get(reverse("join"), {"code": "GUESS998"}).status_code == 429


def test_a_join_code_typed_full_width_is_found(client):
    quiz = make_set()
    full_width = quiz.join_code.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    response = client.get(reverse("join"), {"code": full_width})
    assert response.status_code == 302 and response["Location"] == quiz.join_url


def test_ten_typos_of_one_student_do_not_lock_out_the_class(
    client, school_limits, django_user_model
):
    for name in ("mei", "ming"):
        django_user_model.objects.create_user(username=name, password="pyongyang-summit-42")
    for n in range(11):
        client.post(reverse("login"), {"username": "mei", "password": f"guess{n}"})
    assert (
        client.post(reverse("login"), {"username": "mei", "password": "pyongyang-summit-42"})
    ).status_code == 429
    # Another student at the same school address logs in.
    other = Client()
    response = other.post(reverse("login"), {"username": "ming", "password": "pyongyang-summit-42"})
    assert response.status_code == 302


def test_one_address_guessing_many_usernames_is_stopped(client, school_limits):
    statuses = [
        client.post(reverse("login"), {"username": f"u{n}", "password": "x"}).status_code
        for n in range(62)
    ]
    assert statuses[:60] == [200] * 60 and statuses[60:] == [429, 429]


def test_the_admin_login_is_limited_like_the_sites(client, school_limits, admin_user):
    url = reverse("admin_login")
    for n in range(10):
        client.post(url, {"username": "admin-test", "password": f"guess{n}"})
    refused = client.post(url, {"username": "admin-test", "password": "a-long-test-password"})
    assert refused.status_code == 429
    assert "嘗試次數太多了" in refused.content.decode()


def test_sign_ups_and_reset_mails_are_throttled_per_address(client, school_limits, mailoutbox):
    for n in range(3):
        data = {"username": f"s{n}", "password1": "a-long-pass-42x", "password2": "a-long-pass-42x"}
        assert Client().post(reverse("signup"), data).status_code == 302
    late = client.post(
        reverse("signup"),
        {"username": "s9", "password1": "a-long-pass-42x", "password2": "a-long-pass-42x"},
    )
    assert late.status_code == 429
    for _ in range(2):
        client.post(reverse("password_reset"), {"email": "a@example.org"})
    assert client.post(reverse("password_reset"), {"email": "a@example.org"}).status_code == 429


def test_attempt_starts_are_throttled_per_address(client, settings, away_from_window_edge):
    settings.RATE_LIMITS = {"start": {"requests": 3, "seconds": 60}}
    quiz = make_set()
    statuses = [
        Client().post(quiz.join_url, {"display_name": f"機器人{n}"}).status_code for n in range(4)
    ]
    assert statuses == [303, 303, 303, 429]


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_never_run_past_the_limit(settings, away_from_window_edge):
    """Each request takes its place in the count before it runs."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    settings.RATE_LIMITS = {"probe": {"requests": 5, "seconds": 60}}
    ran: list[int] = []

    @rate_limited("probe", key=by_address)
    def probe(request):
        ran.append(1)
        return HttpResponse("ok")

    def one_request() -> None:
        try:
            probe(RequestFactory().get("/", REMOTE_ADDR="198.51.100.8"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_request) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(ran) == 5
    assert RateCounter.objects.get(client="198.51.100.8").count == 5


def test_sign_up_takes_an_optional_email(client):
    data = {
        "username": "mei",
        "email": "mei@example.org",
        "password1": "a-long-pass-42x",
        "password2": "a-long-pass-42x",
    }
    assert client.post(reverse("signup"), data).status_code == 302
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="mei").email == "mei@example.org"
