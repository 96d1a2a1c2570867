"""The two Moodle formats, checked against what Moodle's importers require.

`moodle_gift_ordering` reads an ordering block the way Moodle's qtype_ordering GIFT
import does (its header pattern, items taken as written, nothing unescaped), so the
tests see what a Moodle teacher would get.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.generator.export import NotExportable, to_gift, to_moodle_xml
from quizapp.vocabulary import QuestionKind

# Moodle's qtype_ordering::import_from_gift header, written out in Python.
SELECT = r"(?:ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?"
LAYOUT = r"(?:HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0)?"
GRADING = (
    r"(?:ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|"
    r"RELATIVE_NEXT_INCLUDE_LAST|RELATIVE_ONE_PREVIOUS_AND_NEXT|"
    r"RELATIVE_ALL_PREVIOUS_AND_NEXT|RELATIVE_TO_CORRECT|RELATIVE|REL)?"
)
SHOW = r"(?:SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?"
ORDERING_BLOCK = re.compile(
    rf"^([^{{]*)\s*\{{>\s*(\d+)\s*({SELECT})\s*({LAYOUT})\s*({GRADING})\s*({SHOW})\s*(.*?)\s*\}}\s*$",
    re.S,
)


@dataclass(frozen=True)
class Draft:
    kind: str
    prompt: str
    options: tuple[str, ...]
    key: tuple[int, ...]
    explanation: str


def ordering(*items: str, explanation: str = "上午9時50分抵達；下午3時45分會談。") -> Draft:
    return Draft(
        QuestionKind.ORDERING,
        "請把下列事件依時間先後，由早到晚排列。",
        tuple(items),
        tuple(range(len(items))),
        explanation,
    )


CHOICE = Draft(
    QuestionKind.DATE,
    "「文在寅的專機抵達平壤順安國際機場」是在哪一天？",
    ("2018年9月17日", "2018年9月18日", "2018年9月19日", "2018年9月20日"),
    (1,),
    "9時50分，專機抵達平壤順安國際機場。",
)


def moodle_gift_ordering(block: str) -> dict[str, object]:
    """What Moodle's ordering import makes of a GIFT block: its settings, its items (as
    written, blank lines dropped) and the general feedback qformat_gift split off."""
    body = block.split("::", 2)[2]
    answer_text = body[body.index("{") + 1 : body.index("}")]
    feedback = answer_text[answer_text.rindex("####") + 4 :] if "####" in answer_text else ""
    lines = body.replace("####" + feedback, "") if feedback else body
    match = ORDERING_BLOCK.match(lines)
    assert match, block
    items = [line.strip() for line in match[7].split("\n") if line.strip()]
    return {
        "count": int(match[2]),
        "select": match[3],
        "layout": match[4],
        "grading": match[5],
        "show": match[6],
        "items": items,
        "feedback": feedback.strip(),
    }


def test_the_xml_ordering_question_has_what_moodles_importer_needs():
    draft = ordering("抵達機場", "乘車巡遊", "舉行會談", "歡迎晚宴")
    question = ET.fromstring(to_moodle_xml([draft])).find("question")
    assert question is not None and question.get("type") == "ordering"
    assert question.findtext("shownumcorrect") == "1"
    assert question.findtext("selectcount") == "4"
    assert question.findtext("selecttype") == "ALL"
    assert question.findtext("layouttype") == "VERTICAL"
    assert question.findtext("gradingtype") == "RELATIVE_ALL_PREVIOUS_AND_NEXT"
    assert question.findtext("showgrading") == "SHOW"
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        assert question.find(tag) is not None
    assert question.findtext("generalfeedback/text") == draft.explanation
    answers = question.findall("answer")
    assert [a.findtext("text") for a in answers] == list(draft.options)
    assert [a.get("fraction") for a in answers] == [f"{n}.0000000" for n in range(1, 5)]


def test_the_xml_all_or_nothing_grading_and_the_choice_questions_feedback_fields():
    root = ET.fromstring(to_moodle_xml([ordering("甲", "乙", "丙"), CHOICE], all_or_nothing=True))
    first, second = root.findall("question")
    assert first.findtext("gradingtype") == "ALL_OR_NOTHING"
    assert second.get("type") == "multichoice" and second.findtext("shownumcorrect") == "1"
    assert [a.get("fraction") for a in second.findall("answer")] == ["0", "100", "0", "0"]


def test_a_gift_ordering_keeps_its_explanation_settings_and_every_item_whole():
    # A leading 1 or YES would be read as the SHOW setting if the header left it out.
    draft = ordering("1號隧道通車", "YES 標語揭幕", "乘車巡遊")
    read = moodle_gift_ordering(to_gift([draft]).strip())
    assert read == {
        "count": 3,
        "select": "ALL",
        "layout": "VERTICAL",
        "grading": "RELATIVE_ALL_PREVIOUS_AND_NEXT",
        "show": "SHOW",
        "items": list(draft.options),
        "feedback": draft.explanation,
    }


@pytest.mark.parametrize("item", ["10:30 抵達", "{抵達}", "第1#站", "a\\b", "//註解"])
def test_an_item_gift_cannot_carry_is_refused_not_written_broken(item):
    with pytest.raises(NotExportable) as refused:
        to_gift([CHOICE, ordering("抵達機場", item, "舉行會談")])
    assert refused.value.number == 2 and refused.value.text == item
    # Moodle XML carries it as it is.
    xml = ET.fromstring(to_moodle_xml([ordering("抵達機場", item, "舉行會談")]))
    assert [a.findtext("text") for a in xml.iter("answer")][1] == item


ITEM_TEXT = (
    st.text(
        alphabet=st.sampled_from(
            list("抵達機場乘車巡遊會談晚宴金正恩文在寅1YES ~=、，。（）『』-")
        ),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)


@given(st.lists(ITEM_TEXT, min_size=2, max_size=6, unique=True))
def test_any_item_gift_can_carry_comes_back_from_moodle_as_written(items):
    read = moodle_gift_ordering(to_gift([ordering(*items)]).strip())
    assert read["items"] == items and read["count"] == len(items) and read["show"] == "SHOW"
