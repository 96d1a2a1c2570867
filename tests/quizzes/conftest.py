from __future__ import annotations

import pytest
from django.test import Client

from quizapp.accounts.roles import make_teacher
from quizapp.quizzes.models import QuestionSet
from tests.quizzes.factories import make_set


@pytest.fixture
def quiz(db: None) -> QuestionSet:
    return make_set()


@pytest.fixture
def teacher_client(django_user_model) -> Client:
    """A client logged in as a teacher; the teacher is `teacher_client.teacher`."""
    teacher = django_user_model.objects.create_user(username="lin", password="a-long-pass-1")
    make_teacher(teacher)
    client = Client()
    client.force_login(teacher)
    client.teacher = teacher  # type: ignore[attr-defined]
    return client


@pytest.fixture
def other_teacher_client(django_user_model) -> Client:
    """A client logged in as another teacher: for them, the first one's things are 404."""
    other = django_user_model.objects.create_user(username="wang", password="a-long-pass-2")
    make_teacher(other)
    client = Client()
    client.force_login(other)
    return client
