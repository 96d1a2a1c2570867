"""The demo a newcomer starts from: accounts, and sets built the way a teacher builds
them, in the demo teacher's workspace."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from quizapp.accounts.demo import DEMO_TEACHER
from quizapp.facts.models import Event
from quizapp.quizzes.management.commands.create_demo_sets import DEMO_SETS
from quizapp.quizzes.models import QuestionSet
from quizapp.vocabulary import Phase, SetStatus

pytestmark = pytest.mark.usefixtures("facts")


@pytest.fixture
def demo() -> str:
    out = StringIO()
    call_command("create_demo_accounts", "--url", "http://127.0.0.1:8123", stdout=out)
    call_command("create_demo_sets", "--url", "http://127.0.0.1:8123", stdout=out)
    return out.getvalue()


def test_the_demo_prints_logins_join_codes_and_addresses_on_the_chosen_port(demo):
    sets = QuestionSet.objects.order_by("pk")
    assert sets.count() == len(DEMO_SETS)
    assert "pyongyang-teacher-2018" in demo
    for question_set in sets:
        assert question_set.status == SetStatus.PUBLISHED
        assert f"{question_set.join_code}  {question_set.title}" in demo
        assert f"http://127.0.0.1:8123/q/{question_set.join_code}/" in demo
    assert "http://127.0.0.1:8123/teacher/" in demo


def test_the_demo_sets_are_the_demo_teachers_with_their_scope(client, demo):
    teacher = get_user_model().objects.get(username=DEMO_TEACHER)
    day1 = QuestionSet.objects.get(title="第一天：抵達平壤")
    assert day1.owner == teacher
    assert day1.scope["phases"] == [Phase.DAY1]
    client.force_login(teacher)
    workspace = client.get(reverse("teacher_dashboard")).content.decode()
    for spec in DEMO_SETS:
        assert spec.title in workspace
    results = client.get(reverse("teacher_set_results", args=[day1.pk]))
    assert results.status_code == 200


def test_replacing_a_question_in_the_day_one_demo_keeps_to_day_one(client, demo):
    day1 = QuestionSet.objects.get(title="第一天：抵達平壤")
    client.force_login(day1.owner)
    for question in list(day1.questions.active().order_by("position")):
        client.post(reverse("teacher_question_replace", args=[day1.pk, question.pk]))
    event_ids = {
        link.event_id
        for question in day1.questions.active()
        for link in question.facts.all()
        if link.event_id
    }
    phases = set(Event.objects.filter(pk__in=event_ids).values_list("phase", flat=True))
    assert phases == {Phase.DAY1}


def test_running_the_demo_again_makes_nothing_twice(demo):
    codes = set(QuestionSet.objects.values_list("join_code", flat=True))
    call_command("create_demo_sets", stdout=StringIO())
    assert set(QuestionSet.objects.values_list("join_code", flat=True)) == codes


def test_demo_sets_made_before_they_had_an_owner_are_handed_to_the_demo_teacher(demo):
    QuestionSet.objects.update(owner=None, scope={})
    call_command("create_demo_sets", stdout=StringIO())
    day1 = QuestionSet.objects.get(title="第一天：抵達平壤")
    assert day1.owner.username == DEMO_TEACHER and day1.scope["phases"] == [Phase.DAY1]
    assert QuestionSet.objects.count() == len(DEMO_SETS)


def test_demo_sets_need_the_demo_teacher_first():
    with pytest.raises(CommandError, match="create_demo_accounts"):
        call_command("create_demo_sets", stdout=StringIO())
