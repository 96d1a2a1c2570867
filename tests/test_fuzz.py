"""Junk posted to the answer, next and join endpoints: always a 4xx with a message, never
a 5xx, and nothing is stored."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.quizzes.models import Attempt, Response
from tests.quizzes.factories import make_set, start_attempt

pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELD_NAMES = st.sampled_from(
    [
        "seq",
        "choice",
        "order",
        "move",
        "confirm",
        "score",
        "is_correct",
        "question",
        "csrfmiddlewaretoken",
    ]
)
VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "",
            "0",
            "1",
            "up:",
            "down:x",
            "²",
            "①",
            "٣",
            "NaN",
            "-0",
            "1e9",
            "\x00",
            "🙂" * 50,
            "a" * 5000,
        ]
    ),
)
BODIES = st.dictionaries(
    st.one_of(FIELD_NAMES, st.text(max_size=12)),
    st.one_of(VALUES, st.lists(VALUES, max_size=8)),
    max_size=8,
)


@pytest.fixture
def open_attempt(db):
    client = Client()
    quiz = make_set(multiple_choice=2, ordering=1)
    attempt = start_attempt(client, quiz)
    return client, attempt


@FUZZ
@given(body=BODIES, htmx=st.booleans())
def test_junk_answers_are_4xx_and_store_nothing(open_attempt, body, htmx):
    client, attempt = open_attempt
    headers = {"HX-Request": "true"} if htmx else {}
    for route in ("attempt_answer", "attempt_next"):
        response = client.post(reverse(route, args=[attempt.public_id]), body, headers=headers)
        assert response.status_code < 500, (route, body, response.status_code)
        if response.status_code >= 400:
            assert response.content, "a refusal always says why"
    assert Response.objects.count() == 0
    assert Attempt.objects.get(pk=attempt.pk).seq == 0


@FUZZ
@given(code=st.text(max_size=300), name=st.text(max_size=200))
def test_junk_join_codes_and_names_never_crash(open_attempt, code, name):
    client, _attempt = open_attempt
    assert client.get(reverse("join"), {"code": code}).status_code < 500
    path = "/q/" + "".join(ch for ch in code if ch not in "/?#%\x00") + "/"
    assert client.get(path).status_code < 500
    assert client.post(path, {"display_name": name}).status_code < 500


@FUZZ
@given(
    raw=st.binary(max_size=3000),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "application/json",
            "text/plain",
        ]
    ),
)
def test_raw_bodies_of_any_type_never_crash(open_attempt, raw, content_type):
    client, attempt = open_attempt
    response = client.generic(
        "POST",
        reverse("attempt_answer", args=[attempt.public_id]),
        data=raw,
        content_type=content_type,
    )
    assert response.status_code < 500
    assert Response.objects.count() == 0
