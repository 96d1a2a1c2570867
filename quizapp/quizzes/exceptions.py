"""Why an attempt or a question set refused a request. Messages are for the student or
teacher, already translated; views choose the HTTP status (`REFUSAL_STATUS` in
`views/student.py`; a teacher's refused delete in `views/teacher.py`)."""

from __future__ import annotations


class QuizError(Exception):
    """A request the attempt cannot honour."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SetNotOpen(QuizError):
    """The set is closed, a draft, or has no questions."""


class AccountRequired(QuizError):
    """The set is for logged-in students only."""


class NoAttemptsLeft(QuizError):
    pass


class StaleSubmission(QuizError):
    """A post from an old page: another tab or a double click got there first."""


class AttemptClosed(QuizError):
    """The attempt is finished, or its time ran out."""


class InvalidDisplayName(QuizError):
    """A guest's name the teacher could not read: empty, or too long."""


class InvalidAnswer(QuizError):
    """The answer does not fit the question shown (unknown option, missing items…)."""


class UnconfirmedStartOrder(QuizError):
    """An ordering sent back exactly as it was dealt: an answer only once confirmed."""


class SetHasAttempts(QuizError):
    """Students have answered the set: deleting it would delete their results."""
