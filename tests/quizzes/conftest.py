from __future__ import annotations

import pytest

from quizapp.quizzes.models import QuestionSet
from tests.quizzes.factories import make_set


@pytest.fixture
def quiz(db: None) -> QuestionSet:
    return make_set()
