"""A URL that answers with a whole page or, for htmx, a part of it says so in its Vary
header: a cache or the back button must never show the part as the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizapp.accounts.roles import make_teacher
from tests.quizzes.factories import make_set, start_attempt

pytestmark = pytest.mark.usefixtures("facts")
HTMX = {"HX-Request": "true"}


def both_shapes(client, url: str) -> None:
    page, part = client.get(url), client.get(url, headers=HTMX)
    assert page.status_code == part.status_code == 200
    assert "<html" in page.content.decode() and "<html" not in part.content.decode()
    for response in (page, part):
        assert "HX-Request" in response["Vary"]


def test_the_timeline_varies_on_htmx(client):
    both_shapes(client, reverse("timeline") + "?phase=day1")


def test_the_question_page_varies_on_htmx(client):
    attempt = start_attempt(client, make_set())
    both_shapes(client, reverse("attempt_page", args=[attempt.public_id]))


def test_the_teachers_set_page_and_edit_form_vary_on_htmx(client, django_user_model):
    teacher = django_user_model.objects.create_user(username="lin", password="a-long-pass-1")
    make_teacher(teacher)
    question_set = make_set()
    question_set.owner = teacher
    question_set.save()
    client.force_login(teacher)
    both_shapes(client, reverse("teacher_set", args=[question_set.pk]))
    question = question_set.questions.first()
    both_shapes(client, reverse("teacher_question_edit", args=[question_set.pk, question.pk]))


def test_old_teacher_links_lead_to_the_workspace(client):
    response = client.get("/teach/sets/5/results/?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/teacher/sets/5/results/?x=1"
