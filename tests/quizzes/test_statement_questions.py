"""Questions about statements in a teacher's set: built for the 名稱 section, linked to
the statements behind them, and listed on a statement's admin page as the sets it feeds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizapp.facts.models import Statement
from quizapp.generator.generate import Scope
from quizapp.quizzes.models import QuestionFact
from quizapp.quizzes.services.question_sets import question_set_build
from quizapp.vocabulary import GENERATED_KINDS, Phase, QuestionKind

pytestmark = pytest.mark.usefixtures("facts")


def test_a_set_on_the_name_section_asks_about_its_statements(admin_user):
    built = question_set_build(
        owner=admin_user,
        title="名稱",
        scope=Scope(phases=frozenset({Phase.NAME})),
        kinds=GENERATED_KINDS,
        count=3,
        seed=1,
    )
    questions = list(built.questions.order_by("position"))
    assert {q.kind for q in questions} <= {
        QuestionKind.NUMBER,
        QuestionKind.NAME,
        QuestionKind.QUOTE,
        QuestionKind.FIRST,
    }
    links = QuestionFact.objects.filter(question__question_set=built, statement__isnull=False)
    assert {link.statement.phase for link in links} == {Phase.NAME}
    assert len({link.statement_id for link in links}) == 3
    assert all(link.event_id is None for link in links)


def test_a_statements_admin_page_lists_the_sets_that_use_it(client, admin_user):
    question_set_build(
        owner=admin_user,
        title="標語與名稱",
        scope=Scope(phases=frozenset({Phase.NAME})),
        kinds=GENERATED_KINDS,
        count=3,
        seed=1,
    )
    client.force_login(admin_user)
    slogan = Statement.objects.get(key="name-slogan")
    page = client.get(reverse("admin:facts_statement_change", args=[slogan.pk]))
    assert "標語與名稱" in page.content.decode()
