"""Editing a question fully: its key, its options (3 to 5), the teacher's note and the
article sentence it quotes; generated questions stay generated only while the edit is
wording; answered questions keep their old version for the responses graded by it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from quizapp.accounts.roles import make_teacher
from quizapp.facts.models import Event
from quizapp.facts.selectors import article_sentences
from quizapp.quizzes.models import Attempt, Question, QuestionSet
from quizapp.vocabulary import FeedbackMode, ReviewMoment, SetStatus
from tests.quizzes.factories import (
    answer_data,
    current_slot,
    finish,
    owned_set,
    post_answer,
    post_next,
    start_attempt,
)

pytestmark = pytest.mark.usefixtures("facts")
HTMX = {"HX-Request": "true"}
SHAPES = pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])


def edit_url(question: Question) -> str:
    return reverse("teacher_question_edit", args=[question.question_set_id, question.pk])


def add_url(question_set: QuestionSet) -> str:
    return reverse("teacher_question_add", args=[question_set.pk])


def edit_data(question: Question, **changes: Any) -> dict[str, Any]:
    """What the edit form posts when the teacher changes only `changes`."""
    data: dict[str, Any] = {"prompt": question.prompt}
    data.update({f"option_{index}": text for index, text in enumerate(question.options)})
    data.update(changes)
    return data


def post_edit(client: Client, question: Question, data: dict[str, Any], *, htmx: bool):
    return client.post(edit_url(question), data, headers=HTMX if htmx else {})


def assert_saved(response, *, htmx: bool) -> None:
    assert response.status_code == (200 if htmx else 303), response.content.decode()[:500]


def assert_refused(response, message: str, *, htmx: bool) -> str:
    """A 400 with the form re-rendered in place (the list only, under htmx)."""
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert ("<html" in html) is not htmx and 'id="questions"' in html
    return html


def active(question: Question) -> Question:
    """The set's current question at `question`'s place (a new version after an edit of
    an answered one)."""
    return Question.objects.get(
        question_set=question.question_set, position=question.position, is_active=True
    )


def first_choice(question_set: QuestionSet) -> Question:
    return question_set.questions.exclude(kind="ordering").order_by("position").first()


def choose(client: Client, attempt: Attempt, option_index: int):
    """Answer the current multiple-choice question with the option at `option_index`."""
    slot, _question = current_slot(attempt)
    choice = slot.ids[slot.indices.index(option_index)]
    return post_answer(client, attempt, {"seq": attempt.seq, "choice": choice})


def review_html(client: Client, attempt: Attempt) -> str:
    html = client.get(reverse("attempt_results", args=[attempt.public_id])).content.decode()
    return html[html.index('id="results-title"') : html.index("</main>")]


# ---- the key ----


def test_the_edit_form_names_todays_key_in_words_and_checks_its_radio(teacher_client):
    question = first_choice(owned_set(teacher_client.teacher))
    html = teacher_client.get(edit_url(question), headers=HTMX).content.decode()
    assert "目前的答案" in html
    # The key is the second option (make_set): its radio is the checked one.
    assert re.findall(r'<input type="radio" name="key" value="(\d)"[^>]*checked', html) == ["1"]
    # A generated question says, before saving, what a new key would make of it.
    assert "就會變成你自訂的題目" in html


@SHAPES
def test_a_new_key_grades_later_students_and_leaves_earlier_responses_as_graded(
    client, teacher_client, htmx
):
    question_set = owned_set(teacher_client.teacher, multiple_choice=1, ordering=0)
    question = first_choice(question_set)
    earlier = finish(client, start_attempt(client, question_set, name="甲"))
    assert earlier.score == 1
    before = review_html(client, earlier)

    response = post_edit(teacher_client, question, edit_data(question, key="2"), htmx=htmx)
    assert_saved(response, htmx=htmx)

    question.refresh_from_db()
    new = active(question)
    assert not question.is_active and question.key == [1]  # kept for the earlier review
    assert new.pk != question.pk and new.key == [2] and new.written_by_teacher
    # The article sentence proved the old key: it does not stay under the new one.
    assert question.explanation and not new.explanation and not new.footnotes
    # Answers to the old key are not this question's statistics any more.
    assert new.revision_of is None
    earlier.refresh_from_db()
    assert earlier.score == 1 and review_html(client, earlier) == before
    assert "2018年9月18日" in before  # the old key, as the student was graded

    by_old_key = Client()
    attempt = start_attempt(by_old_key, question_set, name="乙")
    choose(by_old_key, attempt, 1)
    attempt.refresh_from_db()
    assert attempt.responses.get().score == 0
    by_new_key = Client()
    attempt = start_attempt(by_new_key, question_set, name="丙")
    choose(by_new_key, attempt, 2)
    assert attempt.responses.get().score == 1


def test_a_student_mid_attempt_keeps_the_key_they_started_with(client, teacher_client):
    question_set = owned_set(teacher_client.teacher, multiple_choice=2, ordering=0)
    attempt = start_attempt(client, question_set)
    ahead = question_set.questions.order_by("position")[1]
    assert teacher_client.post(edit_url(ahead), edit_data(ahead, key="3")).status_code == 303
    finish(client, attempt)  # answers each question by the key it holds
    attempt.refresh_from_db()
    assert attempt.score == 2
    assert attempt.responses.get(question=ahead).question.key == [1]


@SHAPES
def test_an_unanswered_question_takes_its_new_key_in_place(teacher_client, htmx):
    question_set = owned_set(teacher_client.teacher)
    question = first_choice(question_set)
    assert_saved(
        post_edit(teacher_client, question, edit_data(question, key="0"), htmx=htmx), htmx=htmx
    )
    question.refresh_from_db()
    assert question.is_active and question.key == [0] and question.written_by_teacher


@SHAPES
def test_the_key_must_be_a_filled_option_that_stays(teacher_client, htmx):
    question = first_choice(owned_set(teacher_client.teacher))
    blank = edit_data(question, key="4")  # the fifth row, left empty
    assert_refused(
        post_edit(teacher_client, question, blank, htmx=htmx),
        "正確答案要是有填文字的選項",
        htmx=htmx,
    )
    removed = edit_data(question, key="0", remove_0="on")
    assert_refused(
        post_edit(teacher_client, question, removed, htmx=htmx),
        "正確答案不能是要拿掉的選項",
        htmx=htmx,
    )
    question.refresh_from_db()
    assert question.key == [1] and len(question.options) == 4


# ---- 3 to 5 options ----


@SHAPES
@pytest.mark.parametrize(
    ("changes", "options"),
    [
        ({"remove_3": "on"}, ["2018年9月17日", "2018年9月18日", "2018年9月19日"]),
        ({}, ["2018年9月17日", "2018年9月18日", "2018年9月19日", "2018年9月20日"]),
        (
            {"option_4": " 2018年9月21日 "},
            ["2018年9月17日", "2018年9月18日", "2018年9月19日", "2018年9月20日", "2018年9月21日"],
        ),
    ],
    ids=["3", "4", "5"],
)
def test_an_edit_keeps_three_to_five_options(teacher_client, htmx, changes, options):
    question = first_choice(owned_set(teacher_client.teacher))
    response = post_edit(teacher_client, question, edit_data(question, **changes), htmx=htmx)
    assert_saved(response, htmx=htmx)
    question.refresh_from_db()
    assert question.options == options
    assert question.options[question.key[0]] == "2018年9月18日"  # the key followed its option
    # Another set of options makes it the teacher's own; the same four keep it generated.
    assert question.written_by_teacher is (len(options) != 4)


@SHAPES
def test_a_forged_extra_option_is_refused_not_quietly_dropped(teacher_client, htmx):
    question = first_choice(owned_set(teacher_client.teacher))
    before = list(question.options)
    data = edit_data(question, remove_3="on", option_7="偽造的選項")
    response = post_edit(teacher_client, question, data, htmx=htmx)
    assert_refused(response, "表單多了不認得的選項欄位", htmx=htmx)
    question.refresh_from_db()
    assert question.options == before


@SHAPES
def test_an_empty_prompt_says_so_in_chinese(teacher_client, htmx):
    question = first_choice(owned_set(teacher_client.teacher))
    response = post_edit(teacher_client, question, edit_data(question, prompt=" "), htmx=htmx)
    assert_refused(response, "請輸入題幹。", htmx=htmx)


@SHAPES
def test_a_prompt_longer_than_a_phone_screen_is_refused(teacher_client, htmx):
    question = first_choice(owned_set(teacher_client.teacher))
    response = post_edit(
        teacher_client, question, edit_data(question, prompt="長" * 501), htmx=htmx
    )
    assert_refused(response, "題幹最多 500 個字", htmx=htmx)


@SHAPES
@pytest.mark.parametrize(
    "changes",
    [
        {"remove_2": "on", "remove_3": "on"},
        {"option_4": "2018年9月21日", "option_5": "2018年9月22日"},
    ],
    ids=["2", "6"],
)
def test_an_edit_with_two_or_six_options_is_refused(teacher_client, htmx, changes):
    question = first_choice(owned_set(teacher_client.teacher))
    before = list(question.options)
    response = post_edit(teacher_client, question, edit_data(question, **changes), htmx=htmx)
    html = assert_refused(response, "選擇題要有 3 到 5 個選項", htmx=htmx)
    if "option_4" in changes:
        assert 'value="2018年9月21日"' in html  # what the teacher typed is still there
    question.refresh_from_db()
    assert question.options == before and not question.written_by_teacher


@SHAPES
def test_an_option_left_blank_without_being_ticked_off_is_refused(teacher_client, htmx):
    question = first_choice(owned_set(teacher_client.teacher))
    response = post_edit(teacher_client, question, edit_data(question, option_2=""), htmx=htmx)
    assert_refused(response, "要拿掉這個選項，請勾選「拿掉」", htmx=htmx)


@SHAPES
@pytest.mark.parametrize("twin", ["２０１８年９月１７日", " 2018年9月17日 ", "2018年9月17日"])
def test_two_options_alike_after_trimming_and_nfkc_are_refused(teacher_client, htmx, twin):
    question = first_choice(owned_set(teacher_client.teacher))
    response = post_edit(teacher_client, question, edit_data(question, option_4=twin), htmx=htmx)
    html = assert_refused(response, "有兩個選項相同：這一個和選項 1 一樣", htmx=htmx)
    assert 'aria-invalid="true"' in html
    question.refresh_from_db()
    assert len(question.options) == 4


@SHAPES
@pytest.mark.parametrize("count", [3, 4, 5])
def test_an_own_question_may_have_three_to_five_options(teacher_client, htmx, count):
    question_set = owned_set(teacher_client.teacher)
    lines = ["甲", "乙", "丙", "丁", "戊"][:count]
    data = {"kind": "choice", "prompt": "哪一個？", "options": "\n\n".join(lines), "key": "3"}
    response = teacher_client.post(add_url(question_set), data, headers=HTMX if htmx else {})
    assert_saved(response, htmx=htmx)
    own = question_set.questions.get(written_by_teacher=True)
    assert own.options == lines and own.key == [2]


@SHAPES
@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("甲\n乙", "選擇題要有 3 到 5 個選項（現在有 2 個）"),
        ("甲\n乙\n丙\n丁\n戊\n己", "選擇題要有 3 到 5 個選項（現在有 6 個）"),
        ("ＡＢ\n丙\n ab ", "有兩個選項相同"),
    ],
)
def test_an_own_question_with_two_six_or_twin_options_is_refused(
    teacher_client, htmx, lines, message
):
    question_set = owned_set(teacher_client.teacher)
    data = {"kind": "choice", "prompt": "哪一個？", "options": lines, "key": "1"}
    response = teacher_client.post(add_url(question_set), data, headers=HTMX if htmx else {})
    html = assert_refused(response, message, htmx=htmx)
    assert "哪一個？" in html  # the form keeps what the teacher typed
    assert not question_set.questions.filter(written_by_teacher=True).exists()


# ---- ordering ----


@SHAPES
def test_a_new_time_order_makes_a_generated_ordering_question_the_teachers(teacher_client, htmx):
    question_set = owned_set(teacher_client.teacher, multiple_choice=0, ordering=1)
    question = question_set.questions.get()
    places = {"place_0": "2", "place_1": "1", "place_2": "3", "place_3": "4"}
    response = post_edit(teacher_client, question, edit_data(question, **places), htmx=htmx)
    assert_saved(response, htmx=htmx)
    question.refresh_from_db()
    assert question.key == [1, 0, 2, 3] and question.written_by_teacher


@SHAPES
def test_a_time_order_that_is_not_a_permutation_is_refused(teacher_client, htmx):
    question_set = owned_set(teacher_client.teacher, multiple_choice=0, ordering=1)
    question = question_set.questions.get()
    places = {"place_0": "2", "place_1": "2", "place_2": "3", "place_3": "4"}
    response = post_edit(teacher_client, question, edit_data(question, **places), htmx=htmx)
    assert_refused(response, "要把 1 到 4 每個數字各用一次", htmx=htmx)
    out_of_range = edit_data(question, place_0="9")
    assert_refused(
        post_edit(teacher_client, question, out_of_range, htmx=htmx),
        "請填 1 到 4 的數字",
        htmx=htmx,
    )
    question.refresh_from_db()
    assert question.key == [0, 1, 2, 3] and not question.written_by_teacher


# ---- generated or the teacher's own ----


@SHAPES
def test_a_teachers_own_question_keeps_its_sentence_under_a_corrected_key(teacher_client, htmx):
    """Their own question, their own sentence: a key they fix may be what it proves."""
    question = first_choice(owned_set(teacher_client.teacher))
    Question.objects.filter(pk=question.pk).update(written_by_teacher=True)
    question.refresh_from_db()
    response = post_edit(teacher_client, question, edit_data(question, key="2"), htmx=htmx)
    assert_saved(response, htmx=htmx)
    question.refresh_from_db()
    assert question.key == [2] and question.explanation and question.footnotes


@SHAPES
def test_a_wording_edit_keeps_a_generated_question_generated(teacher_client, htmx):
    question = first_choice(owned_set(teacher_client.teacher))
    data = edit_data(question, prompt="改寫的題幹？", option_0="九月十七日", key="1")
    assert_saved(post_edit(teacher_client, question, data, htmx=htmx), htmx=htmx)
    question.refresh_from_db()
    assert question.prompt == "改寫的題幹？" and question.options[0] == "九月十七日"
    assert question.key == [1] and not question.written_by_teacher


@SHAPES
def test_a_note_alone_keeps_a_generated_question_generated(teacher_client, htmx):
    question = first_choice(owned_set(teacher_client.teacher))
    data = edit_data(question, note="  注意：日期是韓國時間。  ")
    assert_saved(post_edit(teacher_client, question, data, htmx=htmx), htmx=htmx)
    question.refresh_from_db()
    assert question.note == "注意：日期是韓國時間。" and not question.written_by_teacher


def test_the_set_page_marks_the_teachers_own_questions(teacher_client):
    question_set = owned_set(teacher_client.teacher, multiple_choice=2, ordering=0)
    question = first_choice(question_set)
    teacher_client.post(edit_url(question), edit_data(question, key="3"))
    html = teacher_client.get(reverse("teacher_set", args=[question_set.pk])).content.decode()
    assert html.count("你自訂的題目") == 1 and html.count("依史實產生") == 1


# ---- the note and the quoted sentence ----


def quotable() -> Any:
    """A sentence of the article with footnotes, as the picker offers it."""
    return next(sentence for sentence in article_sentences() if sentence.footnotes)


@SHAPES
def test_a_picked_sentence_is_quoted_with_its_footnotes(teacher_client, htmx):
    question = first_choice(owned_set(teacher_client.teacher))
    sentence = quotable()
    event = Event.objects.get(pk=sentence.id)
    data = edit_data(question, sentence=str(sentence.id), note="我的解說")
    assert_saved(post_edit(teacher_client, question, data, htmx=htmx), htmx=htmx)
    question.refresh_from_db()
    assert question.explanation == event.source_sentence
    assert set(event.footnote_numbers) <= set(question.footnotes)
    assert question.note == "我的解說"
    # Another quoted sentence: no longer the citation the fact base proved it with.
    assert question.written_by_teacher
    # Opened again, the picker shows the sentence chosen.
    html = teacher_client.get(edit_url(question)).content.decode()
    assert f'<option value="{sentence.id}" selected>' in html


@SHAPES
def test_the_picker_offers_the_facts_sentences_and_keeps_a_summary_explanation(
    teacher_client, htmx
):
    question = first_choice(owned_set(teacher_client.teacher))
    html = teacher_client.get(edit_url(question), headers=HTMX if htmx else {}).content.decode()
    assert html.count("<optgroup") >= 3  # the article's sections
    # make_set's explanation is not one sentence of the list: it is kept unless changed.
    assert '<option value="keep" selected>' in html
    data = edit_data(question, sentence="keep")
    assert_saved(post_edit(teacher_client, question, data, htmx=htmx), htmx=htmx)
    before = question.explanation
    question.refresh_from_db()
    assert question.explanation == before and not question.written_by_teacher


@SHAPES
@pytest.mark.parametrize("forged", ["999999", "abc", "keep"])
def test_a_forged_sentence_is_a_form_error(teacher_client, htmx, forged):
    question_set = owned_set(teacher_client.teacher)
    question = question_set.questions.create(
        position=9,
        kind="choice",
        prompt="我的題目？",
        options=["甲", "乙", "丙"],
        key=[0],
        written_by_teacher=True,
    )
    data = edit_data(question, sentence=forged, note="留著的解說")
    html = assert_refused(
        post_edit(teacher_client, question, data, htmx=htmx), "請從清單裡選一句文章原句", htmx=htmx
    )
    assert "留著的解說" in html
    question.refresh_from_db()
    assert question.explanation == "" and question.note == ""


def note_and_sentence(teacher_client: Client, question_set: QuestionSet) -> tuple[str, str]:
    question = first_choice(question_set)
    sentence = quotable()
    data = edit_data(question, note="老師提醒：看清楚日期。", sentence=str(sentence.id))
    assert teacher_client.post(edit_url(question), data).status_code == 303
    return "老師提醒：看清楚日期。", sentence.text


@pytest.mark.parametrize(
    ("review", "shown_after_attempt", "shown_after_close"),
    [
        (ReviewMoment.AFTER_ATTEMPT, True, True),
        (ReviewMoment.AFTER_CLOSE, False, True),
        (ReviewMoment.NEVER, False, False),
    ],
)
def test_the_review_shows_the_note_and_sentence_only_when_the_set_allows(
    client, teacher_client, review, shown_after_attempt, shown_after_close
):
    question_set = owned_set(
        teacher_client.teacher, multiple_choice=1, ordering=0, feedback_mode=FeedbackMode.DEFERRED
    )
    question_set.review = review
    question_set.save()
    note, sentence = note_and_sentence(teacher_client, question_set)
    attempt = finish(client, start_attempt(client, question_set))
    html = review_html(client, attempt)
    assert (note in html, sentence in html) == (shown_after_attempt, shown_after_attempt)
    question_set.status = SetStatus.CLOSED
    question_set.save()
    html = review_html(client, attempt)
    assert (note in html, sentence in html) == (shown_after_close, shown_after_close)
    if shown_after_close:
        assert "老師的解說" in html


@pytest.mark.parametrize(
    ("review", "shown"), [(ReviewMoment.AFTER_EACH, True), (ReviewMoment.AFTER_ATTEMPT, False)]
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_the_feedback_after_an_answer_shows_the_note_only_when_keys_are_shown(
    client, teacher_client, review, shown, htmx
):
    question_set = owned_set(teacher_client.teacher, multiple_choice=1, ordering=0)
    question_set.review = review
    question_set.save()
    note, sentence = note_and_sentence(teacher_client, question_set)
    attempt = start_attempt(client, question_set)
    response = post_answer(client, attempt, answer_data(attempt), headers=HTMX if htmx else {})
    if not htmx:
        response = client.get(response["Location"])
    html = response.content.decode()
    assert "答對了！" in html
    assert (note in html, sentence in html) == (shown, shown)
    post_next(client, attempt)


def test_a_duplicated_set_keeps_the_note_and_the_quoted_sentence(teacher_client):
    question_set = owned_set(teacher_client.teacher, multiple_choice=1, ordering=0)
    note, sentence = note_and_sentence(teacher_client, question_set)
    response = teacher_client.post(reverse("teacher_set_duplicate", args=[question_set.pk]))
    copy = QuestionSet.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))
    question = copy.questions.get()
    assert (question.note, question.explanation) == (note, sentence)


# ---- access ----


def test_another_teacher_gets_404_on_edit(teacher_client, django_user_model):
    question = first_choice(owned_set(teacher_client.teacher))
    other = django_user_model.objects.create_user(username="chen", password="a-long-pass-1")
    make_teacher(other)
    stranger = Client()
    stranger.force_login(other)
    assert stranger.get(edit_url(question)).status_code == 404
    assert stranger.get(edit_url(question), headers=HTMX).status_code == 404
    response = stranger.post(edit_url(question), edit_data(question, key="0", note="偷改"))
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.key == [1] and question.note == ""


@pytest.mark.parametrize("seed", range(6))
def test_another_question_is_never_the_same_stem_again(teacher_client, seed):
    """換一題 on 「下列哪一位簽署了…？」 must not bring the same stem with the other leader."""
    from quizapp.generator.generate import Scope
    from quizapp.quizzes.services.question_sets import question_set_build
    from quizapp.vocabulary import Phase, QuestionKind

    question_set = question_set_build(
        owner=teacher_client.teacher,
        title="第二天",
        scope=Scope(phases=frozenset({Phase.DAY2})),
        kinds=[QuestionKind.PARTICIPANT],
        count=1,
        seed=seed,
    )
    for _ in range(4):
        question = question_set.questions.active().get()
        response = teacher_client.post(
            reverse("teacher_question_replace", args=[question_set.pk, question.pk])
        )
        assert response.status_code == 303
        assert question_set.questions.active().get().prompt != question.prompt
