from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from quizapp.accounts.demo import DEMO_STUDENT, DEMO_TEACHER, DemoCommand
from quizapp.classes.models import Assignment, SchoolClass
from quizapp.classes.services.classes import class_create, class_join
from quizapp.quizzes.models import QuestionSet
from quizapp.vocabulary import SetStatus

DEMO_CLASS = "示範班級"
# The demo set the class has as homework: the first day, the first story a class reads.
DEMO_HOMEWORK = "第一天：抵達平壤"


class Command(DemoCommand):
    help = "Create the demo teacher's class (once), with the demo student and one homework set."

    @transaction.atomic
    def handle(self, *args: Any, url: str, **options: Any) -> None:
        users = get_user_model().objects
        teacher = users.filter(username=DEMO_TEACHER).first()
        student = users.filter(username=DEMO_STUDENT).first()
        if teacher is None or student is None:
            raise CommandError("No demo accounts yet: run create_demo_accounts first.")
        school_class = SchoolClass.objects.filter(teachers=teacher, name=DEMO_CLASS).first()
        if school_class is None:
            school_class = class_create(teacher=teacher, name=DEMO_CLASS, school_year="")
            class_join(school_class=school_class, student=student, name="示範學生")
        homework = QuestionSet.objects.filter(
            owner=teacher, title=DEMO_HOMEWORK, status=SetStatus.PUBLISHED
        ).first()
        if homework is not None:
            Assignment.objects.get_or_create(school_class=school_class, question_set=homework)
        link = url.rstrip("/") + reverse("class_join", args=[school_class.join_code])
        self.stdout.write(
            f"\nDemo class: {DEMO_CLASS}, code {school_class.join_code}, {link}\n"
            f"  the demo student is in it; its homework: {DEMO_HOMEWORK}\n"
        )
