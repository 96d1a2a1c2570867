"""`make run`'s demo class: the demo student in it, with the first day as homework."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from quizapp.classes.models import Assignment, Membership, SchoolClass

pytestmark = pytest.mark.django_db


def demo() -> str:
    out = StringIO()
    for command in ("create_demo_accounts", "create_demo_sets", "create_demo_class"):
        call_command(command, "--url", "http://127.0.0.1:8123", stdout=out)
    return out.getvalue()


def test_the_demo_class_has_the_demo_student_and_homework_and_prints_its_link():
    printed = demo()
    school_class = SchoolClass.objects.get()
    assert school_class.teachers.get().username == "teacher"
    assert Membership.objects.get(school_class=school_class).student.username == "student"
    assert Assignment.objects.get().question_set.title == "第一天：抵達平壤"
    assert f"http://127.0.0.1:8123/c/{school_class.join_code}/" in printed
    student = Client()
    assert student.login(username="student", password="pyongyang-student-2018")
    page = student.get(reverse("home")).content.decode()
    assert "我的作業" in page and "第一天：抵達平壤" in page


def test_running_the_demo_again_makes_nothing_twice():
    demo()
    demo()
    assert SchoolClass.objects.count() == Membership.objects.count() == 1
    assert Assignment.objects.count() == 1
