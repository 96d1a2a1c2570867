"""Every teacher page and the student's review cost a fixed number of queries, whatever
the set's size and however many students answered (the numbers include the session, the
user and the teacher's permission)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from quizapp.accounts.guests import GUEST_COOKIE, remember_guest
from quizapp.accounts.roles import make_teacher
from quizapp.quizzes.models import Attempt, Question, QuestionSet
from quizapp.quizzes.services.attempts import attempt_advance, attempt_start, response_submit
from tests.quizzes.factories import make_set


def remember_guest_in(client: Client, token: str) -> None:
    """The client's browser is this guest's (the signed cookie the start page sets)."""
    response = HttpResponse()
    remember_guest(response, token)
    client.cookies[GUEST_COOKIE] = response.cookies[GUEST_COOKIE].value


pytestmark = pytest.mark.usefixtures("facts")

TEACHER_PAGES = {
    # page: (URL name, arguments from the set and its first question, queries)
    "dashboard": ("teacher_dashboard", lambda s, q: [], 5),
    "new set": ("teacher_set_new", lambda s, q: [], 5),
    "set": ("teacher_set", lambda s, q: [s.pk], 7),
    "share": ("teacher_set_share", lambda s, q: [s.pk], 5),
    "edit a question": ("teacher_question_edit", lambda s, q: [s.pk, q.pk], 8),
    # The results and their CSVs also list the teacher's classes (the class filter).
    "results": ("teacher_set_results", lambda s, q: [s.pk], 10),
    "results CSV": ("teacher_set_results_csv", lambda s, q: [s.pk], 10),
    "responses CSV": ("teacher_set_responses_csv", lambda s, q: [s.pk], 10),
    "Moodle XML": ("teacher_set_export", lambda s, q: [s.pk, "xml"], 6),
    "GIFT": ("teacher_set_export", lambda s, q: [s.pk, "gift"], 6),
}
SIZES = {"small": (2, 1, 1), "large": (12, 3, 8)}  # choice questions, orderings, students


def finished_attempt(question_set: QuestionSet, name: str) -> Attempt:
    """An attempt with every question answered, made by the services (quicker than posts)."""
    attempt = attempt_start(
        question_set=question_set, user=None, guest_token=name, display_name=name
    )
    while not attempt.is_finished:
        question = Question.objects.get(pk=attempt.current_slot.question_id)
        response_submit(
            attempt=attempt,
            question=question,
            seq=attempt.seq,
            answer=list(question.key),
            confirmed=True,
        )
        attempt_advance(attempt=attempt, seq=attempt.seq)
    return attempt


@pytest.fixture(params=SIZES.values(), ids=SIZES.keys())
def answered_set(request, django_user_model) -> tuple[QuestionSet, Client, Attempt]:
    choice, ordering, students = request.param
    question_set = make_set(multiple_choice=choice, ordering=ordering)
    question_set.owner = django_user_model.objects.create_user(
        username="lin", password="a-long-password-1"
    )
    make_teacher(question_set.owner)
    question_set.save()
    attempts = [finished_attempt(question_set, f"guest-{n}") for n in range(students)]
    student = Client()
    remember_guest_in(student, attempts[-1].guest_token)
    return question_set, student, attempts[-1]


@pytest.mark.parametrize("page", TEACHER_PAGES)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_teacher_page_costs_the_same_queries_at_any_size(
    client, answered_set, django_assert_num_queries, page, htmx
):
    question_set, _student, _attempt = answered_set
    client.force_login(question_set.owner)
    name, arguments, queries = TEACHER_PAGES[page]
    url = reverse(name, args=arguments(question_set, question_set.questions.first()))
    with django_assert_num_queries(queries):
        response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 200


def test_the_review_costs_the_same_queries_at_any_size(answered_set, django_assert_num_queries):
    _question_set, student, attempt = answered_set
    with django_assert_num_queries(3):
        response = student.get(reverse("attempt_results", args=[attempt.public_id]))
    assert response.status_code == 200 and "逐題檢討" in response.content.decode()
