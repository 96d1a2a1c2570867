"""Databases made by earlier versions keep their data through the migrations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("facts", "0001_initial"), ("quizzes", "0002_alter_question_kind")]
AFTER = [("facts", "0002_source"), ("quizzes", "0003_fact_links_and_vocabulary")]


def migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


@pytest.fixture
def old_schema():
    """The apps as they were before sources and typed fact links; the latest afterwards."""
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    executor = migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    migrate(latest)


def test_facts_and_question_links_survive_the_move_to_sources_and_typed_links(old_schema):
    old = old_schema
    place = old.get_model("facts", "Place").objects.create(key="test-place", name="測試地點")
    person = old.get_model("facts", "Person").objects.create(
        key="test-person", name="測試人物", side="ROK", kind="leader"
    )
    event = old.get_model("facts", "Event").objects.create(
        key="test-event", clause="測試事件", phase="day1", date="2018-09-18", footnotes="1"
    )
    question_set = old.get_model("quizzes", "QuestionSet").objects.create(title="舊題組")
    question = old.get_model("quizzes", "Question").objects.create(
        question_set=question_set, position=1, kind="date", prompt="？", options=[], key=[]
    )
    links = old.get_model("quizzes", "QuestionFact").objects
    for ref in (f"event:{event.pk}", f"person:{person.pk}", "event:999999"):
        links.create(question=question, ref=ref)

    new = migrate(AFTER).loader.project_state(AFTER).apps

    source = new.get_model("facts", "Source").objects.get()
    assert source.licence == "CC BY-SA 4.0" and "文在寅" in source.text
    for model, pk in (("Place", place.pk), ("Person", person.pk), ("Event", event.pk)):
        assert new.get_model("facts", model).objects.get(pk=pk).source_id == source.pk
    stored = new.get_model("quizzes", "QuestionFact").objects.filter(question_id=question.pk)
    # The link to a fact deleted since is dropped; the others point at their fact.
    assert {(link.event_id, link.person_id) for link in stored} == {
        (event.pk, None),
        (None, person.pk),
    }

    # And back: the links are strings again, on the link rows and the question's copy.
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    refs = {f"event:{event.pk}", f"person:{person.pk}"}
    links = old.get_model("quizzes", "QuestionFact").objects.filter(question_id=question.pk)
    assert set(links.values_list("ref", flat=True)) == refs
    assert set(old.get_model("quizzes", "Question").objects.get(pk=question.pk).fact_ids) == refs
