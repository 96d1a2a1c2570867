"""Assigning sets to classes, and 「我的作業」 on a student's home page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizapp.classes.models import Assignment, Membership
from quizapp.classes.services.classes import class_join
from quizapp.quizzes.models import QuestionSet
from quizapp.vocabulary import SetStatus
from tests.classes.conftest import HTMX
from tests.quizzes.factories import answer_data, finish, make_set, start_attempt

pytestmark = pytest.mark.django_db
LOCAL = "%Y-%m-%dT%H:%M"


def local(when: datetime.datetime) -> str:
    return timezone.localtime(when).strftime(LOCAL)


@pytest.fixture
def own_set(teacher_client) -> QuestionSet:
    quiz = make_set(title="第一天")
    quiz.owner = teacher_client.teacher
    quiz.save()
    return quiz


@pytest.fixture
def student(school_class, django_user_model):
    user = django_user_model.objects.create_user(username="mei", password="a-long-pass-9")
    class_join(school_class=school_class, student=user, name="林美")
    client = Client()
    client.force_login(user)
    client.user = user  # type: ignore[attr-defined]
    return client


def assign(client, school_class, question_set, headers=None, **times):
    data = {"question_set": question_set.pk, **{k: local(v) for k, v in times.items()}}
    return client.post(
        reverse("assignment_new", args=[school_class.pk]), data, headers=headers or {}
    )


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_teacher_assigns_a_set_with_a_close_time(teacher_client, school_class, own_set, headers):
    closes = timezone.now() + datetime.timedelta(days=2)
    response = assign(teacher_client, school_class, own_set, headers, closes_at=closes)
    assert response.status_code == (200 if headers else 303)
    assignment = Assignment.objects.get()
    assert (assignment.question_set, assignment.closes_at.replace(second=0, microsecond=0)) == (
        own_set,
        timezone.localtime(closes).replace(second=0, microsecond=0),
    )
    page = teacher_client.get(reverse("class_detail", args=[school_class.pk]))
    assert "第一天" in page.content.decode()


def refused(response, message: str) -> bool:
    return response.status_code == 400 and message in response.content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_assigning_what_cannot_be_assigned_says_why_and_saves_nothing(
    teacher_client, school_class, own_set, headers, django_user_model
):
    now = timezone.now()
    draft = QuestionSet.objects.create(title="草稿", owner=teacher_client.teacher)
    closed = make_set(title="已關閉")
    QuestionSet.objects.filter(pk=closed.pk).update(
        owner=teacher_client.teacher, status=SetStatus.CLOSED
    )
    foreign = make_set(title="別人的")
    assert refused(assign(teacher_client, school_class, draft, headers), "還沒發布")
    assert refused(assign(teacher_client, school_class, closed, headers), "不能指派")
    assert refused(assign(teacher_client, school_class, foreign, headers), "找不到這個題組")
    assert refused(
        assign(
            teacher_client,
            school_class,
            own_set,
            headers,
            opens_at=now + datetime.timedelta(days=2),
            closes_at=now + datetime.timedelta(days=1),
        ),
        "截止時間要晚於開放時間",
    )
    assert refused(
        assign(
            teacher_client,
            school_class,
            own_set,
            headers,
            closes_at=now - datetime.timedelta(hours=1),
        ),
        "截止時間已經過了",
    )
    assert not Assignment.objects.exists()
    assign(teacher_client, school_class, own_set, headers)
    assert refused(assign(teacher_client, school_class, own_set, headers), "已經有這份作業")
    assert Assignment.objects.count() == 1


def test_a_foreign_class_id_is_404_and_saves_nothing(
    teacher_client, other_teacher_client, school_class, own_set
):
    response = assign(other_teacher_client, school_class, own_set)
    assert response.status_code == 404 and not Assignment.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_unassigning_keeps_the_answers(teacher_client, school_class, own_set, student, headers):
    assign(teacher_client, school_class, own_set)
    attempt = start_attempt(student, own_set)
    assignment = Assignment.objects.get()
    url = reverse("assignment_delete", args=[school_class.pk, assignment.pk])
    assert teacher_client.post(url, headers=headers).status_code == (200 if headers else 303)
    assert not Assignment.objects.exists()
    assert own_set.attempts.filter(pk=attempt.pk).exists()


def homework(client) -> list:
    return client.get(reverse("home")).context["homework"]


def test_my_homework_shows_where_the_student_is(teacher_client, school_class, own_set, student):
    assign(
        teacher_client, school_class, own_set, closes_at=timezone.now() + datetime.timedelta(days=1)
    )
    [item] = homework(student)
    assert item.status == "not_started"
    page = student.get(reverse("home")).content.decode()
    assert "我的作業" in page and "第一天" in page and "開始作答" in page
    attempt = start_attempt(student, own_set)
    [item] = homework(student)
    assert item.status == "in_progress" and item.ongoing == attempt
    assert reverse("attempt_page", args=[attempt.public_id]) in student.get("/").content.decode()
    finish(student, attempt)
    [item] = homework(student)
    assert item.status == "finished" and item.best.pk == attempt.pk
    assert reverse("attempt_results", args=[attempt.public_id]) in student.get("/").content.decode()


def test_past_its_close_time_homework_shows_closed(teacher_client, school_class, own_set, student):
    assign(
        teacher_client, school_class, own_set, closes_at=timezone.now() + datetime.timedelta(days=1)
    )
    Assignment.objects.update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    [item] = homework(student)
    assert item.status == "closed"
    assert "已截止" in student.get("/").content.decode()


def test_homework_not_yet_open(teacher_client, school_class, own_set, student):
    assign(
        teacher_client, school_class, own_set, opens_at=timezone.now() + datetime.timedelta(days=1)
    )
    [item] = homework(student)
    assert item.status == "not_yet_open"
    assert "尚未開放" in student.get("/").content.decode()


def test_a_student_sees_only_their_own_classes_homework(
    teacher_client, school_class, own_set, django_user_model
):
    assign(teacher_client, school_class, own_set)
    outsider = Client()
    outsider.force_login(
        django_user_model.objects.create_user(username="x", password="a-long-pass-5")
    )
    assert homework(outsider) == []
    assert "我的作業" not in outsider.get("/").content.decode()


def test_a_removed_student_no_longer_sees_the_classs_homework(
    teacher_client, school_class, own_set, student
):
    assign(teacher_client, school_class, own_set)
    membership = Membership.objects.get(student=student.user)
    teacher_client.post(reverse("student_remove", args=[school_class.pk, membership.pk]))
    assert homework(student) == []


def test_an_archived_class_leaves_its_students_homes(
    teacher_client, school_class, own_set, student
):
    assign(teacher_client, school_class, own_set)
    teacher_client.post(reverse("class_archive", args=[school_class.pk]), {"archived": "1"})
    assert homework(student) == []


def test_past_the_class_close_time_a_student_cannot_start(
    teacher_client, school_class, own_set, student
):
    assign(
        teacher_client, school_class, own_set, closes_at=timezone.now() + datetime.timedelta(days=1)
    )
    Assignment.objects.update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    response = student.post(reverse("set_start", args=[own_set.join_code]), {"display_name": "x"})
    assert response.status_code == 403 and "已經截止" in response.content.decode()
    assert not own_set.attempts.exists()
    # Anyone the set is not homework for still starts it by its code, as before.
    assert (
        Client()
        .post(reverse("set_start", args=[own_set.join_code]), {"display_name": "訪客"})
        .status_code
        == 303
    )


def test_before_the_class_open_time_a_student_waits(teacher_client, school_class, own_set, student):
    assign(
        teacher_client, school_class, own_set, opens_at=timezone.now() + datetime.timedelta(days=1)
    )
    response = student.post(reverse("set_start", args=[own_set.join_code]), {"display_name": "x"})
    assert response.status_code == 403 and "才開放" in response.content.decode()
    assert not own_set.attempts.exists()


def test_an_attempt_on_homework_ends_by_the_class_close_time(
    teacher_client, school_class, own_set, student
):
    closes = timezone.now() + datetime.timedelta(hours=1)
    assign(teacher_client, school_class, own_set, closes_at=closes)
    attempt = start_attempt(student, own_set)
    assert attempt.deadline == Assignment.objects.get().closes_at
    # A guest with the set's code has no class time to keep.
    assert start_attempt(Client(), own_set, name="訪客").deadline is None


def test_homework_left_unfinished_at_the_close_time_shows_its_score(
    teacher_client, school_class, own_set, student
):
    assign(
        teacher_client,
        school_class,
        own_set,
        closes_at=timezone.now() + datetime.timedelta(hours=1),
    )
    attempt = start_attempt(student, own_set)
    student.post(reverse("attempt_answer", args=[attempt.public_id]), answer_data(attempt))
    later = timezone.now() - datetime.timedelta(minutes=5)
    Assignment.objects.update(closes_at=later)
    type(attempt).objects.filter(pk=attempt.pk).update(deadline=later)
    [item] = homework(student)
    assert item.status == "finished" and item.best.pk == attempt.pk and item.best.score == 1
    assert reverse("attempt_results", args=[attempt.public_id]) in student.get("/").content.decode()


@pytest.mark.parametrize("when", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_date_out_of_any_school_year_is_a_form_error(teacher_client, school_class, own_set, when):
    response = teacher_client.post(
        reverse("assignment_new", args=[school_class.pk]),
        {"question_set": own_set.pk, "opens_at": when},
    )
    assert response.status_code == 400 and "2000 到 2100 年" in response.content.decode()
    settings = teacher_client.post(
        reverse("teacher_set_settings", args=[own_set.pk]), {"title": "x", "closes_at": when}
    )
    assert settings.status_code == 400 and not Assignment.objects.exists()


def test_the_start_page_says_the_class_close_time_and_after_it_offers_no_start(
    teacher_client, school_class, own_set, student
):
    closes = timezone.now() + datetime.timedelta(hours=2)
    assign(teacher_client, school_class, own_set, closes_at=closes)
    url = reverse("set_start", args=[own_set.join_code])
    page = student.get(url).content.decode()
    assert f"這份作業 {local(closes).replace('T', ' ')} 截止" in page
    Assignment.objects.update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    page = student.get(url).content.decode()
    assert "這份作業已經截止" in page and "開始作答</button>" not in page


def test_a_mistyped_code_keeps_the_homework_on_the_page(
    teacher_client, school_class, own_set, student
):
    assign(teacher_client, school_class, own_set)
    response = student.get(reverse("join"), {"code": "ZZZZ9999"})
    assert response.status_code == 404
    assert "我的作業" in response.content.decode() and "第一天" in response.content.decode()
