"""A set's exports from the teacher's page: what Moodle takes whole, or a message."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from quizapp.quizzes.models import Question
from tests.quizzes.factories import owned_set

pytestmark = pytest.mark.django_db


def test_an_own_ordering_item_gift_cannot_carry_gets_a_message_not_a_broken_file(
    teacher_client,
):
    quiz = owned_set(teacher_client.teacher, multiple_choice=1, ordering=1)
    Question.objects.filter(question_set=quiz, kind="ordering").update(
        options=["09:50 抵達機場", "乘車巡遊", "舉行會談", "歡迎晚宴"], written_by_teacher=True
    )
    gift = teacher_client.get(reverse("teacher_set_export", args=[quiz.pk, "gift"]))
    page = gift.content.decode()
    assert gift.status_code == 409 and "Content-Disposition" not in gift
    assert "第 2 題的排序項目「09:50 抵達機場」" in page and "改用 Moodle XML" in page
    xml = teacher_client.get(reverse("teacher_set_export", args=[quiz.pk, "xml"]))
    answers = [a.findtext("text") for a in ET.fromstring(xml.content).iter("answer")]
    assert xml.status_code == 200 and "09:50 抵達機場" in answers


def test_a_set_exports_to_gift_with_every_orderings_explanation(teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=1, ordering=2)
    gift = teacher_client.get(reverse("teacher_set_export", args=[quiz.pk, "gift"]))
    text = gift.content.decode()
    assert gift.status_code == 200
    assert text.count("SHOW\n") == 2 and text.count("####") == 3
