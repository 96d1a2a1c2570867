"""以學生身分預覽: a teacher takes their own set as a student would, and nothing of it
reaches results, statistics, counts or attempt limits."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizapp.accounts.roles import make_teacher
from quizapp.quizzes.models import Attempt, Question, QuestionSet
from quizapp.quizzes.selectors.results import set_results
from quizapp.quizzes.services.question_sets import question_set_close
from quizapp.vocabulary import AttemptState, FeedbackMode, ReviewMoment, SetStatus
from tests.quizzes.factories import (
    EXPLANATION,
    answer_data,
    finish,
    owned_set,
    post_answer,
    post_next,
    start_attempt,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
BANNER = "預覽模式：作答不會列入成績"


def draft_set(teacher, **kwargs) -> QuestionSet:
    """A set as `owned_set` builds it, put back to a draft: no join code yet."""
    question_set = owned_set(teacher, **kwargs)
    question_set.status = SetStatus.DRAFT
    question_set.join_code = None
    question_set.save()
    return question_set


def preview_url(question_set: QuestionSet) -> str:
    return reverse("teacher_set_preview", args=[question_set.pk])


def start_preview(client: Client, question_set: QuestionSet) -> Attempt:
    response = client.post(preview_url(question_set))
    assert response.status_code == 303, response.content.decode()[:500]
    attempt = Attempt.objects.previews().get(question_set=question_set)
    assert response["Location"] == reverse("attempt_page", args=[attempt.public_id])
    return attempt


def page(client: Client, name: str, attempt: Attempt) -> str:
    response = client.get(reverse(name, args=[attempt.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_teacher_previews_a_draft_from_the_start_page_to_the_review(teacher_client):
    quiz = draft_set(teacher_client.teacher)
    set_url = reverse("teacher_set", args=[quiz.pk])
    assert "以學生身分預覽" in teacher_client.get(set_url).content.decode()

    start = teacher_client.get(preview_url(quiz)).content.decode()
    assert BANNER in start and f'href="{set_url}"' in start
    assert quiz.title in start and "共 4 題" in start and "開始作答" in start
    assert f'action="{preview_url(quiz)}"' in start

    attempt = start_preview(teacher_client, quiz)
    assert attempt.is_preview and attempt.user == teacher_client.teacher
    number = 0
    while not attempt.is_finished:
        question_page = page(teacher_client, "attempt_page", attempt)
        assert BANNER in question_page and f'href="{set_url}"' in question_page
        # Half the answers as plain form posts, half as htmx partials.
        shape = HTMX if number % 2 else {}
        response = post_answer(teacher_client, attempt, answer_data(attempt), headers=shape)
        assert response.status_code == (200 if shape else 303)
        if shape:
            assert "答對了！" in response.content.decode()
        next_response = post_next(teacher_client, attempt, headers=shape)
        assert next_response.status_code == (200 if shape else 303)
        attempt.refresh_from_db()
        number += 1
    assert number == 4 and attempt.score == 4

    review = page(teacher_client, "attempt_results", attempt)
    assert BANNER in review and f'href="{set_url}"' in review
    assert "得分 <strong>4</strong> / 4" in review
    assert f"{EXPLANATION}（0）" in review and "正確答案" in review
    assert "再預覽一次" in review
    # Back on the start page, the finished preview is there to review again.
    again = teacher_client.get(preview_url(quiz)).content.decode()
    assert reverse("attempt_results", args=[attempt.public_id]) in again


def test_after_a_preview_results_statistics_counts_and_limits_are_as_if_it_never_happened(
    teacher_client, client
):
    quiz = owned_set(teacher_client.teacher, attempts_allowed=1)
    student_attempt = start_attempt(client, quiz, name="王小明")
    finish(client, student_attempt, correct=False)
    results_url = reverse("teacher_set_results", args=[quiz.pk])
    csv_url = reverse("teacher_set_results_csv", args=[quiz.pk])
    before_csv = teacher_client.get(csv_url).content
    before = set_results(question_set=quiz)

    finish(teacher_client, start_preview(teacher_client, quiz))

    assert teacher_client.get(csv_url).content == before_csv
    assert set_results(question_set=quiz) == before
    results_page = teacher_client.get(results_url).content.decode()
    assert "<td>王小明 <span" in results_page and ">lin<" not in results_page
    assert "已完成 1 次作答，另有 0 次進行中" in results_page
    set_page = teacher_client.get(reverse("teacher_set", args=[quiz.pk])).content.decode()
    assert "成績與分析（1）" in set_page
    dashboard = teacher_client.get(reverse("teacher_dashboard")).content.decode()
    assert f'{results_url}">1</a>' in dashboard
    # The teacher's own home page lists no preview among 「我的作答」.
    assert quiz.title not in teacher_client.get(reverse("home")).content.decode()

    # A preview left in progress is no attempt "in progress" either.
    start_preview(teacher_client, quiz)
    assert set_results(question_set=quiz) == before

    # The set's single attempt is still there for anyone who has not used it: another
    # student, and the teacher joining with the code like a student.
    other = Client()
    start_attempt(other, quiz, name="李小華")
    teacher_start = teacher_client.get(quiz.join_url).content.decode()
    assert "你還可以作答 1 次" in teacher_start and "你有一次還沒完成的作答" not in teacher_start
    assert teacher_client.post(quiz.join_url).status_code == 303
    # Starting that real attempt left the preview in progress as it was.
    assert Attempt.objects.previews().get().state == AttemptState.IN_PROGRESS


def test_closing_a_set_neither_counts_nor_cuts_short_a_preview_in_progress(teacher_client):
    quiz = owned_set(teacher_client.teacher)
    preview = start_preview(teacher_client, quiz)
    response = teacher_client.post(reverse("teacher_set_close", args=[quiz.pk]))
    # Nobody is answering, so no 「關閉作答？」 question: the set closes at once.
    assert response.status_code == 303
    quiz.refresh_from_db()
    assert quiz.status == SetStatus.CLOSED
    preview.refresh_from_db()
    assert preview.deadline is None
    assert post_answer(teacher_client, preview, answer_data(preview)).status_code == 303


def test_a_second_preview_discards_the_first(teacher_client):
    quiz = draft_set(teacher_client.teacher)
    first = start_preview(teacher_client, quiz)
    post_answer(teacher_client, first, answer_data(first))
    second = start_preview(teacher_client, quiz)
    assert list(Attempt.objects.all()) == [second]
    assert teacher_client.get(reverse("attempt_page", args=[first.public_id])).status_code == 404


def test_only_the_sets_owner_or_an_admin_may_preview(teacher_client, django_user_model, client):
    quiz = draft_set(teacher_client.teacher)
    other = django_user_model.objects.create_user(username="chen", password="a-long-pass-2")
    make_teacher(other)
    client.force_login(other)
    assert client.get(preview_url(quiz)).status_code == 404
    assert client.post(preview_url(quiz)).status_code == 404
    student = django_user_model.objects.create_user(username="mei", password="a-long-pass-3")
    client.force_login(student)
    assert client.post(preview_url(quiz)).status_code == 403
    assert not Attempt.objects.exists()
    # Nor can anyone else open the teacher's preview.
    preview = start_preview(teacher_client, quiz)
    assert client.get(reverse("attempt_page", args=[preview.public_id])).status_code == 404
    admin = django_user_model.objects.create_superuser(username="root", password="a-long-pass-4")
    client.force_login(admin)
    assert client.post(preview_url(quiz)).status_code == 303


@pytest.mark.parametrize(
    ("review", "keys_shown", "why"),
    [
        (ReviewMoment.AFTER_ATTEMPT, True, ""),
        (
            ReviewMoment.AFTER_CLOSE,
            False,
            "答案和解說的公布時間設定為「題組關閉後」，學生現在還看不到",
        ),
        (ReviewMoment.NEVER, False, "這個題組設定不公布答案和解說，學生只看得到分數"),
    ],
)
def test_the_review_of_a_preview_shows_what_the_review_option_shows_a_student(
    teacher_client, review, keys_shown, why
):
    # An open, published set: "after the set closes" has not come yet.
    quiz = owned_set(teacher_client.teacher, feedback_mode=FeedbackMode.DEFERRED)
    quiz.review = review
    quiz.save()
    preview = finish(teacher_client, start_preview(teacher_client, quiz))
    page_text = page(teacher_client, "attempt_results", preview)
    assert BANNER in page_text and "得分" in page_text
    assert (f"{EXPLANATION}（0）" in page_text) is keys_shown
    assert ("正確答案" in page_text) is keys_shown
    if why:
        assert why in page_text
    if review == ReviewMoment.AFTER_CLOSE:
        question_set_close(question_set=quiz, grace=datetime.timedelta(0))
        closed = page(teacher_client, "attempt_results", preview)
        assert f"{EXPLANATION}（0）" in closed and why not in closed


def test_a_preview_ignores_times_status_limits_and_the_account_rule_but_keeps_the_rest(
    teacher_client,
):
    quiz = owned_set(
        teacher_client.teacher,
        feedback_mode=FeedbackMode.DEFERRED,
        time_limit_minutes=20,
        attempts_allowed=1,
    )
    quiz.opens_at = timezone.now() + datetime.timedelta(days=1)
    quiz.closes_at = timezone.now() + datetime.timedelta(days=1, minutes=5)
    quiz.requires_account = True
    quiz.status = SetStatus.CLOSED
    quiz.save()
    start_page = teacher_client.get(preview_url(quiz)).content.decode()
    assert "開始作答" in start_page and "限時 20 分鐘" in start_page
    for _ in range(2):
        preview = start_preview(teacher_client, quiz)
    assert preview.feedback_mode == FeedbackMode.DEFERRED
    # The time limit runs; the set's close time does not cap it.
    assert preview.deadline is not None
    left = preview.deadline - timezone.now()
    assert datetime.timedelta(minutes=19) < left <= datetime.timedelta(minutes=20)
    assert "作答期限" in page(teacher_client, "attempt_page", preview)


def test_a_preview_of_a_set_without_questions_says_so(teacher_client):
    quiz = QuestionSet.objects.create(title="空的草稿", owner=teacher_client.teacher)
    response = teacher_client.post(preview_url(quiz))
    assert response.status_code == 403
    assert (
        "這個題組還沒有題目。" in response.content.decode() and BANNER in response.content.decode()
    )
    assert not Attempt.objects.exists()


def test_editing_a_previewed_draft_changes_questions_in_place_and_drops_the_preview(
    teacher_client,
):
    quiz = draft_set(teacher_client.teacher)
    start_preview(teacher_client, quiz)
    set_page = teacher_client.get(reverse("teacher_set", args=[quiz.pk])).content.decode()
    assert "已經有學生作答" not in set_page
    question = quiz.questions.first()
    response = teacher_client.post(
        reverse("teacher_question_delete", args=[quiz.pk, question.pk]), headers=HTMX
    )
    assert response.status_code == 200
    # Deleted outright, not retired as an answered question is; the preview went with it.
    assert not Question.objects.filter(pk=question.pk).exists()
    assert not Attempt.objects.exists()


def test_a_guest_attempt_moves_into_the_account_whatever_the_teachers_previews(teacher_client):
    quiz = owned_set(teacher_client.teacher, attempts_allowed=1)
    start_preview(teacher_client, quiz)
    teacher_client.logout()
    guest_attempt = start_attempt(teacher_client, quiz, name="林老師")
    response = teacher_client.post(
        reverse("login"), {"username": "lin", "password": "a-long-pass-1"}, follow=True
    )
    assert "已經移到你的帳號" in response.content.decode()
    guest_attempt.refresh_from_db()
    assert guest_attempt.user == teacher_client.teacher


def test_an_option_dropped_from_a_previewed_question_ends_the_preview_not_the_page(
    teacher_client,
):
    """Changed in place, the question no longer has the option the preview dealt."""
    quiz = draft_set(teacher_client.teacher, multiple_choice=3, ordering=0)
    preview = start_preview(teacher_client, quiz)
    for question in quiz.questions.all():
        data = {"prompt": question.prompt, "key": "1", "remove_3": "on"}
        data.update({f"option_{i}": text for i, text in enumerate(question.options)})
        url = reverse("teacher_question_edit", args=[quiz.pk, question.pk])
        assert teacher_client.post(url, data).status_code == 303
    assert all(len(q.options) == 3 for q in quiz.questions.all())
    assert teacher_client.get(reverse("attempt_page", args=[preview.public_id])).status_code == 404
