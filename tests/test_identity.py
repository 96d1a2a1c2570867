"""Shared computers and identity (findings M6, L3, L4, B5, and attempt limits across guest
and account from H2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizapp.accounts.guests import GUEST_COOKIE
from quizapp.quizzes.models import Attempt
from tests.quizzes.factories import answer_data, make_set, post_answer, start_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def student(django_user_model):
    return django_user_model.objects.create_user(username="mei", password="a-long-pass-42")


def log_in(client, username: str = "mei", password: str = "a-long-pass-42"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_guest_is_named_and_can_say_not_me(client):
    quiz = make_set()
    attempt = start_attempt(client, quiz, name="電腦教室甲")
    for page in (client.get(reverse("home")), client.get(quiz.join_url)):
        html = page.content.decode()
        assert "電腦教室甲" in html and "不是你？" in html
    response = client.post(reverse("guest_leave"), {"next": quiz.join_url})
    assert response.status_code == 303 and response["Location"] == quiz.join_url
    assert client.cookies[GUEST_COOKIE].value == ""
    home = client.get(reverse("home")).content.decode()
    assert "電腦教室甲" not in home and "繼續作答" not in home
    assert client.get(reverse("attempt_page", args=[attempt.public_id])).status_code == 404
    assert Attempt.objects.filter(pk=attempt.pk).exists()  # the teacher still has it


def test_not_me_goes_back_only_to_this_site(client):
    start_attempt(client, make_set(), name="甲")
    response = client.post(reverse("guest_leave"), {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_login_page_says_the_guests_attempts_will_move(client, student):
    start_attempt(client, make_set(), name="電腦教室甲")
    page = client.get(reverse("login")).content.decode()
    assert "電腦教室甲" in page and "會移到你的帳號" in page


def test_logging_in_moves_this_browsers_guest_attempts_and_says_so(client, student):
    quiz = make_set()
    attempt = start_attempt(client, quiz, name="訪客")
    response = log_in(client)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.user == student
    home = client.get(reverse("home")).content.decode()
    assert "已經移到你的帳號" in home


def test_after_not_me_a_login_takes_no_one_elses_attempts(client, student):
    attempt = start_attempt(client, make_set(), name="上一位")
    client.post(reverse("guest_leave"))
    log_in(client)
    attempt.refresh_from_db()
    assert attempt.user is None


def test_logging_in_never_pushes_an_account_over_a_sets_attempt_limit(client, student):
    quiz = make_set(attempts_allowed=1)
    log_in(client)
    mine = start_attempt(client, quiz, name="mei")
    client.post(reverse("logout"))
    guest = start_attempt(client, quiz, name="訪客的我")
    log_in(client)
    guest.refresh_from_db()
    assert guest.user is None  # stays with the guest
    assert Attempt.objects.filter(user=student, question_set=quiz).get() == mine
    home = client.get(reverse("home")).content.decode()
    assert "留在訪客名下" in home


def test_an_attempt_made_as_a_guest_counts_for_the_account_after_login(client, student):
    quiz = make_set(attempts_allowed=1)
    start_attempt(client, quiz, name="訪客")
    log_in(client)
    refused = client.post(quiz.join_url)
    assert refused.status_code == 403 and "你已經用完了" in refused.content.decode()
    assert Attempt.objects.filter(question_set=quiz).count() == 1


def test_a_set_can_require_an_account(client, student):
    quiz = make_set()
    quiz.requires_account = True
    quiz.save()
    page = client.get(quiz.join_url).content.decode()
    assert "只限登入的帳號作答" in page
    refused = client.post(quiz.join_url, {"display_name": "訪客"})
    assert refused.status_code == 403 and not Attempt.objects.exists()
    log_in(client)
    assert client.post(quiz.join_url).status_code == 303


@pytest.mark.parametrize(
    "name",
    [
        "a\x00b",  # NUL: PostgreSQL cannot store it
        "\u202eevil\u202c gpj.exe",  # right-to-left override
        "\u200b",  # zero-width space: an invisible name
        "a\x07\x1b[31mred",  # bell and an ANSI escape
        "e" + "\u0301" * 39,  # a wall of combining accents
    ],
)
def test_a_guest_name_a_teacher_cannot_read_is_refused_with_a_message(client, name):
    quiz = make_set()
    response = client.post(quiz.join_url, {"display_name": name})
    assert response.status_code == 400
    assert "名稱" in response.content.decode()
    assert not Attempt.objects.exists()


def test_guest_names_are_trimmed_and_folded(client):
    quiz = make_set()
    attempt = start_attempt(client, quiz, name="  王　小明  ")  # an ideographic space
    assert attempt.display_name == "王 小明"
    other = start_attempt(client, make_set(title="二"), name="ＡＢＣ")  # full width
    assert other.display_name == "ABC"


def test_a_move_by_another_browser_still_refuses_a_foreign_attempt(client):
    quiz = make_set()
    attempt = start_attempt(client, quiz)
    from django.test import Client

    stranger = Client()
    assert post_answer(stranger, attempt, answer_data(attempt)).status_code == 404
