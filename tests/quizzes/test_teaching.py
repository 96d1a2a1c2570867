"""The teacher's workspace: build, edit, publish, results, exports; and who may enter."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from quizapp.accounts.roles import make_teacher
from quizapp.facts.models import Event
from quizapp.generator.generate import Scope
from quizapp.quizzes.models import Question, QuestionSet
from quizapp.quizzes.services.question_sets import question_set_build
from quizapp.vocabulary import SetStatus
from tests.quizzes.factories import answer_data, post_answer, post_next, start_attempt

pytestmark = pytest.mark.usefixtures("facts")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def teacher(django_user_model):
    user = django_user_model.objects.create_user(username="lin", password="a-long-password-1")
    make_teacher(user)
    return user


@pytest.fixture
def other_teacher(django_user_model):
    user = django_user_model.objects.create_user(username="chen", password="a-long-password-1")
    make_teacher(user)
    return user


@pytest.fixture
def student(django_user_model):
    return django_user_model.objects.create_user(username="mei", password="a-long-password-1")


@pytest.fixture
def day2_set(teacher) -> QuestionSet:
    return question_set_build(
        owner=teacher,
        title="第二天小測驗",
        scope=Scope(phases=frozenset({"day2"})),
        kinds=["date", "participant", "place", "ordering"],
        count=8,
        seed=7,
    )


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


def build_data(**overrides):
    data = {
        "title": "第二天小測驗",
        "phases": ["day2"],
        "kinds": ["date", "participant", "place", "ordering"],
        "count": "10",
        "seed": "3",
        "feedback_mode": "immediate",
        "attempts_allowed": "0",
        "time_limit_minutes": "",
        "ordering_grading": "pairs",
    }
    data.update(overrides)
    return data


def teacher_urls(question_set: QuestionSet) -> list[tuple[str, str, dict]]:
    question = question_set.questions.first()
    pk, qpk = question_set.pk, question.pk
    return [
        ("get", reverse("teacher_dashboard"), {}),
        ("get", reverse("teacher_set_new"), {}),
        ("get", reverse("teacher_set", args=[pk]), {}),
        ("post", reverse("teacher_set_settings", args=[pk]), {"title": "x"}),
        ("post", reverse("teacher_set_publish", args=[pk]), {}),
        ("post", reverse("teacher_set_close", args=[pk]), {}),
        ("post", reverse("teacher_set_duplicate", args=[pk]), {}),
        ("get", reverse("teacher_set_preview", args=[pk]), {}),
        ("post", reverse("teacher_set_preview", args=[pk]), {}),
        ("get", reverse("teacher_set_share", args=[pk]), {}),
        ("post", reverse("teacher_set_archive", args=[pk]), {}),
        ("post", reverse("teacher_set_unarchive", args=[pk]), {}),
        ("post", reverse("teacher_set_delete", args=[pk]), {"confirm": "1"}),
        ("post", reverse("teacher_question_add", args=[pk]), {}),
        ("get", reverse("teacher_question_edit", args=[pk, qpk]), {}),
        ("post", reverse("teacher_question_replace", args=[pk, qpk]), {}),
        ("post", reverse("teacher_question_delete", args=[pk, qpk]), {}),
        ("post", reverse("teacher_question_move", args=[pk, qpk]), {"direction": "up"}),
        ("get", reverse("teacher_set_results", args=[pk]), {}),
        ("get", reverse("teacher_set_results_csv", args=[pk]), {}),
        ("get", reverse("teacher_set_export", args=[pk, "xml"]), {}),
    ]


def test_another_teacher_gets_404_on_every_set_url(client, other_teacher, day2_set):
    client.force_login(other_teacher)
    for method, url, data in teacher_urls(day2_set):
        if url in (reverse("teacher_dashboard"), reverse("teacher_set_new")):
            continue
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    assert QuestionSet.objects.count() == 1
    assert day2_set.questions.count() == 8


def test_a_student_is_refused_every_teacher_url(client, student, day2_set):
    client.force_login(student)
    for method, url, data in teacher_urls(day2_set):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
        assert "老師的工作區" in response.content.decode()


def test_a_visitor_is_sent_to_log_in(client, day2_set):
    for method, url, data in teacher_urls(day2_set):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_an_admin_sees_every_teachers_sets(admin_client, day2_set):
    dashboard = admin_client.get(reverse("teacher_dashboard")).content.decode()
    assert day2_set.title in dashboard
    assert admin_client.get(reverse("teacher_set", args=[day2_set.pk])).status_code == 200


def test_a_teacher_builds_a_set_scoped_to_day_two(teacher_client, teacher):
    response = teacher_client.post(reverse("teacher_set_new"), build_data())
    assert response.status_code == 303
    question_set = QuestionSet.objects.get()
    assert question_set.owner == teacher and question_set.status == SetStatus.DRAFT
    questions = list(question_set.questions.all())
    assert len(questions) == 10
    event_ids = {link.event_id for q in questions for link in q.facts.all() if link.event_id}
    assert set(Event.objects.filter(pk__in=event_ids).values_list("phase", flat=True)) == {"day2"}
    preview = teacher_client.get(response["Location"]).content.decode()
    assert "答案" in preview and questions[0].prompt in preview


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "請輸入題組標題"),
        ({"phases": ["day2"], "people": ["donald-trump"]}, "只能出 0 題"),
        ({"count": "45", "kinds": ["time"]}, "少於要求的 45 題"),
        ({"time_limit_minutes": "0"}, "時間限制至少 1 分鐘"),
        ({"time_limit_minutes": "-5"}, "時間限制至少 1 分鐘"),
        ({"kinds": []}, "請至少選一種題型"),
        ({"date_from": "2018-09-20", "date_to": "2018-09-18"}, "結束日期不能早於開始日期"),
    ],
)
def test_bad_build_input_is_refused_in_the_form_and_nothing_saved(
    teacher_client, overrides, message
):
    response = teacher_client.post(reverse("teacher_set_new"), build_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not QuestionSet.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_replace_gives_another_question_of_the_same_kind(teacher_client, day2_set, htmx):
    question = day2_set.questions.order_by("position").first()
    response = teacher_client.post(
        reverse("teacher_question_replace", args=[day2_set.pk, question.pk]),
        headers=HTMX if htmx else {},
    )
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert (
            "<html" not in response.content.decode()
            and 'id="questions"' in response.content.decode()
        )
    new = day2_set.questions.get(position=question.position, is_active=True)
    assert (
        new.pk != question.pk
        and new.kind == question.kind
        and new.prompt + str(new.options) != question.prompt + str(question.options)
    )
    assert day2_set.questions.filter(is_active=True).count() == 8


@pytest.mark.parametrize("htmx", [False, True])
def test_editing_wording_keeps_the_key_on_the_same_answer(teacher_client, day2_set, htmx):
    question = day2_set.questions.exclude(kind="ordering").order_by("position").first()
    key_text = question.options[question.key[0]]
    data = {"prompt": "改寫的題幹？"}
    for index, text in enumerate(question.options):
        data[f"option_{index}"] = text + "（改）"
    response = teacher_client.post(
        reverse("teacher_question_edit", args=[day2_set.pk, question.pk]),
        data,
        headers=HTMX if htmx else {},
    )
    assert response.status_code == (200 if htmx else 303)
    question.refresh_from_db()
    assert question.prompt == "改寫的題幹？"
    assert question.options[question.key[0]] == key_text + "（改）"


def test_the_edit_form_opens_inline_under_htmx(teacher_client, day2_set):
    question = day2_set.questions.first()
    url = reverse("teacher_question_edit", args=[day2_set.pk, question.pk])
    partial = teacher_client.get(url, headers=HTMX).content.decode()
    assert "<html" not in partial and 'name="option_0"' in partial
    assert "<html" in teacher_client.get(url).content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"option_1": ""}, "選項不可空白"),
        ({"option_1": "@option_0"}, "有兩個選項相同"),
        ({"prompt": "   "}, "請輸入題幹"),
    ],
)
def test_an_edit_that_would_break_the_question_is_refused(
    teacher_client, day2_set, change, message
):
    question = day2_set.questions.exclude(kind="ordering").order_by("position").first()
    before = (question.prompt, list(question.options))
    data = {"prompt": question.prompt, **{f"option_{i}": t for i, t in enumerate(question.options)}}
    data.update(change)
    if data.get("option_1") == "@option_0":
        data["option_1"] = question.options[0]
    response = teacher_client.post(
        reverse("teacher_question_edit", args=[day2_set.pk, question.pk]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    question.refresh_from_db()
    assert (question.prompt, list(question.options)) == before


def test_editing_a_published_question_leaves_finished_attempts_as_they_were(
    client, teacher, day2_set
):
    from quizapp.quizzes.services.question_sets import question_set_publish

    question_set_publish(question_set=day2_set)
    attempt = start_attempt(client, day2_set)
    while True:
        attempt.refresh_from_db()
        if attempt.is_finished:
            break
        post_answer(client, attempt, answer_data(attempt))
        post_next(client, attempt)

    def review() -> str:
        html = client.get(reverse("attempt_results", args=[attempt.public_id])).content.decode()
        return html[html.index('id="results-title"') : html.index("</main>")]

    before = review()
    question = day2_set.questions.exclude(kind="ordering").order_by("position").first()
    old_prompt = question.prompt
    teacher_client = type(client)()
    teacher_client.force_login(teacher)
    data = {
        "prompt": "新的題幹",
        **{f"option_{i}": t + "！" for i, t in enumerate(question.options)},
    }
    assert (
        teacher_client.post(
            reverse("teacher_question_edit", args=[day2_set.pk, question.pk]), data
        ).status_code
        == 303
    )
    question.refresh_from_db()
    assert not question.is_active and question.prompt == old_prompt
    assert day2_set.questions.get(is_active=True, position=question.position).prompt == "新的題幹"
    assert review() == before
    assert old_prompt in before
    attempt.refresh_from_db()
    assert attempt.score == 8.0


def test_a_teacher_adds_their_own_questions(teacher_client, day2_set):
    url = reverse("teacher_question_add", args=[day2_set.pk])
    choice = {
        "kind": "choice",
        "prompt": "文在寅是第幾位訪問北韓的南韓總統？",
        "options": "第一位\n第二位\n第三位",
        "key": "3",
    }
    assert teacher_client.post(url, choice).status_code == 303
    ordering = {
        "kind": "ordering",
        "prompt": "排列",
        "options": "出發\n抵達\n會談\n晚宴",
        "key": "",
    }
    assert teacher_client.post(url, ordering).status_code == 303
    mine = list(day2_set.questions.filter(written_by_teacher=True).order_by("position"))
    assert mine[0].options[mine[0].key[0]] == "第三位"
    assert [mine[1].options[i] for i in mine[1].key] == ["出發", "抵達", "會談", "晚宴"]
    assert [
        q.position for q in day2_set.questions.filter(is_active=True).order_by("position")
    ] == list(range(1, 11))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "choice", "prompt": "問題", "options": "甲\n甲", "key": "1"}, "有兩個選項相同"),
        (
            {"kind": "choice", "prompt": "問題", "options": "甲\n乙", "key": "5"},
            "正確答案要填 1 到 2 之間的行數",
        ),
        (
            {"kind": "ordering", "prompt": "排列", "options": "甲\n乙", "key": ""},
            "至少要有 3 個選項",
        ),
    ],
)
def test_a_broken_own_question_is_refused(teacher_client, day2_set, data, message):
    response = teacher_client.post(reverse("teacher_question_add", args=[day2_set.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not day2_set.questions.filter(written_by_teacher=True).exists()


def test_reorder_and_delete(teacher_client, day2_set):
    first, second = day2_set.questions.order_by("position")[:2]
    teacher_client.post(
        reverse("teacher_question_move", args=[day2_set.pk, second.pk]), {"direction": "up"}
    )
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.position, first.position) == (1, 2)
    teacher_client.post(reverse("teacher_question_delete", args=[day2_set.pk, second.pk]))
    assert not Question.objects.filter(pk=second.pk).exists()
    assert [q.position for q in day2_set.questions.order_by("position")] == list(range(1, 8))


def test_settings_publish_close_and_duplicate(teacher_client, day2_set, client):
    settings_url = reverse("teacher_set_settings", args=[day2_set.pk])
    bad = teacher_client.post(
        settings_url,
        {
            "title": "新標題",
            "feedback_mode": "deferred",
            "attempts_allowed": "2",
            "time_limit_minutes": "0",
            "ordering_grading": "pairs",
        },
    )
    assert bad.status_code == 400 and "時間限制至少 1 分鐘" in bad.content.decode()
    good = teacher_client.post(
        settings_url,
        {
            "title": "新標題",
            "feedback_mode": "deferred",
            "attempts_allowed": "2",
            "time_limit_minutes": "20",
            "ordering_grading": "all_or_nothing",
            "shuffle_options": "on",
        },
    )
    assert good.status_code == 303
    day2_set.refresh_from_db()
    assert (
        day2_set.title,
        day2_set.time_limit_minutes,
        day2_set.attempts_allowed,
        day2_set.shuffle_options,
    ) == ("新標題", 20, 2, True)
    teacher_client.post(reverse("teacher_set_publish", args=[day2_set.pk]))
    day2_set.refresh_from_db()
    assert day2_set.status == SetStatus.PUBLISHED and len(day2_set.join_code) == 8
    assert (
        day2_set.join_code
        in teacher_client.get(reverse("teacher_set", args=[day2_set.pk])).content.decode()
    )
    teacher_client.post(reverse("teacher_set_close", args=[day2_set.pk]))
    refused = client.post(reverse("set_start", args=[day2_set.join_code]), {"display_name": "王"})
    assert refused.status_code == 404
    copy = teacher_client.post(reverse("teacher_set_duplicate", args=[day2_set.pk]))
    duplicate = QuestionSet.objects.exclude(pk=day2_set.pk).get()
    assert copy["Location"] == reverse("teacher_set", args=[duplicate.pk])
    assert duplicate.status == SetStatus.DRAFT and not duplicate.join_code
    assert [q.prompt for q in duplicate.questions.order_by("position")] == [
        q.prompt for q in day2_set.questions.order_by("position")
    ]


def finish_attempts(client_factory, question_set, answers_right: list[int]) -> None:
    from quizapp.quizzes.services.question_sets import question_set_publish

    question_set_publish(question_set=question_set)
    for number, right in enumerate(answers_right):
        client = client_factory()
        attempt = start_attempt(client, question_set, name=f"學生{number}")
        index = 0
        while True:
            attempt.refresh_from_db()
            if attempt.is_finished:
                break
            post_answer(client, attempt, answer_data(attempt, correct=index < right))
            post_next(client, attempt)
            index += 1


def test_results_show_students_item_statistics_histogram_and_csv(teacher_client, day2_set):
    from django.test import Client

    finish_attempts(Client, day2_set, [8, 5, 2])
    page = teacher_client.get(reverse("teacher_set_results", args=[day2_set.pk])).content.decode()
    assert "學生0" in page and "學生1" in page and "學生2" in page
    assert "<svg" in page and page.count('class="histogram__bar"') == 10
    assert "答對率" in page and "鑑別度" in page
    assert "已完成 3 次作答" in page
    csv_response = teacher_client.get(reverse("teacher_set_results_csv", args=[day2_set.pk]))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "學生" and len(rows) == 4
    scores = {row[0]: float(row[1]) for row in rows[1:]}
    assert scores["學生0"] == 8.0
    assert scores["學生0"] > scores["學生1"] > scores["學生2"]


def test_results_of_a_set_nobody_has_taken(teacher_client, day2_set):
    page = teacher_client.get(reverse("teacher_set_results", args=[day2_set.pk])).content.decode()
    assert "還沒有學生完成作答" in page and "還沒有人作答" in page


def test_moodle_xml_export_has_one_question_per_item(teacher_client, day2_set):
    response = teacher_client.get(reverse("teacher_set_export", args=[day2_set.pk, "xml"]))
    root = ET.fromstring(response.content)
    questions = root.findall("question")
    assert len(questions) == 8
    for element, question in zip(questions, day2_set.questions.order_by("position"), strict=True):
        assert element.get("type") == ("ordering" if question.is_ordering else "multichoice")
    gift = teacher_client.get(
        reverse("teacher_set_export", args=[day2_set.pk, "gift"])
    ).content.decode()
    assert gift.count("::") == 16


def test_the_admin_page_of_a_fact_lists_the_sets_using_it(admin_client, day2_set):
    question = day2_set.questions.order_by("position").first()
    event_id = next(link.event_id for link in question.facts.all() if link.event_id)
    page = admin_client.get(reverse("admin:facts_event_change", args=[event_id])).content.decode()
    assert day2_set.title in page
    assert "已完成的作答不會改變" in page


@pytest.mark.parametrize(
    "action",
    ["move", "delete", "replace", "edit", "add", "settings", "publish", "close"],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_every_action_answers_a_full_page_redirect_or_an_htmx_partial(
    teacher_client, day2_set, action, htmx
):
    question = day2_set.questions.exclude(kind="ordering").order_by("position").last()
    pk, qpk = day2_set.pk, question.pk
    url, data = {
        "move": (reverse("teacher_question_move", args=[pk, qpk]), {"direction": "up"}),
        "delete": (reverse("teacher_question_delete", args=[pk, qpk]), {}),
        "replace": (reverse("teacher_question_replace", args=[pk, qpk]), {}),
        "edit": (
            reverse("teacher_question_edit", args=[pk, qpk]),
            {
                "prompt": "新題幹",
                **{f"option_{i}": f"選項{i}" for i in range(len(question.options))},
            },
        ),
        "add": (
            reverse("teacher_question_add", args=[pk]),
            {"kind": "choice", "prompt": "自訂", "options": "甲\n乙\n丙", "key": "2"},
        ),
        "settings": (
            reverse("teacher_set_settings", args=[pk]),
            {
                "title": "新標題",
                "feedback_mode": "immediate",
                "attempts_allowed": "0",
                "ordering_grading": "pairs",
            },
        ),
        "publish": (reverse("teacher_set_publish", args=[pk]), {}),
        "close": (reverse("teacher_set_close", args=[pk]), {}),
    }[action]
    response = teacher_client.post(url, data, headers=HTMX if htmx else {})
    if htmx:
        assert response.status_code == 200
        html = response.content.decode()
        assert "<html" not in html and 'id="questions"' in html
    else:
        assert response.status_code == 303
        assert response["Location"] == reverse("teacher_set", args=[pk])
