"""A set's questions are read once and shared by all its students (the cache), under the
set's updated_at: every change to them, or to the facts they link to, is read at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizapp.accounts.roles import make_teacher
from quizapp.facts.models import Event
from quizapp.generator.generate import Scope
from quizapp.quizzes.models import QuestionFact
from quizapp.quizzes.selectors.student import set_question_facts, set_questions
from quizapp.quizzes.services.attempts import attempt_start_preview
from quizapp.quizzes.services.question_sets import question_set_build
from quizapp.quizzes.services.questions import QuestionChanges, question_edit
from quizapp.vocabulary import GENERATED_KINDS, FactKind, FactRef
from tests.quizzes.factories import make_set


@pytest.mark.django_db
def test_a_question_saved_is_read_at_once_not_the_shared_copy():
    quiz = make_set(multiple_choice=2, ordering=0)
    question = quiz.questions.order_by("position").first()
    assert set_questions(question_set=quiz)[question.pk].prompt == question.prompt
    question.prompt = "改過的題幹：文在寅的專機在哪一天抵達平壤？"
    question.save()
    quiz.refresh_from_db()
    assert set_questions(question_set=quiz)[question.pk].prompt == question.prompt


@pytest.mark.django_db
def test_a_teachers_edit_in_place_shows_in_the_next_preview(client, django_user_model):
    teacher = django_user_model.objects.create_user(username="lin", password="a-long-pass-1")
    make_teacher(teacher)
    quiz = make_set(multiple_choice=2, ordering=0)
    quiz.owner = teacher
    quiz.save()
    client.force_login(teacher)
    preview = attempt_start_preview(question_set=quiz, teacher=teacher)
    question = quiz.questions.get(pk=preview.current_slot.question_id)
    old_prompt = question.prompt
    page = client.get(reverse("attempt_page", args=[preview.public_id])).content.decode()
    assert old_prompt in page
    # No student has the set yet: the question is changed in place.
    edited = question_edit(
        question=question,
        changes=QuestionChanges(prompt="新的題幹：會談在哪一天舉行？", options=question.options),
    )
    assert edited.pk == question.pk
    quiz.refresh_from_db()
    preview = attempt_start_preview(question_set=quiz, teacher=teacher)
    page = client.get(reverse("attempt_page", args=[preview.public_id])).content.decode()
    assert "新的題幹：會談在哪一天舉行？" in page and old_prompt not in page


@pytest.mark.usefixtures("facts")
@pytest.mark.django_db
def test_a_deleted_fact_is_no_longer_rated_by_the_sets_that_asked_about_it():
    quiz = question_set_build(
        owner=None, title="生成", scope=Scope(), kinds=GENERATED_KINDS, count=6, seed=1
    )
    link = QuestionFact.objects.filter(question__question_set=quiz, event__isnull=False).first()
    assert link is not None
    ref = FactRef(FactKind.EVENT, link.event_id)
    assert ref in set_question_facts(question_set=quiz)[link.question_id]
    Event.objects.filter(pk=link.event_id).delete()
    quiz.refresh_from_db()
    assert ref not in set_question_facts(question_set=quiz).get(link.question_id, ())
