from __future__ import annotations

import pytest
from django.test import Client

from quizapp.classes.models import SchoolClass
from quizapp.classes.services.classes import class_create
from tests.quizzes.conftest import (  # noqa: F401  (shared fixtures)
    other_teacher_client,
    teacher_client,
)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def school_class(teacher_client: Client) -> SchoolClass:  # noqa: F811
    return class_create(teacher=teacher_client.teacher, name="八年三班", school_year="114 學年度")
