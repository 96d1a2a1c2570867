"""Numbers, agreement points, quotes, firsts and names: the new kinds on the real fact
base, and the traps each one's distractors must stay clear of on small made-up ones."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest

from quizapp.chinese.wording import number_label
from quizapp.generator.drafts import AgreementQuery, NumberQuery, QuoteQuery
from quizapp.generator.errata import mark_errata
from quizapp.generator.export import to_gift, to_moodle_xml
from quizapp.generator.facts import FactBase, PersonFact, StatementFact
from quizapp.generator.generate import Scope, all_candidates, in_scope, question_set
from quizapp.generator.statements import number_drafts, quote_drafts
from quizapp.quizzes.fact_snapshot import fact_base_snapshot
from quizapp.vocabulary import Phase, QuestionKind, StatementKind
from tests.generator.oracle import number_read, verdicts

NEW_KINDS = (
    QuestionKind.NUMBER,
    QuestionKind.AGREEMENT,
    QuestionKind.QUOTE,
    QuestionKind.FIRST,
    QuestionKind.NAME,
)


@pytest.fixture
def fact_base(facts):
    return fact_base_snapshot()


@pytest.fixture
def drafts(fact_base):
    return all_candidates(fact_base, kinds=NEW_KINDS).drafts


def test_every_kind_the_article_teaches_beyond_dates_is_asked(drafts):
    per_kind = Counter(draft.kind for draft in drafts)
    assert per_kind[QuestionKind.NUMBER] >= 15
    assert per_kind[QuestionKind.AGREEMENT] >= 12
    assert per_kind[QuestionKind.QUOTE] >= 15
    assert per_kind[QuestionKind.FIRST] == 3
    assert per_kind[QuestionKind.NAME] == 2


def test_the_key_is_true_and_every_distractor_known_false_by_the_oracle(drafts, fact_base):
    for draft in drafts:
        found = verdicts(draft, fact_base)
        assert found[draft.key[0]] == "true", draft.prompt
        assert found.count("false") == len(found) - 1, (draft.prompt, draft.options, found)


def test_every_explanation_quotes_the_sentence_and_names_the_key(drafts, fact_base):
    sentences = {s.id: s.sentence for s in fact_base.statements}
    for draft in drafts:
        assert draft.footnotes, draft.prompt
        assert draft.key_text in draft.explanation, draft.prompt
        # Quoted as the article writes it, its slips marked (quizapp.generator.errata).
        assert any(mark_errata(sentence) in draft.explanation for sentence in sentences.values())


def test_the_delegation_of_200_is_asked_with_counts_near_it_none_the_article_states(drafts):
    draft = next(d for d in drafts if "代表團由多少人組成" in d.prompt)
    assert draft.key_text == "200人"
    values = [number_read(option)[0] for option in draft.options]
    assert all(80 <= value <= 420 for value in values)
    # 150人 went to the October anniversary: never a distractor for another count.
    assert "150人" not in draft.options and "93人" not in draft.options


def test_a_rough_figure_keeps_its_distractors_a_quarter_away(drafts):
    draft = next(d for d in drafts if "五一體育場進場時" in d.prompt)
    assert draft.key_text == "15萬名"
    for option in draft.options:
        value = number_read(option)[0]
        assert value == 150_000 or abs(value - 150_000) >= 0.25 * 150_000


def test_a_percentage_stays_between_0_and_100_and_steps_in_points(drafts):
    draft = next(d for d in drafts if "收視率" in d.prompt)
    assert draft.key_text == "13.76%"
    values = [number_read(option)[0] for option in draft.options]
    assert all(0 < value < 100 for value in values)
    # Whole points from the key: 「13.76%」 beside 「25.76%」, not a rounder 25%.
    assert {round(value - 13.76, 2) % 1 for value in values} == {0}


def test_a_number_stands_on_an_evenly_spaced_ladder_never_the_odd_one_out(drafts):
    numbers = [d for d in drafts if d.kind == QuestionKind.NUMBER]
    rungs = Counter()
    for draft in numbers:
        values = [Decimal(str(number_read(option)[0])) for option in draft.options]
        assert len(values) == 4, draft.prompt
        steps = {b - a for a, b in zip(values, values[1:], strict=False)}
        # 「11年」 beside 6, 7 and 8年 is picked for its gap: every gap is the same.
        assert len(steps) == 1, (draft.prompt, draft.options)
        rungs[draft.key[0]] += 1
    # The key sometimes lowest, sometimes highest, most often between.
    assert rungs[0] and rungs[3] and rungs[1] + rungs[2] >= len(numbers) / 3


def test_the_disputed_reporter_total_is_never_stated(drafts):
    for draft in drafts:
        assert "2761" not in draft.prompt + "".join(draft.options) + draft.explanation


def test_an_agreement_is_asked_both_ways_with_only_what_the_article_rules_out(drafts):
    declaration = [
        d
        for d in drafts
        if isinstance(d.query, AgreementQuery) and d.query.agreement == "《平壤共同宣言》"
    ]
    keys = {d.key_text for d in declaration if d.query.included}
    assert "恢復開城工業區和金剛山旅遊事業" in keys
    ruled_out = {d.key_text for d in declaration if not d.query.included}
    # What the article says the talks left out, and near misses of its own points.
    assert {"訂定無核化的階段性時間表", "共同申辦2036年夏季奧運會"} <= ruled_out
    for draft in declaration:
        # Never a point of the military agreement offered as false for the declaration,
        # never a point beside its own near miss (2032 beside 2036).
        assert not any("軍事分界線" in option for option in draft.options)
        assert not {"共同申辦2032年夏季奧運會", "共同申辦2036年夏季奧運會"} <= set(draft.options)
    stems = {d.prompt for d in declaration if d.query.included}
    assert len(stems) == 3, "one agreement is asked in more than one wording"


def test_a_near_miss_is_explained_by_the_sentence_that_gives_the_real_point(drafts):
    draft = next(d for d in drafts if d.key_text == "共同申辦2036年夏季奧運會")
    assert draft.explanation.startswith("「共同申辦2036年夏季奧運會」不是《平壤共同宣言》的內容：")
    assert "共同申辦2032年夏季奧運會" in draft.explanation


def test_a_first_is_asked_among_what_the_article_says_was_done_before(drafts):
    firsts = [d for d in drafts if d.kind == QuestionKind.FIRST]
    assert {d.key_text for d in firsts} == {
        "獲北韓鳴放禮炮歡迎",
        "被北韓稱為「總統閣下」",
        "公開向朝鮮民眾發表講話",
    }
    for draft in firsts:
        others = set(draft.options) - {draft.key_text}
        assert others <= {
            "乘坐專機飛越西海直達平壤",
            "以南韓總統身份造訪平壤",
            "與北韓領導人舉行首腦會談",
        }


def test_the_official_slogan_is_asked_with_its_source(drafts):
    draft = next(d for d in drafts if d.prompt == "本次首腦會談的標語是什麼？")
    assert draft.key_text == "和平，新的未來"
    assert draft.footnotes == (6,)
    # Balanced wordings: the key is not the option that shares most with the others.
    assert set(draft.options) == {
        "和平，新的未來",
        "和平，新的開始",
        "統一，新的未來",
        "統一，新的開始",
    }


def test_a_quote_offers_speakers_of_its_own_kind(drafts):
    draft = next(d for d in drafts if "沒有進展" in d.prompt)
    assert set(draft.options) == {"自由韓國黨", "正未來黨", "民主和平黨", "共同民主黨"}
    draft = next(d for d in drafts if "「破格」" in d.prompt)
    assert draft.key_text == "韓民族日報" and "文在寅" not in draft.options


def test_a_statement_is_in_a_scope_by_its_section_and_out_of_any_date_range(drafts, fact_base):
    name_section = Scope(phases=frozenset({Phase.NAME}))
    in_name = [d for d in drafts if in_scope(d, fact_base, name_section)]
    assert {d.prompt for d in in_name} >= {"本次首腦會談的標語是什麼？"}
    assert all(
        fact_base.statement_by_id[f.id].phase == Phase.NAME
        for d in in_name
        for f in d.facts
        if f.kind == "statement"
    )
    dated = Scope(date_from=datetime.date(2018, 9, 18), date_to=datetime.date(2018, 9, 20))
    assert not any(in_scope(d, fact_base, dated) for d in drafts)


def test_a_set_of_twenty_mixes_in_the_new_kinds(fact_base):
    chosen = question_set(all_candidates(fact_base), fact_base, count=20, seed=7)
    assert {d.kind for d in chosen} >= set(NEW_KINDS)


# ---- traps, on small fact bases ------------------------------------------------------


def _statement(number: int, **fields) -> StatementFact:
    return StatementFact(
        id=number,
        key=f"s{number}",
        phase=Phase.DAY2,
        sentence=f"句子{number}。",
        footnotes=(number,),
        **fields,
    )


def _number(number: int, question: str, value: int) -> StatementFact:
    return _statement(
        number, kind=StatementKind.NUMBER, question=question, value=Decimal(value), unit="人"
    )


def _fact_base(*statements: StatementFact, people: tuple[PersonFact, ...] = ()) -> FactBase:
    return FactBase(people=people, places=(), events=(), statements=statements)


def test_one_question_for_two_numbers_asks_neither():
    fb = _fact_base(
        _statement(
            1, kind=StatementKind.NUMBER, question="有多少人？", value=Decimal(200), unit="人"
        ),
        _statement(
            2, kind=StatementKind.NUMBER, question="有多少人？", value=Decimal(93), unit="人"
        ),
    )
    assert list(number_drafts(fb)) == []


def test_a_made_up_count_never_lands_on_a_stated_one():
    # 200 × ½ = 100 and 200 × 1.5 = 300: both stated in the same unit, so never offered.
    fb = _fact_base(
        _statement(
            1, kind=StatementKind.NUMBER, question="代表團？", value=Decimal(200), unit="人"
        ),
        _statement(
            2, kind=StatementKind.NUMBER, question="先遣隊？", value=Decimal(100), unit="人"
        ),
        _statement(3, kind=StatementKind.NUMBER, question="記者？", value=Decimal(300), unit="人"),
    )
    asked = next(d for d in number_drafts(fb) if d.query == NumberQuery(question="代表團？"))
    assert "100人" not in asked.options and "300人" not in asked.options


def test_a_quote_two_speakers_share_never_offers_either_as_wrong():
    fb = _fact_base(
        _statement(1, kind=StatementKind.QUOTE, text="很好", speaker="甲", speaker_kind="person"),
        _statement(2, kind=StatementKind.QUOTE, text="很好", speaker="乙", speaker_kind="person"),
        _statement(3, kind=StatementKind.QUOTE, text="不夠", speaker="丙", speaker_kind="person"),
        _statement(4, kind=StatementKind.QUOTE, text="破格", speaker="丁", speaker_kind="person"),
    )
    for draft in quote_drafts(fb):
        if draft.query == QuoteQuery(quote="很好"):
            assert not {"甲", "乙"} <= set(draft.options)


def test_numbers_read_as_the_article_writes_them():
    assert number_label(Decimal("150000.00"), "名") == "15萬名"
    assert number_label(Decimal("71.60"), "%") == "71.6%"
    assert number_label(Decimal("200"), "人") == "200人"
    assert number_label(Decimal("2224"), "名") == "2224名"


def test_the_new_kinds_export_to_moodle_as_multiple_choice_whole(drafts):
    """Numbers go to Moodle as multiple choice, like every non-ordering kind (README,
    Exports): the distractors are part of the question, and a `numerical` question
    would accept any typed value within a tolerance the article does not give."""
    quiz = ET.fromstring(to_moodle_xml(drafts))
    questions = quiz.findall("question")
    assert len(questions) == len(drafts)
    for element, draft in zip(questions, drafts, strict=True):
        assert element.get("type") == "multichoice"
        answers = element.findall("answer")
        assert [a.findtext("text") for a in answers] == list(draft.options)
        right = [a.findtext("text") for a in answers if a.get("fraction") == "100"]
        assert right == [draft.key_text]
        assert element.find("generalfeedback").findtext("text") == draft.explanation
    gift = to_gift(drafts)
    assert gift.count("\t=") == len(drafts)
    assert "\t=15萬名" in gift and "\t=和平，新的未來" in gift


def test_a_question_whose_explanation_quotes_a_statements_sentence_answers_it(drafts, fact_base):
    from quizapp.generator.generate import answers

    crowd = next(d for d in drafts if "五一體育場進場時" in d.prompt)
    every = all_candidates(fact_base).drafts
    speech_date = next(
        d for d in every if d.kind == QuestionKind.DATE and "15萬名" in d.prompt + d.explanation
    )
    assert answers(speech_date, crowd, fact_base)
    for _seed in range(20):
        chosen = question_set(all_candidates(fact_base), fact_base, count=30, seed=_seed)
        assert not (crowd in chosen and speech_date in chosen)


@pytest.mark.parametrize("seed", [2018, 1, 2, 3])
def test_a_set_never_reads_one_stem_twice(fact_base, seed):
    chosen = question_set(all_candidates(fact_base), fact_base, count=20, seed=seed)
    prompts = [d.prompt for d in chosen]
    assert len(prompts) == len(set(prompts))


def test_the_numbers_keys_stand_in_every_position_and_their_spread_tells_nothing(drafts):
    numbers = [d for d in drafts if d.kind == QuestionKind.NUMBER]
    assert {d.key[0] for d in numbers} == {0, 1, 2, 3}
    # No one ratio between the largest and smallest option: made from one fixed set of
    # factors, it would tell where the key is.
    ratios = {
        round(number_read(d.options[-1])[0] / number_read(d.options[0])[0], 1)
        for d in numbers
        if "%" not in d.key_text
    }
    assert len(ratios) >= 5


def test_a_claim_ruled_out_is_explained_with_the_agreements_own_list(drafts):
    draft = next(d for d in drafts if d.key_text == "訂定無核化的階段性時間表")
    assert "美聯社" in draft.explanation and "共同申辦2032年夏季奧運會" in draft.explanation
    assert {54, 141} <= set(draft.footnotes)


def test_a_quote_in_a_korean_voice_is_offered_korean_speakers_only(drafts, fact_base):
    """「……我們將半島變成永久的和平地帶……」 beside 特朗普 and 耿爽: the words rule them out."""
    from quizapp.generator.statements import korean_voice

    side = {p.name: p.side for p in fact_base.people}
    korean = [d for d in drafts if d.kind == QuestionKind.QUOTE and korean_voice(d.prompt)]
    assert korean
    for draft in korean:
        assert {side.get(o) for o in draft.options} <= {"ROK", "DPRK"}, draft.options
