"""The loader refuses a malformed file whole, naming the row and field, and saves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from quizapp.facts.loading import FactsFileError, facts_load
from quizapp.facts.models import Event, Person, PersonRole, Place, Source

pytestmark = pytest.mark.usefixtures("empty_fact_base")

ARTICLE = """\
2018年4月，大韓民國總統文在寅與國務委員會委員長金正恩簽訂《板門店宣言》\\[9\\]。
同日，青瓦台公佈2名正式隨行人員名單﹕

代表團成員\\[33\\]﹕

  - 國家安保室長[鄭義溶](https://zh.wikipedia.org/wiki/鄭義溶 "wikilink")
  - 國家情報院長徐薰

9時50分，專機抵達平壤順安國際機場，文在寅伉儷獲金正恩和夫人李雪主迎接\\[38\\]。
"""
GOOD = """
source:
  key: test-article
  title: 測試文章
  address: https://zh.wikipedia.org/wiki/測試文章
  licence: CC BY-SA 4.0
  attribution: 測試文章的編者
  text: article.md
places:
  - {key: sunan-airport, name: 平壤順安國際機場, city: 平壤}
delegation_list:
  sentence: 同日，青瓦台公佈2名正式隨行人員名單﹕代表團成員﹕
  footnotes: [33]
people:
  - key: moon-jae-in
    name: 文在寅
    side: ROK
    kind: leader
    roles:
      - title: 大韓民國總統
        sentence: 2018年4月，大韓民國總統文在寅與國務委員會委員長金正恩簽訂《板門店宣言》。
        footnotes: [9]
  - {key: kim-jong-un, name: 金正恩, side: DPRK, kind: leader}
  - {key: suh-hoon, name: 徐薰, side: ROK, kind: official, delegation_post: 國家情報院長}
events:
  - key: arrive-sunan
    clause: 文在寅的專機抵達平壤順安國際機場
    phase: day1
    date: 2018-09-18
    time: "09:50"
    place: sunan-airport
    participants: {attended: [moon-jae-in], welcomed: [kim-jong-un]}
    sentence: 9時50分，專機抵達平壤順安國際機場，文在寅伉儷獲金正恩和夫人李雪主迎接。
    footnotes: [38]
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "article.md").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(FactsFileError) as caught:
        facts_load(path=write(tmp_path, text))
    assert Event.objects.count() == 0
    assert Person.objects.count() == 0
    assert Place.objects.count() == 0
    assert Source.objects.count() == 0
    return caught.value.problems


def test_a_good_file_loads_with_times_places_and_participants(tmp_path):
    report = facts_load(path=write(tmp_path, GOOD))
    assert (report.events, report.people, report.places, report.participations) == (1, 3, 1, 2)
    event = Event.objects.get()
    assert event.time_label == "上午9時50分"
    assert event.place.name == "平壤順安國際機場"
    assert {p.person.name for p in event.participations.all()} == {"文在寅", "金正恩"}


def test_every_fact_belongs_to_the_source_the_file_names(tmp_path):
    report = facts_load(path=write(tmp_path, GOOD))
    source = Source.objects.get()
    assert report.source == "測試文章"
    assert (source.licence, source.attribution, source.text) == (
        "CC BY-SA 4.0",
        "測試文章的編者",
        ARTICLE,
    )
    for model in (Event, Person, Place):
        assert set(model.objects.values_list("source", flat=True)) == {source.pk}


@pytest.mark.parametrize(
    ("broken", "replacement", "expected"),
    [
        ("  licence: CC BY-SA 4.0\n", "", "source（test-article）.licence: 請填寫授權條款"),
        ("  licence: CC BY-SA 4.0\n", '  licence: " "\n', "source（test-article）.licence:"),
        ("  text: article.md", "  text: missing.md", "source（test-article）.text: 讀不到原文檔案"),
        ("  text: article.md", "  text: empty.md", "source（test-article）.text: 原文不可空白"),
        ("  address: https://zh", "  address: not-an-address", "source（test-article）.address:"),
    ],
)
def test_a_bad_source_refuses_the_whole_file_naming_the_field(
    tmp_path, broken, replacement, expected
):
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    problems = refused(tmp_path, GOOD.replace(broken, replacement))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_file_without_a_source_is_refused(tmp_path):
    problems = refused(tmp_path, GOOD.split("places:", 1)[1].join(["places:", ""]))
    assert problems == [f"{tmp_path / 'facts.yaml'}: 缺少 source 一節：這些史實出自哪篇文章？"]


def test_a_second_source_with_the_same_address_is_refused(tmp_path):
    facts_load(path=write(tmp_path, GOOD))
    other = GOOD.replace("key: test-article", "key: another-article")
    with pytest.raises(FactsFileError) as caught:
        facts_load(path=write(tmp_path, other))
    assert caught.value.problems == [
        "source（another-article）.address: 已有另一個來源使用這個網址。"
    ]
    assert Source.objects.get().key == "test-article"


def test_loading_twice_updates_in_place(tmp_path):
    path = write(tmp_path, GOOD)
    facts_load(path=path)
    first_id = Event.objects.get().id
    facts_load(path=path.with_name("facts.yaml"))
    assert Event.objects.get().id == first_id
    assert Event.objects.get().participations.count() == 2


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        ("date: 2018-09-18", "events[0]（arrive-sunan）.date: 「2018-13-45」不是日期"),
        (
            "clause: 文在寅的專機抵達平壤順安國際機場",
            "events[0]（arrive-sunan）.clause: 事件短句不可空白",
        ),
        ("place: sunan-airport", "events[0]（arrive-sunan）.place: 找不到地點代號「nowhere」"),
        ("phase: day1", "events[0]（arrive-sunan）.phase:"),
        ('time: "09:50"', "events[0]（arrive-sunan）.time: 「9點50」不是時間"),
    ],
)
def test_a_malformed_event_row_is_refused_naming_the_field(tmp_path, broken, expected):
    replacement = {
        "date: 2018-09-18": "date: 2018-13-45",
        "clause: 文在寅的專機抵達平壤順安國際機場": 'clause: "  "',
        "place: sunan-airport": "place: nowhere",
        "phase: day1": "phase: day9",
        'time: "09:50"': "time: 9點50",
    }[broken]
    problems = refused(tmp_path, GOOD.replace(broken, replacement))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_an_unquoted_time_past_midnight_is_refused_not_dropped(tmp_path):
    # YAML reads an unquoted 25:00 as the number 1500; it was once stored as no time.
    problems = refused(tmp_path, GOOD.replace('time: "09:50"', "time: 25:00"))
    assert problems == ["events[0]（arrive-sunan）.time: 「25:00」不是時間：請寫 HH:MM。"]


def test_an_unknown_person_in_participants_is_named(tmp_path):
    problems = refused(tmp_path, GOOD.replace("welcomed: [kim-jong-un]", "welcomed: [kim-il-sung]"))
    assert problems == [
        "events[0]（arrive-sunan）.participants.welcomed: 找不到人物代號「kim-il-sung」。"
    ]


def test_an_unknown_field_is_named(tmp_path):
    problems = refused(
        tmp_path, GOOD.replace("    footnotes: [38]", "    footnotes: [38]\n    colour: red")
    )
    assert problems == ["events[0]（arrive-sunan）.colour: 未知欄位：colour。"]


def test_one_alias_on_two_people_is_refused(tmp_path):
    text = GOOD.replace(
        "    kind: leader\n    roles:", "    kind: leader\n    aliases: [總統]\n    roles:"
    ).replace("kind: leader}", "kind: leader, aliases: [總統]}")
    problems = refused(tmp_path, text)
    assert (
        problems[0]
        == "people[1]（kim-jong-un）.aliases: 別名「總統」已屬於文在寅，一個別名不能指兩個人。"
    )


def test_every_role_cites_the_article_sentence_and_footnotes_that_give_it(tmp_path):
    facts_load(path=write(tmp_path, GOOD))
    president = PersonRole.objects.get(person__key="moon-jae-in")
    assert president.sentence.startswith("2018年4月，大韓民國總統文在寅")
    assert president.footnote_numbers == [9]
    # The delegation list is cited once for all: its lead-in, then the member's own line.
    post = PersonRole.objects.get(person__key="suh-hoon")
    assert (post.title, post.is_delegation_post) == ("國家情報院長", True)
    assert post.sentence == "同日，青瓦台公佈2名正式隨行人員名單﹕代表團成員﹕……國家情報院長徐薰"
    assert post.footnote_numbers == [33]


@pytest.mark.parametrize(
    ("broken", "replacement", "expected"),
    [
        (
            "        sentence: 2018年4月，大韓民國總統",
            "        sentence: 2018年5月，大韓民國總統",
            "people[0]（moon-jae-in）.roles[0].sentence: 文章中找不到這句話",
        ),
        (
            "        sentence: 2018年4月，大韓民國總統",
            "        note: 2018年4月，大韓民國總統",
            "people[0]（moon-jae-in）.roles[0].note: 未知欄位",
        ),
        (
            "        footnotes: [9]\n",
            "",
            "people[0]（moon-jae-in）.roles[0].footnotes: 請填寫原句的腳註",
        ),
        (
            "        footnotes: [9]\n",
            "        footnotes: [99]\n",
            "people[0]（moon-jae-in）.roles[0].footnotes: 文章沒有腳註 99",
        ),
        (
            "delegation_post: 國家情報院長}",
            "delegation_post: 國家情報院院長}",
            "people[2]（suh-hoon）.delegation_post.sentence: 文章中找不到這句話",
        ),
        (
            "delegation_list:\n  sentence: 同日，青瓦台公佈2名正式隨行人員名單﹕代表團成員﹕\n"
            "  footnotes: [33]\n",
            "",
            "people[2]（suh-hoon）.delegation_post: 代表團職務引用 delegation_list 一節的原句",
        ),
        (
            "  footnotes: [33]\n",
            "",
            "people[2]（suh-hoon）.delegation_post.footnotes: 請填寫原句的腳註",
        ),
    ],
)
def test_a_role_without_its_citation_is_refused_naming_the_field(
    tmp_path, broken, replacement, expected
):
    assert broken in GOOD
    problems = refused(tmp_path, GOOD.replace(broken, replacement, 1))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_role_without_a_sentence_is_refused(tmp_path):
    text = GOOD.replace(
        "        sentence: 2018年4月，大韓民國總統文在寅與國務委員會委員長"
        "金正恩簽訂《板門店宣言》。\n",
        "",
    )
    assert text != GOOD
    problems = refused(tmp_path, text)
    assert (
        "people[0]（moon-jae-in）.roles[0].sentence: 請貼上文章中寫出這個職務的原句。" in problems
    )


def test_a_role_written_as_a_bare_title_is_refused(tmp_path):
    text = GOOD.replace(
        "{key: kim-jong-un, name: 金正恩, side: DPRK, kind: leader}",
        "{key: kim-jong-un, name: 金正恩, side: DPRK, kind: leader, roles: [朝鮮國務委員會委員長]}",
    )
    problems = refused(tmp_path, text)
    assert problems[0].startswith("people[1]（kim-jong-un）.roles: 職務請寫成清單")


def test_a_time_on_a_month_precision_date_is_refused(tmp_path):
    problems = refused(tmp_path, GOOD.replace("date: 2018-09-18", "date: 2018-09"))
    assert any(
        p.startswith("events[0]（arrive-sunan）.time: 有時間就要有確切到日的日期") for p in problems
    )


def test_every_problem_in_the_file_is_reported_at_once(tmp_path):
    text = GOOD.replace("side: DPRK", "side: MARS").replace("date: 2018-09-18", "date: soon")
    problems = refused(tmp_path, text)
    assert any(p.startswith("people[1]（kim-jong-un）.side") for p in problems)
    assert any(p.startswith("events[0]（arrive-sunan）.date") for p in problems)


def test_the_command_refuses_with_the_problems_and_keeps_the_database(tmp_path):
    facts_load(path=write(tmp_path, GOOD))
    before = Event.objects.count()
    path = write(tmp_path, GOOD.replace("date: 2018-09-18", "date: tomorrow"))
    with pytest.raises(CommandError, match=r"events\[0\]（arrive-sunan）\.date"):
        call_command("load_facts", str(path))
    assert Event.objects.count() == before


def test_the_command_keeps_admin_edits_when_asked_to_load_only_an_empty_database(tmp_path):
    facts_load(path=write(tmp_path, GOOD))
    event = Event.objects.get(key="arrive-sunan")
    event.clause = "改過的短句"
    event.save()
    call_command("load_facts", "--if-empty")
    assert Event.objects.get(key="arrive-sunan").clause == "改過的短句"
    call_command("load_facts", str(write(tmp_path, GOOD)))
    assert Event.objects.get(key="arrive-sunan").clause == "文在寅的專機抵達平壤順安國際機場"
