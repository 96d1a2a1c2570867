"""Statements in the facts file: a good row loads; a number without its unit, an
agreement point without its sentence, a quote without its speaker are refused with the
field named, and nothing of the file is saved."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quizapp.facts.loading import FactsFileError, facts_load
from quizapp.facts.models import Event, Statement
from tests.facts.test_loading import GOOD, write

pytestmark = pytest.mark.usefixtures("empty_fact_base")

STATEMENTS = """
statements:
  - key: advance-team
    kind: number
    phase: preparation
    question: 南韓派往平壤的先遣隊有多少人？
    subject: 先遣隊人數
    value: 93
    unit: 人
    sentence: 16日，南韓派出93人的先遣隊到平壤，為會談作最後準備。
    footnotes: [32]
  - key: kaesong
    kind: agreement
    phase: day2
    agreement: 《平壤共同宣言》
    text: 恢復開城工業區和金剛山旅遊事業
    sentence: 會後，文在寅和金正恩簽訂《平壤共同宣言》。
    footnotes: [54]
  - key: going-well
    kind: quote
    phase: coverage
    text: 事情發展得很好
    speaker: 特朗普
    speaker_kind: person
    sentence: 在美國，總統特朗普指「事情發展得很好」。
    footnotes: [134]
  - key: first-address
    kind: first
    phase: day2
    text: 公開向朝鮮民眾發表講話
    person: moon-jae-in
    sentence: 成為首位公開向朝鮮民眾發表講話的南韓總統。
    footnotes: [65]
  - key: slogan
    kind: name
    phase: name
    question: 本次首腦會談的標語是什麼？
    text: 和平，新的未來
    wrong: [和平，新的開始, 統一，新的未來]
    sentence: 標語為「和平，新的未來」。
    footnotes: [6]
"""


def refused(tmp_path, text: str) -> list[str]:
    with pytest.raises(FactsFileError) as caught:
        facts_load(path=write(tmp_path, text))
    assert Statement.objects.count() == 0
    assert Event.objects.count() == 0
    return caught.value.problems


def test_every_kind_of_statement_loads(tmp_path):
    report = facts_load(path=write(tmp_path, GOOD + STATEMENTS))
    assert report.statements == 5
    number = Statement.objects.get(key="advance-team")
    assert (number.value, number.unit, number.footnote_numbers) == (Decimal(93), "人", [32])
    assert Statement.objects.get(key="first-address").person.name == "文在寅"
    assert Statement.objects.get(key="slogan").wrong_values == ["和平，新的開始", "統一，新的未來"]


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("    unit: 人\n", "statements[0]（advance-team）.unit"),
        ("    value: 93\n", "statements[0]（advance-team）.value"),
        (
            "    sentence: 會後，文在寅和金正恩簽訂《平壤共同宣言》。\n",
            "statements[1]（kaesong）.source_sentence",
        ),
        ("    agreement: 《平壤共同宣言》\n", "statements[1]（kaesong）.agreement"),
        ("    speaker: 特朗普\n", "statements[2]（going-well）.speaker"),
        ("    speaker_kind: person\n", "statements[2]（going-well）.speaker_kind"),
        ("    person: moon-jae-in\n", "statements[3]（first-address）.person"),
        ("    wrong: [和平，新的開始, 統一，新的未來]\n", "statements[4]（slogan）.wrong_values"),
    ],
)
def test_a_statement_missing_what_its_kind_needs_is_refused_naming_the_field(tmp_path, line, where):
    assert line in STATEMENTS
    problems = refused(tmp_path, GOOD + STATEMENTS.replace(line, "", 1))
    assert len(problems) == 1
    assert problems[0].startswith(where + ":"), problems


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("value: 93", "value: 九十三", "statements[0]（advance-team）.value"),
        ("value: 93", "value: -93", "statements[0]（advance-team）.value"),
        ("kind: quote", "kind: rumour", "statements[2]（going-well）.kind"),
        ("person: moon-jae-in", "person: nobody", "statements[3]（first-address）.person"),
        (
            "wrong: [和平，新的開始, 統一，新的未來]",
            "wrong: [和平，新的未來, 和平]",
            "statements[4]（slogan）.wrong_values",
        ),
    ],
)
def test_a_malformed_statement_is_refused_naming_the_field(tmp_path, old, new, where):
    problems = refused(tmp_path, GOOD + STATEMENTS.replace(old, new, 1))
    assert len(problems) == 1
    assert problems[0].startswith(where + ":"), problems
