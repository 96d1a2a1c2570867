"""Objects for the quiz tests: a published set, an attempt, the answer a page would post."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from quizapp.quizzes.models import Attempt, AttemptSlot, Question, QuestionSet
from quizapp.quizzes.services.question_sets import question_set_publish
from quizapp.vocabulary import FeedbackMode, SetStatus

EXPLANATION = "9時50分，專機抵達平壤順安國際機場，文在寅伉儷獲金正恩和夫人李雪主迎接。"


def make_set(
    *,
    multiple_choice: int = 3,
    ordering: int = 1,
    feedback_mode: str = FeedbackMode.IMMEDIATE,
    time_limit_minutes: int | None = None,
    attempts_allowed: int = 0,
    title: str = "測試題組",
) -> QuestionSet:
    question_set = QuestionSet.objects.create(
        title=title,
        feedback_mode=feedback_mode,
        time_limit_minutes=time_limit_minutes,
        attempts_allowed=attempts_allowed,
    )
    position = 0
    for number in range(multiple_choice):
        position += 1
        Question.objects.create(
            question_set=question_set,
            position=position,
            kind="date",
            prompt=f"第{number}題：「文在寅的專機抵達平壤順安國際機場」是在哪一天？",
            options=["2018年9月17日", "2018年9月18日", "2018年9月19日", "2018年9月20日"],
            key=[1],
            explanation=f"{EXPLANATION}（{number}）",
            footnotes=[38],
        )
    for number in range(ordering):
        position += 1
        Question.objects.create(
            question_set=question_set,
            position=position,
            kind="ordering",
            prompt=f"排序{number}：請把下列事件依時間先後，由早到晚排列。",
            options=[
                f"{item}（{number}）" for item in ("抵達機場", "乘車巡遊", "舉行會談", "歡迎晚宴")
            ],
            key=[0, 1, 2, 3],
            explanation=f"上午9時50分：抵達機場；下午3時45分：舉行會談（{number}）。",
            footnotes=[38, 44],
        )
    question_set_publish(question_set=question_set)
    question_set.refresh_from_db()
    assert question_set.status == SetStatus.PUBLISHED
    return question_set


def start_attempt(client: Client, question_set: QuestionSet, name: str = "王小明") -> Attempt:
    response = client.post(
        reverse("set_start", args=[question_set.join_code]), {"display_name": name}
    )
    assert response.status_code == 303, response.content.decode()[:500]
    return Attempt.objects.filter(question_set=question_set).latest("started_at")


def current_slot(attempt: Attempt) -> tuple[AttemptSlot, Question]:
    attempt.refresh_from_db()
    slot = attempt.current_slot
    return slot, Question.objects.get(pk=slot.question_id)


def answer_data(attempt: Attempt, *, correct: bool = True) -> dict[str, Any]:
    """A form body answering the current question, right or wrong, as the page would send."""
    slot, question = current_slot(attempt)
    if question.is_ordering:
        by_index = dict(zip(slot.indices, slot.ids, strict=True))
        order = [by_index[i] for i in question.key]
        if not correct:
            order = order[::-1]
        return {"seq": attempt.seq, "order": order, "confirm": "1"}
    wanted = question.key[0] if correct else (question.key[0] + 1) % len(question.options)
    return {"seq": attempt.seq, "choice": slot.ids[slot.indices.index(wanted)]}


def post_answer(client: Client, attempt: Attempt, data: dict, **kwargs):
    return client.post(reverse("attempt_answer", args=[attempt.public_id]), data, **kwargs)


def post_next(client: Client, attempt: Attempt, **kwargs):
    attempt.refresh_from_db()
    return client.post(
        reverse("attempt_next", args=[attempt.public_id]), {"seq": attempt.seq}, **kwargs
    )


def finish(client: Client, attempt: Attempt, *, correct: bool = True) -> Attempt:
    """Answer every question left (right or wrong) and go on until the attempt ends."""
    while True:
        attempt.refresh_from_db()
        if attempt.is_finished:
            return attempt
        response = post_answer(client, attempt, answer_data(attempt, correct=correct))
        assert response.status_code in (200, 303), response.content.decode()[:300]
        if attempt.is_immediate:
            post_next(client, attempt)


def owned_set(teacher: Any, **kwargs: Any) -> QuestionSet:
    """A set as `make_set` builds it, belonging to the teacher."""
    question_set = make_set(**kwargs)
    question_set.owner = teacher
    question_set.save()
    return question_set
