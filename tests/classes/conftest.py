from __future__ import annotations

import pytest
from django.test import Client

from quizapp.classes.models import SchoolClass
from quizapp.classes.services.classes import class_create
from tests.quizzes.conftest import teacher_client  # noqa: F401  (shared fixture)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def school_class(teacher_client: Client) -> SchoolClass:  # noqa: F811
    return class_create(teacher=teacher_client.teacher, name="八年三班", school_year="114 學年度")


@pytest.fixture
def other_teacher_client(django_user_model) -> Client:
    from quizapp.accounts.roles import make_teacher

    other = django_user_model.objects.create_user(username="wang", password="a-long-pass-2")
    make_teacher(other)
    client = Client()
    client.force_login(other)
    return client
