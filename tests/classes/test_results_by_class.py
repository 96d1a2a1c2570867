"""A set's results class by class: the filter, who has not started, one student's attempt
in detail, the per-response CSV, first or all attempts, the caution with few students,
previews left out, and a fixed number of queries whatever the class size."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizapp.accounts.roles import make_teacher
from quizapp.quizzes.models import QuestionSet
from quizapp.vocabulary import FeedbackMode, ReviewMoment
from tests.classes.factories import (
    assign,
    enrol,
    enrol_many,
    make_class,
    make_student,
    take,
)
from tests.quizzes.factories import owned_set

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def results_url(question_set: QuestionSet, **query: object) -> str:
    url = reverse("teacher_set_results", args=[question_set.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(question_set: QuestionSet, user_id: int) -> str:
    return reverse("teacher_student_attempt", args=[question_set.pk, user_id])


def csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.fixture
def other_teacher(django_user_model):
    teacher = django_user_model.objects.create_user(username="chen", password="a-long-pass-2")
    make_teacher(teacher)
    return teacher


@pytest.fixture
def two_classes(teacher_client):
    """A set assigned to 三年二班; 三年五班 also taught by the teacher. Each has one student
    who finished and one who has not started."""
    quiz = owned_set(teacher_client.teacher, multiple_choice=2, ordering=1)
    second = make_class(teacher_client.teacher, name="三年二班")
    fifth = make_class(teacher_client.teacher, name="三年五班")
    assign(second, quiz)
    mei = enrol(second, name="林小美", seat_number=7)
    enrol(second, name="張志明", seat_number=3)
    hao = enrol(fifth, name="陳小豪", seat_number=12)
    enrol(fifth, name="王大同", seat_number=1)
    take(quiz, mei.student, right=2)
    take(quiz, hao.student, right=1)
    return quiz, second, fifth


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_class_filter_shows_only_its_students_with_seat_and_roster_name(
    teacher_client, two_classes, htmx
):
    quiz, second, _fifth = two_classes
    response = teacher_client.get(
        results_url(quiz, **{"class": second.pk}), headers=HTMX if htmx else {}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "林小美" in html and "<td>7</td>" in html
    assert "陳小豪" not in html
    assert ("<html" in html) is not htmx and 'id="results"' in html
    assert "HX-Request" in response["Vary"]
    everyone = teacher_client.get(results_url(quiz)).content.decode()
    assert "林小美" not in everyone  # without a class, students go by their account
    assert everyone.count("teacher/sets/") >= 2 and "三年五班" in everyone


def test_the_class_list_offers_the_assigned_classes_first(teacher_client, two_classes):
    quiz, _second, _fifth = two_classes
    html = teacher_client.get(results_url(quiz)).content.decode()
    assigned = html.index("指派了這個題組的班級")
    assert assigned < html.index("三年二班") < html.index("其他班級") < html.index("三年五班")


def test_a_class_lists_its_current_members_who_have_not_started(teacher_client, two_classes):
    quiz, second, _fifth = two_classes
    answering = enrol(second, name="李在作答", seat_number=9)
    take(quiz, answering.student, finish=False, answer_count=1)
    removed = enrol(second, name="轉學生", seat_number=20)
    removed.removed_at = timezone.now()
    removed.save()
    html = teacher_client.get(results_url(quiz, **{"class": second.pk})).content.decode()
    not_started = html[html.index("還沒開始作答") :]
    not_started = not_started[: not_started.index("</section>")]
    assert "<td>3</td><td>張志明</td>" in not_started
    assert "林小美" not in not_started and "李在作答" not in not_started
    assert "轉學生" not in html


@pytest.mark.parametrize("wanted", ["theirs", "abc", "999999"])
def test_a_class_the_teacher_does_not_teach_is_not_found(
    teacher_client, two_classes, other_teacher, wanted
):
    quiz, _second, _fifth = two_classes
    theirs = make_class(other_teacher, name="別班")
    class_id = theirs.pk if wanted == "theirs" else wanted
    for name in ("teacher_set_results", "teacher_set_results_csv", "teacher_set_responses_csv"):
        url = reverse(name, args=[quiz.pk]) + f"?class={class_id}"
        assert teacher_client.get(url).status_code == 404, name


def test_the_student_page_shows_answers_scores_seconds_and_the_key_labelled(teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=2, ordering=1)
    quiz.review = ReviewMoment.NEVER
    quiz.save()
    school_class = make_class(teacher_client.teacher)
    mei = enrol(school_class, name="林小美", seat_number=7)
    take(quiz, mei.student, right=1, seconds=[12, 34, 56])
    html = teacher_client.get(detail_url(quiz, mei.student.pk)).content.decode()
    assert "林小美" in html and "7 號" in html
    assert "12 秒" in html and "34 秒" in html and "56 秒" in html
    assert html.count("正確</span>") == 1 and html.count("錯誤</span>") == 2
    assert "學生的選擇" in html and "學生的順序" in html and "得分 <strong>1</strong> / 3" in html
    # The set shows its students no key: the teacher sees it, labelled as theirs alone.
    assert "只有老師看得到答案" in html and "學生也看得到答案" not in html
    assert "學生的作答結果頁只顯示分數" in html
    assert "2018年9月18日" in html  # the key of the choice questions

    quiz.review = ReviewMoment.AFTER_ATTEMPT
    quiz.save()
    html = teacher_client.get(detail_url(quiz, mei.student.pk)).content.decode()
    assert "學生也看得到答案" in html and "只有老師看得到答案" not in html


def test_the_student_page_swaps_its_detail_under_htmx(teacher_client, two_classes):
    quiz, second, _fifth = two_classes
    mei = second.memberships.get(name="林小美")
    response = teacher_client.get(detail_url(quiz, mei.student_id), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="attempt-detail"' in html and "學生的選擇" in html


def test_the_student_page_picks_their_latest_finished_attempt_or_the_one_asked_for(teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=2, ordering=0)
    student = make_student("mei")
    earlier = take(quiz, student, right=0, started_at=timezone.now() - datetime.timedelta(days=2))
    take(quiz, student, right=2, started_at=timezone.now() - datetime.timedelta(days=1))
    take(quiz, student, finish=False, answer_count=1)  # in progress, newest
    url = detail_url(quiz, student.pk)
    assert "得分 <strong>2</strong> / 2" in teacher_client.get(url).content.decode()
    picked = teacher_client.get(f"{url}?attempt={earlier.public_id}").content.decode()
    assert "得分 <strong>0</strong> / 2" in picked and "第 3 次" in picked
    assert teacher_client.get(f"{url}?attempt=not-a-uuid").status_code == 404
    only_answering = make_student("hao")
    take(quiz, only_answering, finish=False, answer_count=1)
    answering = teacher_client.get(detail_url(quiz, only_answering.pk)).content.decode()
    assert "還在進行中" in answering and "未作答" in answering


def test_the_student_page_is_not_found_for_another_teachers_set_or_someone_without_an_attempt(
    teacher_client, other_teacher
):
    theirs = owned_set(other_teacher, multiple_choice=1, ordering=0)
    student = make_student("mei")
    take(theirs, student)
    assert teacher_client.get(detail_url(theirs, student.pk)).status_code == 404
    mine = owned_set(teacher_client.teacher, multiple_choice=1, ordering=0)
    assert teacher_client.get(detail_url(mine, student.pk)).status_code == 404
    other = take(mine, make_student("hao"))
    theirs_attempt = teacher_client.get(
        f"{detail_url(mine, other.user_id)}?attempt={theirs.attempts.get().public_id}"
    )
    assert theirs_attempt.status_code == 404


def test_the_responses_csv_has_a_row_per_student_and_question_made_safe(teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=2, ordering=1)
    second = make_class(teacher_client.teacher, name="三年二班")
    fifth = make_class(teacher_client.teacher, name="三年五班")
    formula = enrol(second, name='=HYPERLINK("http://e.x","f")', seat_number=4)
    both = enrol(second, name="林小美", seat_number=7)
    enrol(fifth, name="林小美", seat_number=2, student=both.student)
    take(quiz, formula.student, seconds=[5, 6, 7])
    take(quiz, both.student, right=0, seconds=[10, 20, 30])
    response = teacher_client.get(reverse("teacher_set_responses_csv", args=[quiz.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0] == [
        "班級", "座號", "姓名", "第幾次作答", "題目", "答案", "得分", "秒數", "作答時間",
    ]  # fmt: skip
    assert len(rows) == 1 + 2 * 3
    safe = [row for row in rows[1:] if row[1] == "4"]
    assert len(safe) == 3 and all(row[2] == "'" + formula.name for row in safe)
    theirs = [row for row in rows[1:] if row[2] == "林小美"]
    assert {row[0] for row in theirs} == {"三年二班 / 三年五班"}
    assert {row[1] for row in theirs} == {"7 / 2"}
    assert [row[7] for row in theirs] == ["10", "20", "30"]
    assert [row[6] for row in theirs] == ["0", "0", "0"]
    ordering = next(row for row in theirs if row[4].startswith("排序"))
    assert ordering[5].count(" → ") == 3 and ordering[5].startswith("歡迎晚宴")
    assert datetime.datetime.fromisoformat(theirs[0][8]).tzinfo is not None

    one_class = teacher_client.get(
        reverse("teacher_set_responses_csv", args=[quiz.pk]) + f"?class={fifth.pk}"
    )
    rows = csv_rows(one_class)
    assert len(rows) == 1 + 3 and {row[0] for row in rows[1:]} == {"三年五班"}


def test_the_results_page_links_the_responses_csv_with_the_filter(teacher_client, two_classes):
    quiz, second, _fifth = two_classes
    html = teacher_client.get(results_url(quiz, **{"class": second.pk, "attempts": "all"}))
    csv_url = reverse("teacher_set_responses_csv", args=[quiz.pk])
    assert f"{csv_url}?class={second.pk}&amp;attempts=all" in html.content.decode()


def test_statistics_on_first_attempts_or_all_differ_for_a_student_who_retried(teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=1, ordering=0)
    retrying, steady = make_student("mei"), make_student("hao")
    take(quiz, retrying, right=0)
    take(quiz, steady, right=1)
    take(quiz, retrying, right=1)
    first = teacher_client.get(results_url(quiz)).content.decode()
    assert "答對率 50%" in first and "作答 2 人" in first
    assert "只計每位學生第一次完成的作答" in first
    every = teacher_client.get(results_url(quiz, attempts="all")).content.decode()
    assert "答對率 67%" in every and "作答 3 次" in every
    assert "計入所有完成的作答" in every
    assert teacher_client.get(results_url(quiz, attempts="best")).status_code == 400


@pytest.mark.parametrize(("students", "cautioned"), [(9, True), (10, False)])
def test_statistics_carry_a_caution_under_ten_students(teacher_client, students, cautioned):
    quiz = owned_set(teacher_client.teacher, multiple_choice=1, ordering=0)
    school_class = make_class(teacher_client.teacher)
    for membership in enrol_many(school_class, students):
        take(quiz, membership.student)
    html = teacher_client.get(results_url(quiz)).content.decode()
    assert ("答對率和鑑別度會因為一兩位學生就大幅變動" in html) is cautioned
    assert html.index("統計") < html.index("分數分布")


def test_preview_attempts_are_never_counted(teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=2, ordering=0)
    school_class = make_class(teacher_client.teacher)
    member = enrol(school_class, name="林小美", seat_number=1)
    take(quiz, member.student, is_preview=True)
    take(quiz, teacher_client.teacher, is_preview=True)
    html = teacher_client.get(results_url(quiz, **{"class": school_class.pk})).content.decode()
    assert "已完成 0 次作答" in html and "還沒有學生完成作答" in html
    assert "<td>1</td><td>林小美</td>" in html  # still has not started, as far as results go
    everyone = teacher_client.get(results_url(quiz)).content.decode()
    assert "已完成 0 次作答，另有 0 次進行中" in everyone
    responses = csv_rows(teacher_client.get(reverse("teacher_set_responses_csv", args=[quiz.pk])))
    summary = csv_rows(teacher_client.get(reverse("teacher_set_results_csv", args=[quiz.pk])))
    assert len(responses) == 1 and len(summary) == 1
    assert teacher_client.get(detail_url(quiz, teacher_client.teacher.pk)).status_code == 404


@pytest.fixture(params=[5, 40], ids=["5 students", "40 students"])
def class_of(request, teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=3, ordering=1)
    school_class = make_class(teacher_client.teacher)
    assign(school_class, quiz)
    members = enrol_many(school_class, request.param)
    for membership in members:
        take(quiz, membership.student, right=2)
    enrol(school_class, name="還沒開始", seat_number=99)
    return quiz, school_class, members


# Session, user, permission (2), set, expiry, then each page's own reads.
RESULTS_BY_CLASS_QUERIES = 11
STUDENT_PAGE_QUERIES = 10


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_the_results_by_class_cost_the_same_queries_at_any_class_size(
    teacher_client, class_of, django_assert_num_queries, htmx
):
    quiz, school_class, members = class_of
    with django_assert_num_queries(RESULTS_BY_CLASS_QUERIES):
        response = teacher_client.get(
            results_url(quiz, **{"class": school_class.pk}), headers=HTMX if htmx else {}
        )
    assert response.status_code == 200 and members[-1].name in response.content.decode()


def test_the_student_page_costs_the_same_queries_at_any_class_size(
    teacher_client, class_of, django_assert_num_queries
):
    quiz, _school_class, members = class_of
    with django_assert_num_queries(STUDENT_PAGE_QUERIES):
        response = teacher_client.get(detail_url(quiz, members[-1].student_id))
    assert response.status_code == 200 and members[-1].name in response.content.decode()


def test_the_results_of_a_set_of_another_teacher_are_not_found(client, other_teacher):
    quiz = owned_set(other_teacher, multiple_choice=1, ordering=0)
    mine = Client()
    teacher = make_student("lin")
    make_teacher(teacher)
    mine.force_login(teacher)
    for name in ("teacher_set_results", "teacher_set_responses_csv"):
        assert mine.get(reverse(name, args=[quiz.pk])).status_code == 404


def test_deferred_feedback_sets_work_too(teacher_client):
    quiz = owned_set(teacher_client.teacher, multiple_choice=2, ordering=0)
    quiz.feedback_mode = FeedbackMode.DEFERRED
    quiz.review = ReviewMoment.AFTER_ATTEMPT
    quiz.save()
    student = make_student("mei")
    take(quiz, student, right=1)
    html = teacher_client.get(detail_url(quiz, student.pk)).content.decode()
    assert "得分 <strong>1</strong> / 2" in html


def test_the_summary_csv_of_a_class_has_a_row_for_every_student(teacher_client, two_classes):
    quiz, second, _fifth = two_classes
    url = reverse("teacher_set_results_csv", args=[quiz.pk])
    rows = csv_rows(teacher_client.get(url, {"class": second.pk}))
    by_seat = {row[0]: row for row in rows[1:]}
    assert set(by_seat) == {"7", "3"}
    assert by_seat["3"][1] == "張志明" and by_seat["3"][3] == "" and by_seat["3"][-1] == "0"
