"""「待加強的史實」: a class's units with the lowest mean recall (over the students who
have met them), how many are due on each, a draft set built from them, and each
student's known / due / never seen per section; only for the class's teachers."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fsrs import State

from quizapp.classes.models import SchoolClass
from quizapp.classes.selectors.memory import class_memory
from quizapp.classes.services.memory import drafts_for_units
from quizapp.memory.models import FactMemory
from quizapp.memory.scheduling import recall_probability
from quizapp.memory.services import memory_record
from quizapp.practice.pool import pool_now
from quizapp.quizzes.models import QuestionSet
from quizapp.recall import AGAIN, GOOD, ORDER, Unit, units_of
from quizapp.vocabulary import QuestionKind, SetStatus
from tests.classes.factories import enrol, enrol_many

pytestmark = pytest.mark.usefixtures("facts")

NOW = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def remember(student: User, unit: Unit, rating: int, at: datetime.datetime) -> None:
    memory_record(user_id=student.pk, guest_token="", rated=[(unit, rating)], prompt="", now=at)


def learn(student: User, unit: Unit, start: datetime.datetime) -> datetime.datetime:
    """Right answers, each when the unit comes due, until the card is out of learning;
    returns the time of the last one."""
    at = start
    remember(student, unit, GOOD, at)
    row = FactMemory.objects.get(user=student, **FactMemory.unit_fields(unit))
    while row.card["state"] != State.Review:
        at = row.due
        remember(student, unit, GOOD, at)
        row.refresh_from_db()
    return at


def units(count: int) -> list[Unit]:
    """The first units of the article that are not order pairs (one draft each, at least)."""
    return [unit for unit in pool_now().units if unit.relation != ORDER][:count]


@pytest.fixture
def students(school_class: SchoolClass) -> list[User]:
    return [membership.student for membership in enrol_many(school_class, 3)]


# -- Access ------------------------------------------------------------------------------


def test_only_the_class_teachers_and_admins_see_the_page(
    teacher_client, other_teacher_client, school_class, admin_user, client
):
    url = reverse("class_risk", args=[school_class.pk])
    build = reverse("class_risk_set", args=[school_class.pk])
    assert teacher_client.get(url).status_code == 200
    assert other_teacher_client.get(url).status_code == 404
    assert other_teacher_client.post(build).status_code == 404
    assert not QuestionSet.objects.exists()
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    student = enrol(school_class, name="林美").student
    client.force_login(student)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_the_class_page_links_to_it(teacher_client, school_class):
    page = teacher_client.get(reverse("class_detail", args=[school_class.pk]))
    assert reverse("class_risk", args=[school_class.pk]) in page.content.decode()


# -- The units at risk ---------------------------------------------------------------------


def test_units_come_lowest_mean_recall_first_over_those_who_met_them(school_class, students):
    forgotten, shaky, solid = units(3)
    a, b, c = students
    for student in (a, b, c):
        remember(student, solid, GOOD, NOW - datetime.timedelta(hours=2))
    remember(a, shaky, GOOD, NOW - datetime.timedelta(hours=2))
    remember(b, shaky, AGAIN, NOW - datetime.timedelta(hours=2))
    # Met by one student only, who got it wrong a day ago: the lowest mean.
    remember(a, forgotten, AGAIN, NOW - datetime.timedelta(days=1))

    report = class_memory(school_class=school_class, now=NOW)

    assert [item.unit for item in report.at_risk] == [forgotten, shaky, solid]
    by_unit = {item.unit: item for item in report.at_risk}
    assert (by_unit[forgotten].seen, by_unit[shaky].seen, by_unit[solid].seen) == (1, 2, 3)
    assert {item.class_size for item in report.at_risk} == {3}
    rows = FactMemory.objects.filter(**FactMemory.unit_fields(shaky))
    expected = sum(recall_probability(row.card, now=NOW) for row in rows) / 2
    assert by_unit[shaky].mean_recall == pytest.approx(expected)
    means = [item.mean_recall for item in report.at_risk]
    assert means == sorted(means)


def test_due_counts_students_due_by_now(school_class, students):
    (unit,) = units(1)
    a, b, c = students
    remember(a, unit, AGAIN, NOW)  # due again within minutes
    remember(b, unit, AGAIN, NOW)
    remember(c, unit, GOOD, NOW)  # due in days
    soon = FactMemory.objects.filter(user=a).get().due
    assert class_memory(school_class=school_class, now=NOW).at_risk[0].due == 0
    assert class_memory(school_class=school_class, now=soon).at_risk[0].due == 2
    later = NOW + datetime.timedelta(days=200)
    assert class_memory(school_class=school_class, now=later).at_risk[0].due == 3


def test_students_who_left_the_class_do_not_count(school_class, students):
    (unit,) = units(1)
    remember(students[0], unit, AGAIN, NOW)
    school_class.memberships.filter(student=students[0]).update(removed_at=NOW)
    report = class_memory(school_class=school_class, now=NOW)
    assert report.at_risk == [] and report.class_size == 2


def test_at_most_fifteen_units_are_shown(school_class, students):
    for unit in units(20):
        remember(students[0], unit, AGAIN, NOW)
    assert len(class_memory(school_class=school_class, now=NOW).at_risk) == 15


def test_the_page_shows_each_unit_in_a_questions_words_and_its_relation(
    teacher_client, school_class, students
):
    (unit,) = units(1)
    remember(students[0], unit, AGAIN, timezone.now())
    html = teacher_client.get(reverse("class_risk", args=[school_class.pk])).content.decode()
    assert pool_now().by_unit[unit][0].prompt in html
    assert "1 / 3 位" in html
    assert "用這些史實出一份題組" in html


def test_an_order_pair_is_shown_as_its_two_events(school_class, students):
    pool = pool_now()
    pair = next(unit for unit in pool.units if unit.relation == ORDER)
    remember(students[0], pair, AGAIN, NOW)
    (item,) = class_memory(school_class=school_class, now=NOW).at_risk
    events = pool.fact_base.event_by_id
    assert events[pair.fact.id].clause in item.wording
    assert events[pair.other].clause in item.wording
    assert item.relation_name == "先後順序"


def test_the_report_costs_three_queries_for_a_class_of_thirty(
    school_class, django_assert_max_num_queries
):
    pool_now()  # built once per process, not per request
    chosen = units(10)
    for index, membership in enumerate(enrol_many(school_class, 30)):
        for unit in chosen[: 1 + index % 10]:
            remember(membership.student, unit, AGAIN if index % 3 else GOOD, NOW)
    # The facts' version (is the kept practice pool current?), the members, their memory.
    with django_assert_max_num_queries(3):
        report = class_memory(school_class=school_class, now=NOW)
    assert report.class_size == 30 and len(report.at_risk) == 10
    assert sum(item.seen for item in report.at_risk) == sum(1 + i % 10 for i in range(30))


def test_the_page_costs_the_same_for_a_class_of_five_as_of_thirty(teacher_client, school_class):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quizapp.classes.services.classes import class_create

    large = class_create(teacher=teacher_client.teacher, name="大班", school_year="")
    chosen = units(5)
    counts = []
    for school, size in ((school_class, 5), (large, 30)):
        for membership in enrol_many(school, size):
            for unit in chosen:
                remember(membership.student, unit, AGAIN, NOW)
        with CaptureQueriesContext(connection) as captured:
            page = teacher_client.get(reverse("class_risk", args=[school.pk]))
        assert page.status_code == 200
        counts.append(len(captured))
    # Session, user, the teacher's permissions (two), the class; then the facts' version
    # (is the kept practice pool current?), the class's members and their memory rows.
    assert counts == [8, 8], counts


# -- Building a set ------------------------------------------------------------------------


def test_the_button_builds_a_draft_set_about_the_units_at_risk(
    teacher_client, school_class, students
):
    chosen = units(6)
    for unit in chosen:
        remember(students[0], unit, AGAIN, timezone.now())
    at_risk = {
        item.unit for item in class_memory(school_class=school_class, now=timezone.now()).at_risk
    }
    response = teacher_client.post(reverse("class_risk_set", args=[school_class.pk]))
    question_set = QuestionSet.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("teacher_set", args=[question_set.pk])
    assert question_set.owner == teacher_client.teacher
    assert question_set.status == SetStatus.DRAFT
    questions = list(question_set.questions.prefetch_related("facts"))
    asked = set()
    for question in questions:
        facts = [link.ref for link in sorted(question.facts.all(), key=lambda link: link.pk)]
        found = units_of(kind=QuestionKind(question.kind), facts=facts)
        assert at_risk & set(found), question.prompt
        asked.update(found)
    assert at_risk <= asked
    assert len(questions) == len(at_risk) == 6
    assert len({question.prompt for question in questions}) == len(questions)


def test_order_pairs_at_risk_are_each_asked_by_an_ordering_of_their_own_events(
    teacher_client, school_class, students
):
    pool = pool_now()
    pairs = [unit for unit in pool.units if unit.relation == ORDER][:4]
    for unit in pairs:
        remember(students[0], unit, AGAIN, timezone.now())
    teacher_client.post(reverse("class_risk_set", args=[school_class.pk]))
    questions = list(QuestionSet.objects.get().questions.prefetch_related("facts"))
    asked = set()
    for question in questions:
        facts = [link.ref for link in sorted(question.facts.all(), key=lambda link: link.pk)]
        asked.update(units_of(kind=QuestionKind(question.kind), facts=facts))
    assert set(pairs) <= asked
    assert len({tuple(question.options) for question in questions}) == len(questions)


def test_the_same_units_give_the_same_drafts_never_the_same_question_twice():
    pool = pool_now()
    chosen = list(pool.units)[:40]
    first = drafts_for_units(units=chosen, pool=pool)
    assert first == drafts_for_units(units=chosen, pool=pool)
    stems = [draft.prompt for draft in first if draft.kind != QuestionKind.ORDERING]
    orderings = [draft.options for draft in first if draft.kind == QuestionKind.ORDERING]
    assert len(set(stems)) == len(stems) and len(set(orderings)) == len(orderings)
    asked = {u for draft in first for u in units_of(kind=draft.kind, facts=draft.facts)}
    assert set(chosen) <= asked


def test_with_nothing_practised_the_button_says_so_and_builds_nothing(
    teacher_client, school_class, students
):
    response = teacher_client.post(
        reverse("class_risk_set", args=[school_class.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "沒有待加強的史實" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert not QuestionSet.objects.exists()


def test_a_published_sets_page_gives_its_practice_link(teacher_client, school_class, students):
    (unit,) = units(1)
    remember(students[0], unit, AGAIN, timezone.now())
    teacher_client.post(reverse("class_risk_set", args=[school_class.pk]))
    question_set = QuestionSet.objects.get()
    page = teacher_client.get(reverse("teacher_set", args=[question_set.pk])).content.decode()
    assert 'id="practice-link"' not in page  # a draft has no code yet
    teacher_client.post(reverse("teacher_set_publish", args=[question_set.pk]))
    question_set.refresh_from_db()
    page = teacher_client.get(reverse("teacher_set", args=[question_set.pk])).content.decode()
    assert 'id="practice-link"' in page and "給學生練習這些史實" in page
    assert f"/practice/?scope=set%3A{question_set.join_code}" in page
    student = Client()
    student.force_login(students[1])
    practice = student.get(reverse("practice"), {"scope": f"set:{question_set.join_code}"})
    assert practice.status_code == 200


# -- Per student ---------------------------------------------------------------------------


def test_each_student_known_due_and_never_seen_per_section(school_class, students):
    pool = pool_now()
    a, b, _c = students
    first, second, third = units(3)
    last = max(learn(a, first, NOW), NOW)
    remember(a, second, AGAIN, last)
    now = last + datetime.timedelta(minutes=30)
    remember(b, third, GOOD, now)
    report = class_memory(school_class=school_class, now=now)

    by_student = {row.membership.student: row for row in report.students}
    assert [row.membership.student for row in report.students] == students
    totals = {section.phase: section.total for section in report.sections}
    assert sum(totals.values()) == len(pool.units)

    a_sections = {counts.phase: counts for counts in by_student[a].sections}
    phase_first, phase_second = pool.phase_of[first], pool.phase_of[second]
    assert by_student[a].known == 1 and a_sections[phase_first].known == 1
    assert by_student[a].due == 1 and a_sections[phase_second].due == 1
    assert by_student[a].unseen == len(pool.units) - 2
    assert by_student[b].known == 0 and by_student[b].due == 0
    assert by_student[b].unseen == len(pool.units) - 1
    untouched = by_student[_c]
    assert untouched.known == untouched.due == 0 and untouched.unseen == len(pool.units)
