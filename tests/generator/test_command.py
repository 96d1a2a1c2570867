"""python manage.py generate_questions: scopes, formats, and clear refusals."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.usefixtures("facts")


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("generate_questions", *args, stdout=out)
    return out.getvalue()


def test_a_scoped_set_in_json_has_the_count_and_kinds_asked():
    drafts = json.loads(
        run(
            "--count",
            "6",
            "--seed",
            "2",
            "--phase",
            "day1",
            "--kinds",
            "time,place",
            "--format",
            "json",
        )
    )
    assert len(drafts) == 6
    # (No date question: a set about one day would give its answer in the title.)
    assert {d["kind"] for d in drafts} == {"time", "place"}
    for draft in drafts:
        assert draft["explanation"] and draft["footnotes"]
        assert len(draft["key"]) == 1


def test_the_same_seed_gives_the_same_set_and_another_seed_another():
    first = run("--count", "10", "--seed", "5", "--format", "json")
    assert first == run("--count", "10", "--seed", "5", "--format", "json")
    assert first != run("--count", "10", "--seed", "6", "--format", "json")


def test_all_lists_every_candidate_in_the_scope():
    every = json.loads(run("--all", "--format", "json"))
    day3 = json.loads(run("--all", "--phase", "day3", "--format", "json"))
    assert len(every) >= 200
    assert 0 < len(day3) < len(every)


def test_a_person_scope_keeps_questions_on_the_events_they_took_part_in():
    from quizapp.facts.models import Participation

    theirs = set(
        Participation.objects.filter(person__key="ri-sol-ju").values_list("event_id", flat=True)
    )
    drafts = json.loads(run("--all", "--person", "ri-sol-ju", "--format", "json"))
    assert len(drafts) >= 10
    for draft in drafts:
        events = {int(f.split(":")[1]) for f in draft["fact_ids"] if f.startswith("event:")}
        assert events and events <= theirs, draft["prompt"]


def test_too_small_a_scope_says_how_many_it_can_make_and_why():
    with pytest.raises(CommandError) as caught:
        run("--count", "50", "--phase", "day3", "--kinds", "time")
    message = str(caught.value)
    assert "只能出" in message and "50" in message and "時間選擇題" in message


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--kinds", "date,dates"), "dates"),
        (("--person", "kim-il-sung"), "kim-il-sung"),
        (("--phase", "day4"), "day4"),
        (("--side", "MARS"), "MARS"),
        (("--from", "18 Sept"), "18 Sept"),
    ],
)
def test_unknown_kinds_persons_phases_and_sides_are_named(args, named):
    with pytest.raises(CommandError, match=named):
        run(*args)


def test_moodle_xml_has_one_question_per_item_with_the_right_types():
    text = run("--count", "12", "--seed", "1", "--format", "moodle-xml")
    root = ET.fromstring(text.encode("utf-8"))
    questions = root.findall("question")
    assert len(questions) == 12
    types = {q.get("type") for q in questions}
    assert types == {"multichoice", "ordering"}
    for question in questions:
        answers = question.findall("answer")
        if question.get("type") == "multichoice":
            assert [a.get("fraction") for a in answers].count("100") == 1
            assert question.findtext("single") == "true"
        else:
            assert [a.get("fraction") for a in answers] == [
                f"{n}.0000000" for n in range(1, len(answers) + 1)
            ]


def test_gift_marks_one_right_answer_and_orders_items_in_key_order():
    drafts = json.loads(run("--count", "12", "--seed", "1", "--format", "json"))
    gift = run("--count", "12", "--seed", "1", "--format", "gift")
    blocks = gift.strip().split("\n\n")
    assert len(blocks) == len(drafts)
    for block, draft in zip(blocks, drafts, strict=True):
        if draft["kind"] == "ordering":
            assert "{>" in block
            *items, feedback = block.split("\n")[1:-1]
            assert items == [draft["options"][i] for i in draft["key"]]
            assert feedback.startswith("####") and feedback != "####"
        else:
            assert block.count("\t=") == 1 and block.count("\t~") == len(draft["options"]) - 1
