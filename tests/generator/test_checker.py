"""A draft that breaks a rule is dropped, and counted under the rule it broke."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from quizapp.chinese.scripts import fold_key
from quizapp.generator import kinds
from quizapp.generator.drafts import (
    DateQuery,
    OrderQuery,
    ParticipantQuery,
    QuestionDraft,
    RoleHolderQuery,
    Rule,
)
from quizapp.generator.facts import EventFact, FactBase, PersonFact, RoleFact
from quizapp.generator.generate import all_candidates
from quizapp.generator.rules import broken_rule
from quizapp.vocabulary import GENERATED_KINDS, FactKind, FactRef, QuestionKind

MOON = PersonFact(
    id=1, key="moon", name="文在寅", side="ROK", kind="leader", roles=(RoleFact("總統"),)
)
KIM = PersonFact(
    id=2, key="kim", name="金正恩", side="DPRK", kind="leader", roles=(RoleFact("委員長"),)
)
TRUMP = PersonFact(
    id=3,
    key="trump",
    name="特朗普",
    side="US",
    kind="leader",
    aliases=("川普",),
    roles=(RoleFact("美國總統"),),
)
LADY = PersonFact(id=4, key="lady", name="金正淑", label="韓國第一夫人", side="ROK", kind="spouse")
NAMESAKE = PersonFact(
    id=5, key="other", name="金正淑", label="同名者", side="DPRK", kind="other", takes_part=False
)
SONG = PersonFact(
    id=6, key="song", name="宋永武", side="ROK", kind="official", roles=(RoleFact("國防部長"),)
)
SUH = PersonFact(
    id=7, key="suh", name="徐薰", side="ROK", kind="official", roles=(RoleFact("國家情報院長"),)
)


def event(id: int, clause: str, day: int, **fields) -> EventFact:
    return EventFact(
        id=id,
        key=f"e{id}",
        clause=clause,
        phase="day1",
        date=datetime.date(2018, 9, day),
        sentence=f"句{id}。",
        footnotes=(id,),
        sequence=id,
        **fields,
    )


FB = FactBase(
    people=(MOON, KIM, TRUMP, LADY, NAMESAKE, SONG, SUH),
    places=(),
    events=(
        event(
            1,
            "簽訂宣言",
            19,
            activity="《平壤共同宣言》",
            who_phrases=(("signed", "簽署了《平壤共同宣言》"),),
            participants=((1, "signed"), (2, "signed")),
        ),
        event(2, "抵達平壤", 18, time=datetime.time(9, 50), time_precision="minute"),
        event(3, "登上白頭山", 20),
        event(4, "紐約會面", 24, activity="紐約會面", participants=((1, "met"), (3, "met"))),
        event(
            5,
            "第一夫人參觀",
            18,
            activity="參觀醫院",
            who_phrases=(("attended", "參觀了醫院"),),
            participants=((4, "attended"),),
        ),
    ),
)


def draft(**fields) -> QuestionDraft:
    base = {
        "kind": QuestionKind.DATE,
        "prompt": "「簽訂宣言」是在哪一天？",
        "options": ("2018年9月18日", "2018年9月19日", "2018年9月20日", "2018年9月21日"),
        "key": (1,),
        "explanation": "句1。",
        "footnotes": (1,),
        "difficulty": 0.5,
        "facts": (FactRef(FactKind.EVENT, 1),),
        "query": DateQuery(clause="簽訂宣言"),
    }
    return QuestionDraft(**{**base, **fields})


def test_a_sound_draft_passes():
    assert broken_rule(draft(), FB) is None


def test_rule_1_a_wrong_key_is_dropped():
    assert broken_rule(draft(key=(0,)), FB) == Rule.ONE_KEY


def test_rule_1_a_distractor_that_is_also_true_is_dropped():
    bad = draft(
        kind=QuestionKind.PARTICIPANT,
        prompt="下列哪一位簽署了《平壤共同宣言》？",
        options=("宋永武", "徐薰", "文在寅", "金正恩"),
        key=(2,),
        query=ParticipantQuery(part="signed", phrase="簽署了《平壤共同宣言》"),
    )
    assert broken_rule(bad, FB) == Rule.ONE_KEY


def test_rule_1_an_unlinked_person_at_an_open_event_is_not_known_false():
    open_event = dataclasses.replace(FB.events[0], has_unnamed_participants=True)
    fb = dataclasses.replace(FB, events=(open_event, *FB.events[1:]))
    ok = draft(
        kind=QuestionKind.PARTICIPANT,
        prompt="下列哪一位簽署了《平壤共同宣言》？",
        options=("宋永武", "徐薰", "文在寅", "特朗普"),
        key=(2,),
        query=ParticipantQuery(part="signed", phrase="簽署了《平壤共同宣言》"),
    )
    assert broken_rule(ok, FB) is None
    assert broken_rule(ok, fb) == Rule.ONE_KEY


def test_rule_2_options_out_of_order_or_repeated_are_dropped():
    assert (
        broken_rule(
            draft(options=("2018年9月19日", "2018年9月18日", "2018年9月20日"), key=(0,)), FB
        )
        == Rule.OPTIONS
    )
    assert (
        broken_rule(draft(options=("2018年9月18日", "2018年9月19日", "以上皆是"), key=(1,)), FB)
        == Rule.OPTIONS
    )


def test_rule_2_a_question_of_three_options_is_dropped():
    three = draft(options=("2018年9月18日", "2018年9月19日", "2018年9月20日"), key=(1,))
    assert broken_rule(three, FB) == Rule.OPTIONS


def test_rule_3_a_stem_that_gives_the_key_away_is_dropped():
    bad = draft(prompt="「簽訂宣言」（9月19日）是在哪一天？")
    assert broken_rule(bad, FB) == Rule.STEM


def test_rule_4_an_ordering_that_is_not_strictly_ordered_is_dropped():
    # 抵達平壤 at 9:50 on 9/18 and 第一夫人參觀 (day only, 9/18) have no order.
    def ordering(in_time: list[str]) -> QuestionDraft:
        shown = sorted(in_time, key=fold_key)  # the stable display order rule 2 asks for
        return draft(
            kind=QuestionKind.ORDERING,
            prompt="請排列。",
            options=tuple(shown),
            key=tuple(shown.index(item) for item in in_time),
            query=OrderQuery(),
        )

    assert broken_rule(ordering(["抵達平壤", "第一夫人參觀", "登上白頭山"]), FB) == Rule.ORDER
    assert broken_rule(ordering(["抵達平壤", "簽訂宣言", "登上白頭山"]), FB) is None
    assert broken_rule(ordering(["簽訂宣言", "抵達平壤", "登上白頭山"]), FB) == Rule.ORDER


def test_rule_5_an_alias_beside_its_own_name_is_dropped():
    bad = draft(
        kind=QuestionKind.ROLE,
        prompt="下列哪一位擔任美國總統？",
        options=("川普", "文在寅", "特朗普"),
        key=(2,),
        query=RoleHolderQuery(title="美國總統", delegation_only=False),
    )
    assert broken_rule(bad, FB) == Rule.NAMES


def test_rule_5_a_namesake_without_its_label_is_dropped():
    bad = draft(
        kind=QuestionKind.PARTICIPANT,
        prompt="下列哪一位參觀了醫院？",
        options=("宋永武", "徐薰", "文在寅", "金正淑"),
        key=(3,),
        query=ParticipantQuery(part="attended", phrase="參觀了醫院"),
    )
    assert broken_rule(bad, FB) == Rule.NAMES
    labelled = dataclasses.replace(
        bad, options=("宋永武", "徐薰", "文在寅", "金正淑（韓國第一夫人）")
    )
    assert broken_rule(labelled, FB) is None


def test_dropped_drafts_are_counted_by_rule(monkeypatch):
    def broken_builder(fb):
        yield draft(key=(0,))
        yield draft(prompt="「簽訂宣言」（9月19日）是在哪一天？")
        yield draft()

    monkeypatch.setitem(kinds.BUILDERS, QuestionKind.DATE, broken_builder)
    result = all_candidates(FB, kinds=(QuestionKind.DATE,))
    assert len(result.drafts) == 1
    assert result.dropped == {Rule.ONE_KEY: 1, Rule.STEM: 1}


@pytest.mark.parametrize("kind", list(GENERATED_KINDS))
def test_the_namesake_who_is_only_a_link_target_is_never_an_option(kind):
    for made in all_candidates(FB, kinds=(kind,)).drafts:
        assert "同名者" not in "".join(made.options)
