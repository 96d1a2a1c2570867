"""Rate limits with a shared counter, security headers everywhere, and check --deploy."""

from __future__ import annotations

import re
import subprocess
import sys
import threading

import pytest
from django.db import connections
from django.urls import reverse

from bench.environment import production_env
from quizapp.limits.models import RateCounter
from quizapp.limits.services import hit
from quizapp.settings import BASE_DIR
from tests.quizzes.factories import answer_data, make_set, start_attempt

HTMX = {"HX-Request": "true"}


@pytest.fixture
def tight_limits(settings, away_from_window_edge):
    settings.RATE_LIMITS = {
        "join": {"requests": 5, "seconds": 60},
        "login": {"requests": 3, "seconds": 300},
    }


@pytest.mark.django_db
def test_join_code_lookups_are_limited_per_address_with_a_clear_429_page(client, tight_limits):
    statuses = [
        client.get(reverse("join"), {"code": f"WRONG{n:03d}"}).status_code for n in range(7)
    ]
    assert statuses == [404] * 5 + [429, 429]
    response = client.get(reverse("join"), {"code": "WRONG999"})
    html = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "嘗試次數太多了" in html and 'href="/"' in html and "平壤峰會測驗" in html
    # Another address is not affected.
    other = client.get(reverse("join"), {"code": "WRONG000"}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 404


@pytest.mark.django_db
def test_guessing_codes_in_the_url_counts_too(client, tight_limits):
    statuses = [client.get(reverse("set_start", args=[f"X{n:07d}"])).status_code for n in range(6)]
    assert statuses[-1] == 429


@pytest.mark.django_db
def test_failed_logins_are_limited_per_address(client, tight_limits, django_user_model):
    django_user_model.objects.create_user(username="mei", password="pyongyang-summit-42")
    right = {"username": "mei", "password": "pyongyang-summit-42"}
    for _ in range(5):  # successful logins do not use up the allowance
        assert client.post(reverse("login"), right).status_code == 302
        client.post(reverse("logout"))
    statuses = [
        client.post(reverse("login"), {"username": "mei", "password": f"guess{n}"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    # Once the allowance is used up, even the right password waits out the window.
    assert client.post(reverse("login"), right).status_code == 429


@pytest.mark.django_db
def test_a_class_behind_one_address_can_all_join_a_real_code(client, tight_limits):
    quiz = make_set(multiple_choice=1, ordering=0)
    for n in range(12):  # more than the limit of 5, all from one school address
        assert client.get(reverse("join"), {"code": quiz.join_code}).status_code == 302
        assert client.get(reverse("set_start", args=[quiz.join_code])).status_code == 200
        start_attempt(client, quiz, name=f"學生{n}")


@pytest.mark.django_db
def test_the_client_address_comes_from_the_trusted_proxy(client, tight_limits, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        client.get(reverse("join"), {"code": "NOPE"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    # Five different students behind one proxy: nobody is limited.
    assert (
        client.get(
            reverse("join"), {"code": "NOPE"}, HTTP_X_FORWARDED_FOR="203.0.113.9"
        ).status_code
        == 404
    )
    assert RateCounter.objects.filter(client="203.0.113.1").exists()


@pytest.mark.django_db(transaction=True)
def test_the_counter_is_shared_between_connections(settings):
    settings.RATE_LIMITS = {"join": {"requests": 100, "seconds": 60}}
    now = 1_000_000.0

    def from_another_process() -> None:
        try:
            for _ in range(10):
                hit(scope="join", client="198.51.100.7", now=now)  # noqa: B023
        finally:
            connections.close_all()

    threads = [threading.Thread(target=from_another_process) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert RateCounter.objects.get(client="198.51.100.7").count == 30


def pages(client, django_user_model):
    """(name, response) for full pages and HTMX partials across the site."""
    from quizapp.accounts.roles import make_teacher

    quiz = make_set()
    attempt = start_attempt(client, quiz)
    responses = [
        ("home", client.get(reverse("home"))),
        ("timeline", client.get(reverse("timeline"))),
        ("timeline partial", client.get(reverse("timeline"), {"phase": "day1"}, headers=HTMX)),
        ("question", client.get(reverse("attempt_page", args=[attempt.public_id]))),
        (
            "answer partial",
            client.post(
                reverse("attempt_answer", args=[attempt.public_id]),
                answer_data(attempt),
                headers=HTMX,
            ),
        ),
        ("404", client.get("/nowhere/")),
        ("login", client.get(reverse("login"))),
    ]
    teacher = django_user_model.objects.create_user(username="lin", password="a-long-password-1")
    make_teacher(teacher)
    client.force_login(teacher)
    responses += [
        ("teacher dashboard", client.get(reverse("teacher_dashboard"))),
        ("teacher build", client.get(reverse("teacher_set_new"))),
    ]
    return responses


@pytest.mark.django_db
def test_every_page_and_partial_carries_the_security_headers(client, django_user_model, facts):
    for name, response in pages(client, django_user_model):
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, name
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        html = response.content.decode()
        for tag in re.findall(r"<script[^>]*>", html):
            nonce = re.search(r'nonce="([^"]+)"', tag)
            assert nonce and f"'nonce-{nonce[1]}'" in policy, (name, tag)
        assert not re.search(r"\son[a-z]+=", html), name  # no inline event handlers
        assert "style=" not in html, name


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(loopback=False, DJANGO_ALLOWED_HOSTS="quiz.example.org"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_make_cookies_secure_and_send_hsts():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=production_env(loopback=False),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "quizapp.storage.StaticFilesStorage",
    ], result.stderr
