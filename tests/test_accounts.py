"""Students sign up, log in and out, and reset a forgotten password (console email)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sign_up_logs_the_student_in(client, django_user_model):
    response = client.post(
        reverse("signup"),
        {"username": "mei", "password1": "pyongyang-summit-42", "password2": "pyongyang-summit-42"},
    )
    assert response.status_code == 302
    assert django_user_model.objects.filter(username="mei").exists()
    assert "已登入：mei" in client.get(reverse("home")).content.decode()


def test_a_bad_sign_up_says_what_is_wrong(client, django_user_model):
    response = client.post(
        reverse("signup"), {"username": "mei", "password1": "abc", "password2": "abd"}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not django_user_model.objects.exists()


def test_log_in_and_out(client, django_user_model):
    django_user_model.objects.create_user(username="mei", password="pyongyang-summit-42")
    wrong = client.post(reverse("login"), {"username": "mei", "password": "nope"})
    assert "帳號或密碼不正確" in wrong.content.decode()
    assert (
        client.post(
            reverse("login"), {"username": "mei", "password": "pyongyang-summit-42"}
        ).status_code
        == 302
    )
    assert client.post(reverse("logout")).status_code == 302
    assert "已登入" not in client.get(reverse("home")).content.decode()


def test_a_password_reset_sends_a_working_link(client, django_user_model, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    django_user_model.objects.create_user(
        username="mei", email="mei@example.org", password="pyongyang-summit-42"
    )
    response = client.post(reverse("password_reset"), {"email": "mei@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)[1]
    form = client.get(link, follow=True)
    assert "設定新密碼" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-password-7", "new_password2": "a-brand-new-password-7"},
    )
    assert done.status_code == 302
    assert client.login(username="mei", password="a-brand-new-password-7")
