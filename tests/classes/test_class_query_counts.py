"""The class pages cost the same number of queries for a class of 5 as for one of 40."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizapp.classes.models import Assignment
from quizapp.classes.services.roster import roster_import
from tests.quizzes.factories import finish, make_set, start_attempt

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    # What everyone shares (the home page's sets and counts) comes from the cache when
    # it is warm: count from a cold one, so the counts compare the page's own queries.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def class_of(school_class, size: int, teacher) -> None:
    roster_import(
        school_class=school_class, text="\n".join(f"{n} 學生{n}" for n in range(1, size + 1))
    )
    for n in range(2):
        quiz = make_set(title=f"題組{n}")
        quiz.owner = teacher
        quiz.save()
        Assignment.objects.create(school_class=school_class, question_set=quiz)


# Session, user, the teacher's permissions (two) and the class; then the page's own:
# the class page its assignments with their counts, its class size and the sets it may
# assign; the roster its students with their accounts (and the cards left to print,
# from the session).
PINNED = {"class_detail": 8, "class_roster": 6}


@pytest.mark.parametrize("page", ["class_detail", "class_roster"])
def test_class_page_and_roster_queries_do_not_grow_with_the_class(
    teacher_client, school_class, page, django_user_model
):
    from quizapp.classes.services.classes import class_create

    small = school_class
    large = class_create(teacher=teacher_client.teacher, name="大班", school_year="")
    class_of(small, 5, teacher_client.teacher)
    class_of(large, 40, teacher_client.teacher)
    counts = [queries(teacher_client, reverse(page, args=[c.pk])) for c in (small, large)]
    assert counts == [PINNED[page]] * 2, counts


def test_my_homework_queries_do_not_grow_with_the_assignments(school_class, django_user_model):
    from django.test import Client

    from quizapp.classes.services.classes import class_join

    student = django_user_model.objects.create_user(username="mei", password="a-long-pass-9")
    class_join(school_class=school_class, student=student, name="林美")
    client = Client()
    client.force_login(student)
    counts = []
    for _ in range(2):
        for _n in range(3):
            quiz = make_set()
            Assignment.objects.create(school_class=school_class, question_set=quiz)
            finish(client, start_attempt(client, quiz))
        counts.append(queries(client, reverse("home")))
    assert counts[0] == counts[1], counts
