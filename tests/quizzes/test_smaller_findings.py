"""The smaller findings that matter (M3, L1, L2, L5, L6, L10, L11, L12, B7, B9, B10, B11,
B15, B16, B17, B18)."""

from __future__ import annotations

import collections
import json
import re
import subprocess
import sys
from xml.etree import ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from bench.environment import production_env
from quizapp.quizzes.models import Question, QuestionSet
from quizapp.quizzes.services.attempts import _start_order
from quizapp.settings import BASE_DIR
from tests.quizzes.factories import (
    answer_data,
    current_slot,
    finish,
    make_set,
    owned_set,
    post_answer,
    post_next,
    start_attempt,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["=cmd|' /C calc'!A0", '=HYPERLINK("http://e.x","f")', "@SUM(1+1)", "+1+2", "-3+4"],
)
def test_a_results_csv_cell_never_starts_a_formula(client, teacher_client, name):
    quiz = owned_set(teacher_client.teacher)
    finish(client, start_attempt(client, quiz, name=name))
    csv = teacher_client.get(reverse("teacher_set_results_csv", args=[quiz.pk]))
    rows = csv.content.decode("utf-8-sig").splitlines()[1:]
    assert rows and all(row.lstrip('"')[0] not in "=+-@" for row in rows), rows


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_limit_minutes", "9223372036854775807", "時間限制最多 600 分鐘"),
        ("time_limit_minutes", "32768", "時間限制最多 600 分鐘"),
        ("attempts_allowed", "32768", "可作答次數最多 100 次"),
        ("seed", "9223372036854775808", "隨機種子最大是 2147483647"),
        ("seed", "2147483648", "隨機種子最大是 2147483647"),
        ("seed", "-1", "隨機種子要是 0 以上的整數"),
        ("seed", "1e30", "整數"),
        ("count", "9223372036854775807", "題數最多 50 題"),
    ],
)
def test_a_huge_number_on_the_build_form_is_a_form_error(
    teacher_client, facts, field, value, message
):
    data = {
        "title": "小考",
        "phases": ["day2"],
        "kinds": ["date"],
        "count": "3",
        "feedback_mode": "immediate",
        "attempts_allowed": "0",
        "ordering_grading": "pairs",
        field: value,
    }
    response = teacher_client.post(reverse("teacher_set_new"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not QuestionSet.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_limit_minutes", "9223372036854775807", "時間限制最多 600 分鐘"),
        ("attempts_allowed", "9223372036854775807", "可作答次數最多 100 次"),
    ],
)
def test_a_huge_number_in_a_published_sets_settings_is_a_form_error(
    teacher_client, field, value, message
):
    quiz = owned_set(teacher_client.teacher)
    data = {
        "title": quiz.title,
        "feedback_mode": "immediate",
        "attempts_allowed": "0",
        "ordering_grading": "pairs",
        field: value,
    }
    response = teacher_client.post(reverse("teacher_set_settings", args=[quiz.pk]), data)
    assert response.status_code == 400 and message in response.content.decode()
    quiz.refresh_from_db()
    assert (quiz.time_limit_minutes, quiz.attempts_allowed) == (None, 0)


def test_an_empty_title_is_said_once(teacher_client, facts):
    response = teacher_client.post(
        reverse("teacher_set_new"),
        {
            "title": "  ",
            "kinds": ["date"],
            "count": "3",
            "feedback_mode": "immediate",
            "attempts_allowed": "0",
            "ordering_grading": "pairs",
        },
    )
    assert response.content.decode().count("請輸入題組標題。") == 1


def test_the_exports_carry_control_characters_and_blank_lines_safely(teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=1, ordering=1)
    Question.objects.filter(question_set=quiz, kind="date").update(
        prompt="CTRL \x0b\x1b\x07 bell\n\n<script>x</script>", options=["x\x01y", "b", "c", "d"]
    )
    xml = teacher_client.get(reverse("teacher_set_export", args=[quiz.pk, "xml"])).content
    ET.fromstring(xml)  # well-formed
    gift = teacher_client.get(
        reverse("teacher_set_export", args=[quiz.pk, "gift"])
    ).content.decode()
    blocks = gift.strip().split("\n\n")
    assert len(blocks) == 2  # a blank line inside a question would split it
    assert "[plain]CTRL" in gift and "bell\\n\\n<script>" in gift


def test_a_question_with_control_characters_is_refused(teacher_client):
    quiz = owned_set(teacher_client.teacher)
    response = teacher_client.post(
        reverse("teacher_question_add", args=[quiz.pk]),
        {"kind": "choice", "prompt": "問\x0b題", "options": "甲\n乙", "key": "1"},
    )
    assert response.status_code == 400 and "控制字元" in response.content.decode()


def test_the_ordering_start_order_is_uniform_over_every_order_but_the_key():
    import random

    rng = random.Random(7)
    key = [1, 3, 2, 0]
    seen = collections.Counter(
        tuple(_start_order([0, 1, 2, 3], key=key, rng=rng)) for _ in range(23_000)
    )
    assert tuple(key) not in seen
    assert len(seen) == 23  # 4! − 1
    # Each of the 23 orders about 1000 times: none twice as likely (the old rotation).
    assert max(seen.values()) < 1.2 * min(seen.values())


def test_production_refuses_a_short_secret_key():
    env = production_env(DJANGO_SECRET_KEY="short")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "at least 50 characters" in result.stderr


def test_healthz_answers_for_the_process_and_with_db_for_the_database(client):
    # The outage itself is in tests/test_database_outage.py (PostgreSQL).
    assert client.get(reverse("healthz")).content == b"ok"
    ready = client.get(reverse("healthz"), {"db": "1"})
    assert ready.status_code == 200 and ready.content == b"ok"


def test_teacher_pages_exports_and_the_home_page_are_never_cached(client, teacher_client):
    quiz = owned_set(teacher_client.teacher)
    for url in [
        reverse("teacher_dashboard"),
        reverse("teacher_set", args=[quiz.pk]),
        reverse("teacher_set_results", args=[quiz.pk]),
        reverse("teacher_set_results_csv", args=[quiz.pk]),
        reverse("teacher_set_export", args=[quiz.pk, "xml"]),
        reverse("teacher_set_export", args=[quiz.pk, "gift"]),
    ]:
        cache = teacher_client.get(url)["Cache-Control"]
        assert "no-store" in cache and "private" in cache, url
    assert "no-store" in client.get(reverse("home"))["Cache-Control"]


def test_the_home_page_lists_sets_in_the_storys_order(client, facts):
    from quizapp.generator.generate import Scope
    from quizapp.quizzes.services.question_sets import (
        SetSettings,
        question_set_build,
        question_set_publish,
    )
    from quizapp.vocabulary import Phase, QuestionKind

    for title, phase in [("第三天", Phase.DAY3), ("第一天", Phase.DAY1), ("第二天", Phase.DAY2)]:
        built = question_set_build(
            owner=None,
            title=title,
            scope=Scope(phases=frozenset({phase})),
            kinds=[QuestionKind.DATE, QuestionKind.TIME, QuestionKind.PLACE],
            count=3,
            seed=1,
            settings=SetSettings(is_public=True),
        )
        question_set_publish(question_set=built)
    home = client.get(reverse("home")).content.decode()
    positions = [home.index(f">{title}<") for title in ("第一天", "第二天", "第三天")]
    assert positions == sorted(positions)


def test_item_statistics_count_each_student_once(client, teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=2, ordering=0)
    finish(client, start_attempt(client, quiz, name="甲"), correct=False)
    finish(client, start_attempt(client, quiz, name="甲"), correct=True)  # a retry
    other = Client()
    finish(other, start_attempt(other, quiz, name="乙"), correct=True)
    page = teacher_client.get(reverse("teacher_set_results", args=[quiz.pk])).content.decode()
    assert page.count("作答 2 人") == 2 and "作答 3 人" not in page


def test_scores_read_the_same_everywhere_with_a_percentage(client, teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=2, ordering=1)
    attempt = start_attempt(client, quiz)
    post_answer(client, attempt, answer_data(attempt))
    post_next(client, attempt)
    post_answer(client, attempt, answer_data(attempt, correct=False))
    post_next(client, attempt)
    slot, question = current_slot(attempt)
    by_index = dict(zip(slot.indices, slot.ids, strict=True))
    almost = [by_index[i] for i in question.key]
    almost[0], almost[1] = almost[1], almost[0]  # one pair out of six: 5/6
    post_answer(client, attempt, {"seq": attempt.seq, "order": almost, "confirm": "1"})
    post_next(client, attempt)
    expected = "1.83 / 3（61%）"
    results = client.get(reverse("attempt_results", args=[attempt.public_id])).content.decode()
    assert "得分 <strong>1.83</strong> / 3（61%）" in results
    assert expected in client.get(reverse("home")).content.decode()
    teacher = teacher_client.get(reverse("teacher_set_results", args=[quiz.pk])).content.decode()
    assert expected in teacher
    csv = teacher_client.get(reverse("teacher_set_results_csv", args=[quiz.pk]))
    assert ",1.83,3," in csv.content.decode("utf-8-sig")


def test_moving_the_first_item_up_or_the_last_down_is_disabled_and_changes_nothing(client):
    quiz = make_set(multiple_choice=0, ordering=1)
    attempt = start_attempt(client, quiz)
    slot, _question = current_slot(attempt)
    page = client.get(reverse("attempt_page", args=[attempt.public_id])).content.decode()
    first, last = slot.ids[0], slot.ids[-1]
    assert f'id="up-{first}" class="button button--small" disabled' in page
    assert f'id="down-{last}" class="button button--small" disabled' in page
    response = client.post(
        reverse("attempt_answer", args=[attempt.public_id]),
        {"seq": attempt.seq, "order": list(slot.ids), "move": f"up:{first}"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "is-moved" not in html and "你沒有移動任何項目" not in html
    orders = [
        line.split('value="')[1].split('"')[0]
        for line in html.split("\n")
        if 'name="order"' in line
    ]
    assert orders == list(slot.ids)


def test_a_move_without_javascript_ends_on_a_page_a_reload_does_not_post_again(client):
    quiz = make_set(multiple_choice=0, ordering=1)
    attempt = start_attempt(client, quiz)
    slot, _question = current_slot(attempt)
    moving = slot.ids[1]
    response = client.post(
        reverse("attempt_answer", args=[attempt.public_id]),
        {"seq": attempt.seq, "order": list(slot.ids), "move": f"up:{moving}"},
    )
    assert response.status_code == 303
    assert response["Location"].startswith(reverse("attempt_page", args=[attempt.public_id]))
    page = client.get(response["Location"]).content.decode()
    order = [part.split('"')[0] for part in page.split('name="order" value="')[1:]]
    assert order[0] == moving and "is-moved" in page


def test_a_wording_edit_keeps_one_questions_statistics_together(client, teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=1, ordering=0)
    finish(client, start_attempt(client, quiz, name="甲"))
    question = quiz.questions.get()
    data = {
        "prompt": "改寫過的題幹？",
        **{f"option_{i}": t for i, t in enumerate(question.options)},
    }
    teacher_client.post(reverse("teacher_question_edit", args=[quiz.pk, question.pk]), data)
    other = Client()
    finish(other, start_attempt(other, quiz, name="乙"))
    page = teacher_client.get(reverse("teacher_set_results", args=[quiz.pk])).content.decode()
    assert "改寫過的題幹？" in page and "作答 2 人" in page
    assert "舊版" not in page and question.prompt not in page


def test_the_admin_speaks_no_english_where_django_leaves_gaps(admin_client, facts):
    pages = [
        admin_client.get(reverse("admin:facts_event_add")),
        admin_client.get(reverse("admin:facts_event_changelist"), {"date__year": "2018"}),
    ]
    for page in pages:
        html = page.content.decode()
        assert "Select an option" not in html and "Filter by" not in html
    script = admin_client.get(reverse("admin:jsi18n")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S)[1])
    behind = "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour behind.)"
    assert catalog[behind][0].startswith("備註：請以 %(timezone)s 時區輸入時間")
