from __future__ import annotations

# The quiz tests' teacher: a logged-in teacher client, shared rather than copied.
from tests.quizzes.conftest import teacher_client  # noqa: F401
