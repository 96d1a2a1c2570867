"""The question form rendered once and filled in per request (quizzes/views/prerendered.py):
to the byte what the template renders, never stale after an edit, never one student's
in another's page, and no key or explanation in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.autoreload import file_changed

from quizapp.quizzes.models import Attempt, Question, QuestionSet, Response
from quizapp.quizzes.views import prerendered, student
from quizapp.quizzes.views.prerendered import question_form
from quizapp.vocabulary import FeedbackMode
from tests.quizzes.factories import (
    EXPLANATION,
    answer_data,
    current_slot,
    make_set,
    post_answer,
    post_next,
    start_attempt,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
# Masked afresh on every render, like the CSP nonce.
PER_RESPONSE = re.compile(r'(csrfmiddlewaretoken" value=|"x-csrftoken": |nonce=)"[^"]+"')
# Text the template escapes: the filled-in values must be escaped the same way.
AWKWARD = "<b>金正恩</b> & 文在寅 \"握手\" 'A'"
ESCAPED = "&lt;b&gt;金正恩&lt;/b&gt; &amp; 文在寅 &quot;握手&quot; &#x27;A&#x27;"


def deferred_set() -> QuestionSet:
    question_set = make_set(multiple_choice=2, ordering=2, feedback_mode=FeedbackMode.DEFERRED)
    for question in question_set.questions.all():
        question.prompt = f"{question.prompt}{AWKWARD}"
        question.options = [f"{option}{AWKWARD}" for option in question.options]
        question.save()
    return question_set


def without_token(html: str) -> str:
    return PER_RESPONSE.sub(r'\1""', html)


def quiz_partial(client: Client, attempt: Attempt, **query: str) -> str:
    url = reverse("attempt_page", args=[attempt.public_id])
    response = client.get(url, query, headers=HTMX)
    assert response.status_code == 200
    return without_token(response.content.decode())


def test_the_prerendered_form_matches_the_template_for_the_same_screen(client, monkeypatch):
    filled = []
    monkeypatch.setattr(
        student, "question_form", lambda *a, **k: filled.append(1) or question_form(*a, **k)
    )
    question_set = deferred_set()
    attempt = start_attempt(client, question_set)
    kinds = set()
    while not Attempt.objects.get(pk=attempt.pk).is_finished:
        attempt.refresh_from_db()
        _slot, question = current_slot(attempt)
        kinds.add(question.is_ordering)
        prerendered = quiz_partial(client, attempt)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(student, "fits_question_form", lambda **_: False)
            patch.setattr(student, "question_fieldset", lambda **_: "")
            rendered = quiz_partial(client, attempt)
        assert prerendered == rendered
        assert "\ue000" not in prerendered
        assert (
            "&lt;b&gt;金正恩&lt;/b&gt; &amp; 文在寅 &quot;握手&quot; &#x27;A&#x27;" in prerendered
        )
        post_answer(client, attempt, answer_data(attempt))
    assert kinds == {True, False}
    assert len(filled) == 4  # the prerendered path, not the template, gave `prerendered`


def test_the_fieldset_alone_matches_the_template_on_the_full_page(client):
    """The full page (no htmx) renders the form itself, with the kept fieldset."""
    attempt = start_attempt(client, deferred_set())
    url = reverse("attempt_page", args=[attempt.public_id])
    kept = without_token(client.get(url).content.decode())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(student, "question_fieldset", lambda **_: "")
        rendered = without_token(client.get(url).content.decode())
    assert kept == rendered


def test_a_move_at_either_end_and_its_announcement_match_the_template(client):
    """Moving the first item up moves nothing: the plain form, told why."""
    question_set = make_set(multiple_choice=0, ordering=1, feedback_mode=FeedbackMode.DEFERRED)
    attempt = start_attempt(client, question_set)
    slot, _question = current_slot(attempt)
    data = {"seq": attempt.seq, "order": list(slot.ids), "move": f"up:{slot.ids[0]}"}
    url = reverse("attempt_answer", args=[attempt.public_id])
    prerendered = without_token(client.post(url, data, headers=HTMX).content.decode())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(student, "fits_question_form", lambda **_: False)
        patch.setattr(student, "question_fieldset", lambda **_: "")
        rendered = without_token(client.post(url, data, headers=HTMX).content.decode())
    assert prerendered == rendered
    assert "不能再移" in prerendered


def test_an_edited_question_shows_its_new_wording_on_the_next_answer(client):
    question_set = make_set(multiple_choice=2, ordering=0, feedback_mode=FeedbackMode.DEFERRED)
    attempt = start_attempt(client, question_set)
    _slot, answering = current_slot(attempt)
    upcoming = question_set.questions.exclude(pk=answering.pk).get()
    # Another student has seen both questions: their old wordings are kept.
    other = Client()
    seen = start_attempt(other, question_set)
    for _ in range(2):
        quiz_partial(other, seen)
        post_answer(other, seen, answer_data(seen))
    upcoming.prompt = "改過的題目：兩韓首腦在哪裡會面？"
    upcoming.options = ["板門店", "平壤", "首爾", "白頭山"]
    upcoming.save()

    html = post_answer(client, attempt, answer_data(attempt), headers=HTMX).content.decode()

    assert "改過的題目：兩韓首腦在哪裡會面？" in html
    assert all(place in html for place in ["板門店", "平壤", "首爾", "白頭山"])
    assert "2018年9月17日" not in html


def test_two_students_never_see_each_others_attempt(client):
    question_set = make_set(multiple_choice=3, ordering=1, feedback_mode=FeedbackMode.DEFERRED)
    other = Client()
    mine, theirs = start_attempt(client, question_set), start_attempt(other, question_set)
    for _ in range(3):
        my_html = post_answer(client, mine, answer_data(mine), headers=HTMX).content.decode()
        their_html = post_answer(other, theirs, answer_data(theirs), headers=HTMX).content.decode()
        for html, own, stranger in ((my_html, mine, theirs), (their_html, theirs, mine)):
            own.refresh_from_db()
            stranger.refresh_from_db()
            assert str(own.public_id) in html
            assert str(stranger.public_id) not in html
            assert all(opaque in html for opaque in own.current_slot.ids)
            assert not any(opaque in html for opaque in stranger.current_slot.ids)
            assert f'name="seq" value="{own.seq}"' in html


def test_the_next_question_names_no_key_and_no_explanation(client):
    question_set = make_set(multiple_choice=3, ordering=1, feedback_mode=FeedbackMode.DEFERRED)
    attempt = start_attempt(client, question_set)
    for _ in range(3):
        response = post_answer(client, attempt, answer_data(attempt), headers=HTMX)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<fieldset>" in html
        assert EXPLANATION[:10] not in html
        for marker in ("is-key", "mark--key", "正確答案", "正確順序", "答對了", "答錯了"):
            assert marker not in html
    assert Question.objects.filter(question_set=question_set).count() == 4


def test_an_edited_template_is_rendered_afresh_under_runserver(client):
    attempt = start_attempt(client, make_set(feedback_mode=FeedbackMode.DEFERRED))
    quiz_partial(client, attempt)
    assert prerendered._question_form.cache_info().currsize
    assert prerendered._fieldset.cache_info().currsize

    file_changed.send(sender=None, file_path=Path("templates/student/attempt.html"))

    assert not prerendered._question_form.cache_info().currsize
    assert not prerendered._fieldset.cache_info().currsize


BODY_TOKEN = re.compile(r"hx-headers='\{\"x-csrftoken\": \"([^\"]+)\"\}'")


@pytest.mark.parametrize("feedback", [FeedbackMode.DEFERRED, FeedbackMode.IMMEDIATE])
def test_htmx_answers_go_with_the_pages_header_token_and_get_no_new_one(feedback):
    """The reply to an htmx answer has no CSRF field and sets no CSRF cookie: the token
    htmx sends comes from the page's <body>, and it keeps working to the last answer.
    A post without it is still refused."""
    client = Client(enforce_csrf_checks=True)
    question_set = make_set(multiple_choice=2, ordering=2, feedback_mode=feedback)
    page = client.get(question_set.join_url)
    field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    client.post(question_set.join_url, {"display_name": "甲", "csrfmiddlewaretoken": field[1]})
    attempt = Attempt.objects.get()
    full_page = client.get(reverse("attempt_page", args=[attempt.public_id]))
    token = BODY_TOKEN.search(full_page.content.decode())[1]
    assert 'name="csrfmiddlewaretoken"' in full_page.content.decode()  # no script: the field

    refused = post_answer(client, attempt, answer_data(attempt), headers=HTMX)
    assert refused.status_code == 403
    answered = 0
    while not Attempt.objects.get(pk=attempt.pk).is_finished:
        attempt.refresh_from_db()
        _slot, question = current_slot(attempt)
        if Response.objects.filter(attempt=attempt, question=question).exists():
            reply = post_next(client, attempt, headers={**HTMX, "X-CSRFToken": token})
        else:
            reply = post_answer(
                client, attempt, answer_data(attempt), headers={**HTMX, "X-CSRFToken": token}
            )
            answered += 1
        assert reply.status_code == 200
        assert "csrfmiddlewaretoken" not in reply.content.decode()
        assert "csrftoken" not in reply.cookies
    assert answered == 4
