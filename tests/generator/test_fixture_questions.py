"""The generator on the real fact base drawn from the article."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest

from quizapp.chinese.scripts import fold_key
from quizapp.facts.models import Person
from quizapp.generator.drafts import OrderQuery, RoleHolderQuery, RoleQuery
from quizapp.generator.generate import all_candidates
from quizapp.quizzes.fact_snapshot import fact_base_snapshot
from quizapp.vocabulary import GENERATED_KINDS, QuestionKind
from tests.generator.oracle import verdicts, who

pytestmark = pytest.mark.usefixtures("facts")


@pytest.fixture
def fact_base(facts):
    return fact_base_snapshot()


@pytest.fixture
def candidates(fact_base):
    return all_candidates(fact_base)


def test_at_least_200_distinct_candidates_across_all_six_kinds(candidates):
    """200, not the 300 of sliding windows: orderings are now drawn from spread-out
    events, and near-copies (one sentence's dates, one chain's windows) are gone."""
    identities = {draft.identity for draft in candidates.drafts}
    assert len(identities) == len(candidates.drafts) >= 200
    per_kind = Counter(draft.kind for draft in candidates.drafts)
    assert set(per_kind) == set(GENERATED_KINDS)
    assert per_kind[QuestionKind.ORDERING] >= 20


def test_every_stem_run_as_a_query_finds_exactly_its_key(candidates, fact_base):
    for draft in candidates.drafts:
        if isinstance(draft.query, OrderQuery):
            continue
        found = verdicts(draft, fact_base)
        assert [i for i, v in enumerate(found) if v == "true"] == list(draft.key), draft.prompt
        assert found.count("false") == len(draft.options) - 1, (draft.prompt, draft.options, found)


def test_each_of_the_14_delegation_members_appears_in_a_role_question(candidates, fact_base):
    members = set(
        Person.objects.filter(roles__is_delegation_post=True).values_list("id", flat=True)
    )
    assert len(members) == 14
    asked = set()
    for draft in candidates.drafts:
        if isinstance(draft.query, RoleQuery):
            asked |= who(fact_base, draft.query.person_shown)
        elif isinstance(draft.query, RoleHolderQuery):
            asked |= who(fact_base, draft.key_text)
    assert members <= asked


def test_each_summit_day_has_ordering_questions_common_sense_cannot_solve(candidates, fact_base):
    """The first two days have orderings; the third is one journey (airport, mountain,
    cable car, crater lake, flight home) that common sense puts in order, so it has none."""
    from quizapp.generator.kinds import needs_knowledge

    event_by_id = {event.id: event for event in fact_base.events}
    days = Counter()
    for draft in candidates.drafts:
        if draft.kind == QuestionKind.ORDERING:
            events = [event_by_id[fact.id] for fact in draft.facts]
            phases = {event.phase for event in events}
            if len(phases) == 1:
                days[phases.pop()] += 1
                assert needs_knowledge(events), draft.explanation
    assert days["day1"] and days["day2"] and not days["day3"]


def test_orderings_are_drawn_from_spread_out_events(candidates):
    """Once 117 orderings drew on 48 events, one departure in 30 of them (windows slid
    along one chain): now each event stands in a few orderings and no two orderings are
    one question with an item swapped."""
    from quizapp.generator.kinds import ORDERINGS_PER_EVENT, SHARED_ITEMS

    orderings = [set(d.facts) for d in candidates.drafts if d.kind == QuestionKind.ORDERING]
    uses = Counter(fact for ordering in orderings for fact in ordering)
    assert max(uses.values()) <= ORDERINGS_PER_EVENT == 4
    assert len(uses) >= 55
    for i, first in enumerate(orderings):
        for second in orderings[i + 1 :]:
            assert len(first & second) <= SHARED_ITEMS


def test_one_date_question_per_article_sentence(candidates, fact_base):
    """Events quoting one sentence share its day: four 「哪一天？」 on the climb of 白頭山
    would be one question asked four times. The event the sentence tells first is asked."""
    dates = [d for d in candidates.drafts if d.kind == QuestionKind.DATE]
    sentences = Counter(fact_base.event_by_id[d.facts[0].id].sentence for d in dates)
    assert sentences.most_common(1)[0][1] == 1
    prompts = {d.prompt for d in dates}
    assert "「文在寅離開百花園迎賓館前往機場」是在哪一天？" in prompts
    assert "「文在寅的專機飛抵三池淵機場」是在哪一天？" not in prompts
    climb = [p for p in prompts if "將軍峰" in p or "天池" in p]
    assert climb == ["「兩國領導人夫婦同車抵達將軍峰」是在哪一天？"]


def test_no_option_list_holds_one_name_in_two_scripts(candidates):
    for draft in candidates.drafts:
        folded = [fold_key(option) for option in draft.options]
        assert len(set(folded)) == len(folded), draft.options


def test_nothing_asserts_the_disputed_reporter_total(candidates):
    for draft in candidates.drafts:
        assert "2761" not in draft.prompt + "".join(draft.options) + draft.explanation


def test_the_key_position_is_spread_over_the_options(candidates):
    for kind in (
        QuestionKind.DATE,
        QuestionKind.PARTICIPANT,
        QuestionKind.ROLE,
        QuestionKind.PLACE,
    ):
        positions = Counter(d.key[0] for d in candidates.drafts if d.kind == kind)
        total = sum(positions.values())
        # No position takes more than half of a kind's keys ("always D" would be a cue).
        assert max(positions.values()) <= total / 2, (kind, positions)
        assert len(positions) >= 3, (kind, positions)


def test_every_date_and_time_explanation_states_its_key(candidates):
    """The article's sentence often says only 「同日」 or 「翌日」: the key leads then."""
    asked = [d for d in candidates.drafts if d.kind in (QuestionKind.DATE, QuestionKind.TIME)]
    assert asked
    for draft in asked:
        assert draft.options[draft.key[0]] in draft.explanation, draft.explanation


def test_an_ordering_across_days_dates_every_step(candidates, fact_base):
    import re

    date_of = {event.id: event.date for event in fact_base.events}
    orderings = [d for d in candidates.drafts if d.kind == QuestionKind.ORDERING]
    across = [d for d in orderings if len({date_of[ref.id] for ref in d.facts}) > 1]
    assert across
    for draft in across:
        steps = draft.explanation.rstrip("。").split("；")
        assert all(re.match(r"\d{4}年\d+月\d+日", step) for step in steps), draft.explanation


def test_a_quotation_inside_a_stem_is_in_double_brackets(candidates):
    """「…『坦誠相對』」, as Chinese nests quotes: never 「…「坦誠相對」」."""
    quoting = [d for d in candidates.drafts if "『" in d.prompt]
    assert quoting
    for draft in candidates.drafts:
        depth = deepest = 0
        for character in draft.prompt:
            depth += {"「": 1, "」": -1}.get(character, 0)
            deepest = max(deepest, depth)
        assert deepest <= 1 and depth == 0, draft.prompt


def test_a_place_is_asked_in_a_sentence_with_the_verb_its_event_takes(candidates):
    """Never 「「單對單會談」在哪裡舉行？」 around a coined label, nor a speech or a meal
    「舉行」: the event's own dated question (a fixture row's `where`)."""
    places = {d.prompt for d in candidates.drafts if d.kind == QuestionKind.PLACE}
    assert "9月19日晚上，文在寅在哪裡向北韓民眾發表7分鐘的演說？" in places
    assert "9月19日晚上，金正恩和文在寅夫婦在哪裡用晚餐？" in places
    assert "9月19日晚上，金正恩和文在寅偕同夫人在哪裡觀看大型歌舞劇？" in places
    assert not [p for p in places if p.startswith("「") or p.startswith("《")]
    assert not any(("演說" in p or "晚餐" in p or "午餐" in p) and "舉行" in p for p in places)


def test_no_who_question_is_keyed_to_a_leader(candidates):
    """At a summit the president among his own officials is plainly who signed, spoke or
    was welcomed (「下列哪一位在秋夕發表了全國講話？」 among a forester and two aides): the
    leaders are asked about by quote, date, place and ordering, officials by who."""
    leaders = {"文在寅", "金正恩", "特朗普", "安倍晉三"}
    asked = [d for d in candidates.drafts if d.kind == QuestionKind.PARTICIPANT]
    assert len(asked) >= 10
    assert not [d.prompt for d in asked if d.key_text in leaders]
    # The officials at the first talks and the signers of the military agreement stay.
    keys = {d.key_text for d in asked}
    assert {"徐薰", "鄭義溶", "金與正", "金英哲", "宋永武", "努光鐵", "崔龍海"} <= keys


def test_no_place_stem_points_at_its_key_by_a_shared_word(candidates):
    """「…觀看學生表演？」 with one option of 學生 in it: the look of the key, not the fact."""
    places = [d for d in candidates.drafts if d.kind == QuestionKind.PLACE]
    assert places
    for draft in places:
        key = draft.options[draft.key[0]]
        others = [o for i, o in enumerate(draft.options) if i != draft.key[0]]
        shared = {key[i : i + 2] for i in range(len(key) - 1) if key[i : i + 2] in draft.prompt}
        assert all(any(pair in o for o in others) for pair in shared), draft.prompt
    assert not any("學生表演" in d.prompt for d in places)


def test_a_date_the_article_only_implies_is_never_asked(candidates):
    """共和國創建日 is dated only as 「首腦會談前夕」: 8月 is not known false."""
    asked = {d.prompt for d in candidates.drafts if d.kind == QuestionKind.DATE}
    assert not any("共和國創建日" in prompt or "光輝的祖國" in prompt for prompt in asked)


def test_a_place_in_pyongyang_has_distractors_in_pyongyang(candidates, fact_base):
    """Other airports for an airport first (its own type); every other one in Pyongyang."""
    from quizapp.generator.kinds import place_type

    city_of = {place.name: place.city for place in fact_base.places}
    type_of = {place.name: place_type(place) for place in fact_base.places}
    checked = 0
    for draft in candidates.drafts:
        if draft.kind != QuestionKind.PLACE:
            continue
        key = draft.options[draft.key[0]]
        if city_of.get(key) == "平壤" and key != "平壤":  # the city itself is no venue in it
            checked += 1
            others = [
                o
                for i, o in enumerate(draft.options)
                if i != draft.key[0] and not (type_of[key] and type_of[o] == type_of[key])
            ]
            assert all(city_of.get(o) == "平壤" for o in others), (draft.prompt, others)
    assert checked


@pytest.mark.parametrize("seed", range(15))
def test_a_set_never_shows_one_option_set_twice(candidates, fact_base, seed):
    from quizapp.generator.generate import question_set

    drafts = question_set(candidates, fact_base, count=30, seed=seed)
    option_sets = [frozenset(d.options) for d in drafts]
    assert len(set(option_sets)) == len(option_sets)


@pytest.mark.parametrize("phase", ["day1", "day2", "day3"])
def test_a_set_about_one_day_never_asks_which_day(candidates, fact_base, phase):
    from quizapp.generator.drafts import DateQuery
    from quizapp.generator.generate import Scope, question_set
    from quizapp.vocabulary import Phase

    scope = Scope(phases=frozenset({Phase(phase)}))
    for seed in range(5):
        # Three: the third day, one journey, asks three questions once its dates are left
        # out (no ordering, no time its routine gives away, no airport among three, no
        # lunch place among cities nobody went to that day).
        drafts = question_set(candidates, fact_base, count=3, seed=seed, scope=scope)
        assert not any(isinstance(d.query, DateQuery) for d in drafts), phase


def test_a_role_question_quotes_the_sentence_that_gives_the_post(candidates, fact_base):
    roles = [draft for draft in candidates.drafts if draft.kind == QuestionKind.ROLE]
    assert len(roles) >= 40
    for draft in roles:
        assert draft.footnotes, draft.prompt
        assert draft.key_text in draft.explanation, draft.prompt
        if draft.query.delegation_only:
            # The delegation list: its lead-in, then the member's own line.
            assert draft.explanation.startswith("同日，青瓦台公佈14名正式隨行人員名單"), (
                draft.prompt
            )
            assert draft.footnotes == (33,), draft.prompt


# What an ordering step states before its clause: a date, a time of day, or both
# (「2018年9月19日上午10時」, 「下午」, 「約晚上8時」).
STEP_WHEN = re.compile(
    r"^約?(\d{4}年)?(\d{1,2}月)?(\d{1,2}日)?約?(早上|上午|中午|下午|晚上)?(\d{1,2}時(\d{1,2}分)?)?許?$"
)


def test_every_candidate_cites_a_footnote(candidates):
    uncited = [draft.prompt for draft in candidates.drafts if not draft.footnotes]
    assert uncited == []


def test_every_explanation_states_what_its_key_asserts(candidates):
    """A multiple-choice explanation names the key option; an ordering's gives each step
    its date or time, so the order can be checked from it."""
    unproved = []
    for draft in candidates.drafts:
        if draft.kind != QuestionKind.ORDERING:
            if draft.key_text not in draft.explanation:
                unproved.append((draft.prompt, draft.key_text, draft.explanation))
            continue
        steps = draft.explanation.removesuffix("。").split("；")
        items = [draft.options[index] for index in draft.key]
        stated = [step.partition("：")[::2] for step in steps]
        if [clause for _when, clause in stated] != items or not all(
            when and STEP_WHEN.match(when) for when, _clause in stated
        ):
            unproved.append((draft.prompt, items, draft.explanation))
    assert unproved == []


def test_no_role_explanation_answers_another_role_question(candidates):
    """Explanations are shown as a set goes on: one quoting a sentence that lists several
    officials must quote only the words about its own (「……」 for the rest)."""
    roles = [draft for draft in candidates.drafts if draft.kind == QuestionKind.ROLE]
    posts = {
        (draft.facts, draft.query.person_shown, draft.key_text)
        if isinstance(draft.query, RoleQuery)
        else (draft.facts, draft.key_text, draft.query.title)
        for draft in roles
    }
    answered = [
        (draft.prompt, holder, title)
        for draft in roles
        for facts, holder, title in posts
        if facts != draft.facts and holder in draft.explanation and title in draft.explanation
    ]
    assert answered == []


def test_a_journeys_own_words_make_an_ordering_easy(candidates, fact_base):
    """「乘纜車前往天池」 (10:10) before 「到達天池」 (10:20) is common sense, not the hardest
    ordering; four October dates of the aftermath are no easy one."""
    from quizapp.generator.kinds import ordering_draft

    event = {e.key: e for e in fact_base.events}
    climb = ordering_draft(
        fact_base,
        [event[k] for k in ("arrive-samjiyon", "cable-car", "heaven-lake", "return-to-seoul")],
        "",
    )
    october = ordering_draft(
        fact_base,
        [event[k] for k in ("mine-clearing", "pompeo-meets-kim", "peace-house-talks")]
        + [event["jsa-disarmament"]],
        "",
    )
    hardest = max(d.difficulty for d in candidates.drafts if d.kind == QuestionKind.ORDERING)
    assert climb.difficulty < october.difficulty
    assert climb.difficulty < hardest - 0.3
    # So easy that common sense orders it: the pool does not ask it.
    assert not [d for d in candidates.drafts if d.options == climb.options]


def test_a_salient_event_is_easier_than_an_obscure_one_with_the_same_options(candidates):
    """Both offer 9月17日 to 9月20日: signing the 《平壤共同宣言》 (a summit day, both leaders)
    is remembered better than the day 朝中社 ran seven reports."""
    asked = {d.prompt: d for d in candidates.drafts if d.kind == QuestionKind.DATE}
    signing = asked["「文在寅和金正恩簽訂《平壤共同宣言》」是在哪一天？"]
    reports = asked["「朝中社發佈7篇報導會談的文章」是在哪一天？"]
    assert signing.options == reports.options
    assert signing.key_text == "2018年9月19日" and reports.key_text == "2018年9月20日"
    assert signing.difficulty < reports.difficulty - 0.2


def test_a_post_held_at_the_talks_is_easier_than_a_delegates(candidates):
    """金與正 sat at the leaders' talks; the delegation's situation-room chief is a line
    of a list. (A leader's own post is not asked: everyone knows who leads a country.)"""
    posts = {d.prompt: d.difficulty for d in candidates.drafts if d.kind == QuestionKind.ROLE}
    leader = posts["2018年9月時，下列哪一位擔任朝鮮勞動黨中央委員會第一副部長？"]
    delegate = posts["南韓代表團中，下列哪一位擔任總統秘書室國情狀況室室長？"]
    assert leader < delegate


def test_no_ordering_rests_on_a_date_the_article_only_implies(candidates, fact_base):
    """「簽訂後」「同日」「此外」: such an event may be asked where or who, never ordered."""
    derived = {e.id for e in fact_base.events if e.date_is_derived}
    assert len(derived) >= 4
    for draft in candidates.drafts:
        if draft.kind == QuestionKind.ORDERING:
            assert not derived & {fact.id for fact in draft.facts if fact.kind == "event"}


def test_a_date_question_on_a_relative_sentence_quotes_the_sentence_it_hangs_on(candidates):
    """「次日，電視台播放……記錄片」 dates itself by the day before: that sentence is quoted."""
    draft = next(
        d for d in candidates.drafts if d.kind == QuestionKind.DATE and "1小時10分鐘" in d.prompt
    )
    assert "同日下午" in draft.explanation and "會談結束後的第一天" in draft.explanation
    assert {109, 110, 111} <= set(draft.footnotes)


def test_the_articles_slips_are_marked_where_an_explanation_quotes_them(candidates):
    """「肺體實行」 for 具體, 「下塌」 for 下榻, 「文在芳名錄」 for 文在寅: quoted faithfully and
    marked, as a textbook does, never shown bare nor silently corrected."""
    from pathlib import Path

    from quizapp.facts.article import traditional_text
    from quizapp.generator.errata import ARTICLE_ERRATA

    source = Path(__file__).parents[2] / "fixtures" / "article" / "pyongyang-summit-2018-09.zh.md"
    article = traditional_text(source.read_text(encoding="utf-8"))
    quoting = "\n".join(d.explanation for d in candidates.drafts)
    for slip, marked in ARTICLE_ERRATA:
        assert slip in article, slip
        assert quoting.replace(marked, "").count(slip) == 0, slip
    for marked in (
        "肺體〔原文如此，應作「具體」〕",
        "下塌〔原文如此，應作「下榻」〕",
        "文〔在寅〕在芳名錄",
        "覆行〔原文如此，應作「履行」〕",
        "連接西海〔原文如此，應作「東海」〕、西海線",
    ):
        assert marked in quoting


def test_a_place_stands_among_places_of_its_own_kind(candidates, fact_base):
    """No children's hospital for a dinner, no restaurant for the preparatory talks at 板門店,
    no tower or street for a city: each key's kind admits only some (kinds.ADMITS)."""
    from quizapp.generator.kinds import ADMITS, asks_a_meal, place_kind

    by_name = {place.name: place for place in fact_base.places}
    places = [d for d in candidates.drafts if d.kind == QuestionKind.PLACE]
    assert len(places) >= 12
    for draft in places:
        kind = place_kind(by_name[draft.key_text])
        admitted = ADMITS[kind] | ({"dining"} if asks_a_meal(draft.prompt) else set())
        kinds = {place_kind(by_name[o]) for o in draft.options}
        assert kinds <= admitted, (draft.prompt, draft.options)
    asked = {d.prompt: d.options for d in places}
    assert set(asked["9月19日晚上，金正恩和文在寅夫婦在哪裡用晚餐？"]) >= {"木蘭館", "玉流館"}
    assert "大同江水產品飯店" not in asked["9月14日，兩國官員在哪裡舉行首腦會談的籌備會議？"]


def test_no_wrong_option_stands_in_most_agreement_questions(candidates):
    """「共同申辦2036年夏季奧運會」 in eight of 26: learnt as the wrong one, not thought about."""
    from quizapp.generator.statements import AGREEMENT_DISTRACTOR_TURNS

    asked = [d for d in candidates.drafts if d.kind == QuestionKind.AGREEMENT]
    assert len(asked) >= 18
    # The false claims: the wrong options of 「which of these is in it?」 (those of 「which
    # is not?」 are the agreement's own points, which a student should see again).
    included = [d for d in asked if d.query.included]
    turns = Counter(o for d in included for i, o in enumerate(d.options) if i != d.key[0])
    assert len(turns) >= 6
    assert max(turns.values()) <= AGREEMENT_DISTRACTOR_TURNS == 4


def test_no_two_wrong_options_point_at_the_key_by_a_figure_they_share(candidates):
    """「在軍事分界線10公里內…」 twice beside one 「5公里」: the odd one out is the key."""
    import re

    for draft in candidates.drafts:
        if draft.kind != QuestionKind.AGREEMENT:
            continue
        key_figures = set(re.findall(r"\d+(?:公里|年|周年)", draft.key_text))
        wrong = [o for i, o in enumerate(draft.options) if i != draft.key[0]]
        figures = [set(re.findall(r"\d+(?:公里|年|周年)", o)) - key_figures for o in wrong]
        for i, one in enumerate(figures):
            for other in figures[i + 1 :]:
                assert not one & other, draft.options


def test_a_day_ordering_its_routine_puts_in_order_is_not_asked(fact_base):
    """Land → motorcade → lunch → banquet is common sense, whatever the clock said; lunch,
    the talks, the concert and the banquet leave four orders a student must know."""
    from quizapp.generator.kinds import needs_knowledge

    event = {e.key: e for e in fact_base.events}
    routine = [
        event[k] for k in ("arrive-sunan", "motorcade", "arrive-guesthouse", "welcome-dinner")
    ]
    known = [event[k] for k in ("arrive-guesthouse", "first-talks", "grand-theatre-concert")]
    assert not needs_knowledge(routine)
    assert needs_knowledge([*known, event["welcome-dinner"]])


def test_no_time_question_is_answered_by_the_days_routine(candidates, fact_base):
    """「…用晚餐」是在幾點？ beside 上午10時 and 下午2時30分 is answered by the word 晚餐; a
    departure at the earliest option, the flight home at the latest, likewise."""
    from quizapp.generator.kinds import routine_slot

    asked = [d for d in candidates.drafts if d.kind == QuestionKind.TIME]
    assert len(asked) >= 6
    for draft in asked:
        slot = routine_slot(fact_base.event_by_id[draft.facts[0].id])
        last = len(draft.options) - 1
        if slot is not None:
            assert not (slot <= 1 and draft.key[0] == 0), draft.prompt
            assert not (slot >= 6 and draft.key[0] == last), draft.prompt
    assert not [d.prompt for d in asked if "晚餐" in d.prompt or "出發" in d.prompt]


def test_a_measurement_is_never_dated_or_ordered_as_an_event(candidates):
    """「…收視率合計13.76%」 is a number the number question asks; 「which day did a
    viewing figure happen」 and a rating as a step of a story read wrong."""
    for draft in candidates.drafts:
        if draft.kind in (QuestionKind.DATE, QuestionKind.TIME, QuestionKind.ORDERING):
            shown = draft.prompt + "".join(draft.options)
            assert "收視率" not in shown and "%" not in shown, draft.prompt


def test_a_place_stands_among_places_of_its_own_country(candidates, fact_base):
    """No 紐約 beside a lunch at 三池淵, no Korean hall beside 美國外交協會: a student
    rules a far country out on sight; a question that cannot be filled is not asked."""
    by_name = {place.name: place for place in fact_base.places}
    places = [d for d in candidates.drafts if d.kind == QuestionKind.PLACE]
    assert places
    for draft in places:
        countries = {"美國" if by_name[o].city == "紐約" else "韓" for o in draft.options}
        assert len(countries) == 1, (draft.prompt, draft.options)


def test_every_multiple_choice_question_has_four_options(candidates):
    """Three airports, or two halls beside the key, make a question of three: not asked."""
    for draft in candidates.drafts:
        if draft.kind != QuestionKind.ORDERING:
            assert len(draft.options) == 4, (draft.prompt, draft.options)


def test_a_summit_days_event_is_dated_among_the_summits_days(candidates, fact_base):
    """「兩國領導人夫婦觀看大型歌舞劇」 beside 9/21 and 9/22, with 9/18 missing: the leaders
    were together 9/18–9/20 only. The three days and one next to them, by the key."""
    from quizapp.generator.drafts import DateQuery
    from quizapp.vocabulary import SUMMIT_DAYS

    summit = {"2018年9月18日", "2018年9月19日", "2018年9月20日"}
    checked = 0
    for draft in candidates.drafts:
        if not isinstance(draft.query, DateQuery) or draft.query.precision != "day":
            continue
        (event,) = [fact_base.event_by_id[f.id] for f in draft.facts[:1]]
        if event.phase not in SUMMIT_DAYS:
            continue
        checked += 1
        assert summit <= set(draft.options), (draft.prompt, draft.options)
        (extra,) = set(draft.options) - summit
        assert extra in {"2018年9月17日", "2018年9月21日"}, (draft.prompt, draft.options)
        if draft.key_text == "2018年9月18日":
            assert extra == "2018年9月17日"
        if draft.key_text == "2018年9月20日":
            assert extra == "2018年9月21日"
    assert checked >= 20


def test_an_agreement_is_asked_among_claims_of_its_own_domain(candidates):
    """「北韓提交核設施與核武器清單」 beside the military agreement's drills is ruled out on
    sight: a question of two. Its 「which is not?」 key is a near miss of a drill."""
    military = [
        d
        for d in candidates.drafts
        if d.kind == QuestionKind.AGREEMENT and "軍事領域協議書" in d.query.agreement
    ]
    assert military
    for draft in military:
        assert not any("核" in option for option in draft.options), draft.options
        assert all("訓練" in option for option in draft.options), draft.options


def test_stems_give_their_context_and_nothing_of_the_key(candidates):
    """「兩韓領導人再次會面」 (再次 after what?), 「本次會談的翌日」 read as 9/21, and a name
    stem saying 「首腦會談」 beside the only options holding it."""
    asked = {d.prompt: d for d in candidates.drafts}
    assert "「簽訂《板門店宣言》後，兩韓領導人再次會面」是在哪一個月？" in asked
    assert "「兩韓領導人再次會面」是在哪一個月？" not in asked
    assert not [p for p in asked if "朝鮮中央通訊社詳細報導" in p and "哪一天" in p]
    (name,) = [d for d in candidates.drafts if d.kind == QuestionKind.NAME and "名稱" in d.prompt]
    assert "首腦" not in name.prompt
    # Each word the key is made of stands in exactly two of the four options.
    for word in ("2018", "第三次", "首腦", "和平"):
        assert sum(word in option for option in name.options) == 2, word
    assert not [d.prompt for d in candidates.drafts if "（／）" in d.explanation]


def test_no_role_question_turns_on_knowing_who_leads_a_country(candidates):
    """「金正恩」 offered as a party's deputy department head, or 「金正恩擔任什麼職務？」 with
    the one head-of-state title among the options, is answered without the article."""
    leaders = {"文在寅", "金正恩", "特朗普", "安倍晉三"}
    roles = [d for d in candidates.drafts if d.kind == QuestionKind.ROLE]
    assert len(roles) >= 40
    assert not [d.prompt for d in roles if leaders & set(d.options)]
    assert not [d.prompt for d in roles if any(name in d.prompt for name in leaders)]


KOREANS = {"文在寅", "金正恩", "金英哲", "李勇浩", "金宜謙"}
OUTSIDERS = {"特朗普", "耿爽", "菅義偉", "古特雷斯", "蘭科夫"}


def test_no_third_country_speaker_stands_beside_a_voice_of_the_talks(candidates):
    """耿爽, China's spokesman, offered for 「重新啟動核武和導彈」 or for what 文在寅 wrote
    in a guest book is ruled out by who he is; he stays the key of what China said."""
    quotes = [d for d in candidates.drafts if d.kind == QuestionKind.QUOTE]
    assert len(quotes) >= 15
    keyed = [d for d in quotes if d.key_text == "耿爽"]
    assert keyed
    korean_keys = [d for d in quotes if d.key_text in KOREANS]
    assert len(korean_keys) >= 5
    assert not [d.prompt for d in korean_keys if OUTSIDERS - {"特朗普"} & set(d.options)]


def test_an_outsiders_verdict_stands_among_outsiders(candidates):
    """文在寅 and 李勇浩 offered for who 「熱烈祝賀」 the declaration they signed, or 金正恩
    for who called his own denuclearisation 「過於緩慢」, are ruled out by who they are."""
    quotes = [d for d in candidates.drafts if d.kind == QuestionKind.QUOTE]
    outsider_keys = [d for d in quotes if d.key_text in OUTSIDERS]
    assert {d.key_text for d in outsider_keys} == OUTSIDERS
    for draft in outsider_keys:
        assert set(draft.options) <= OUTSIDERS, draft.prompt


def test_a_summit_day_place_stands_among_places_of_the_summits_route(candidates):
    """A lunch at 三池淵 on the third day beside 首爾 and 開城, where nobody went during
    the three days; and the advance team 「前往哪裡？」 is where the summit was held."""
    places = [d for d in candidates.drafts if d.kind == QuestionKind.PLACE]
    assert len(places) >= 10
    summit_days = [
        d for d in places if d.prompt.startswith(("9月18日", "9月19日", "9月20日", "首腦會談第"))
    ]
    assert len(summit_days) >= 5
    for draft in summit_days:
        assert not {"首爾", "開城", "板門店", "紐約"} & set(draft.options), draft.prompt
    assert not [d.prompt for d in places if "先遣隊" in d.prompt]


def _stated_dates(text: str) -> set[tuple[int, int]]:
    return {(int(m), int(d)) for m, d in re.findall(r"(\d{1,2})月(\d{1,2})日", text)}


def test_a_date_explanation_shows_where_the_article_gives_the_date(candidates):
    """「9時50分，專機抵達…」 carries no date: 9月18日 comes from the 「第一天」 heading and
    the lead's 9月18至20日, so the explanation says so; a label alone proves nothing."""
    dated = [
        d
        for d in candidates.drafts
        if d.kind == QuestionKind.DATE and d.prompt.endswith("是在哪一天？")
    ]
    assert len(dated) >= 40
    unproved = []
    for draft in dated:
        year, month, day = map(int, re.findall(r"\d+", draft.key_text))
        label, _, quoted = draft.explanation.partition("：")
        stated = _stated_dates(quoted)
        # 「9月27日，…。翌日，…。同日，…」: the date follows from the quoted chain.
        day_before = (datetime.date(year, month, day) - datetime.timedelta(days=1)).timetuple()
        states_it = (
            (month, day) in stated
            # 「在9月28日…。29日，…」: a bare day in the month already named.
            or (
                re.search(rf"(?<![\d月]){day}日", quoted)
                and all(named == month for named, _ in stated)
            )
            or (
                (day_before.tm_mon, day_before.tm_mday) in stated and re.search("次日|翌日", quoted)
            )
        )
        by_heading = re.search(r"會談於\d{4}年\d+月\d+日(至\d+日舉行|結束)", label)
        if not (states_it or by_heading):
            unproved.append(draft.explanation)
    assert unproved == []
    summit_day = [d for d in dated if "此事見「第" in d.explanation]
    assert len(summit_day) >= 20
    assert all(d.key_text in d.explanation.split("（")[0] for d in summit_day)


def test_no_date_key_is_the_odd_one_out_by_its_year_or_month(candidates):
    """2019年3月12日 among three dates of October 2018, or 9月29日 among three of October:
    the key is picked as the one that differs, not known."""
    dated = [d for d in candidates.drafts if d.kind == QuestionKind.DATE]
    for draft in dated:
        parts = [tuple(map(int, re.findall(r"\d+", option)))[:2] for option in draft.options]
        key = parts[draft.key[0]]
        others = [p for i, p in enumerate(parts) if i != draft.key[0]]
        assert not (len({o[0] for o in others}) == 1 and others[0][0] != key[0]), draft.options
        assert not (len(set(others)) == 1 and others[0] != key), draft.options


def test_no_role_question_offers_a_leaders_post(candidates, fact_base):
    """朝鮮國務委員會委員長 offered as 李龍男's post is known to be 金正恩's by everyone."""
    leader_posts = {
        role.title
        for person in fact_base.people
        if person.kind == "leader"
        for role in person.roles
    }
    assert "朝鮮國務委員會委員長" in leader_posts
    roles = [d for d in candidates.drafts if d.kind == QuestionKind.ROLE]
    assert not [d.prompt for d in roles if leader_posts & set(d.options)]


def test_no_two_agreement_options_give_one_frame_two_figures(candidates):
    """「在軍事分界線5公里內…」 beside 「在軍事分界線10公里內…」: whoever remembers either
    figure knows which one was altered."""
    agreements = [d for d in candidates.drafts if d.kind == QuestionKind.AGREEMENT]
    assert any("軍事領域協議書" in d.prompt for d in agreements)
    for draft in agreements:
        frames: dict[tuple[str, str], set[str]] = {}
        for option in draft.options:
            for before, number, unit in re.findall(r"(\D{2})(\d+)(公里|年|周年)", option):
                frames.setdefault((before, unit), set()).add(number)
        assert all(len(numbers) == 1 for numbers in frames.values()), draft.options


def test_a_quote_explanation_names_its_speaker_in_the_articles_words(candidates, fact_base):
    """「29日，李在大會上…」 names 李勇浩 only by the sentence before, which is quoted too;
    where the article calls 特朗普 「川普」, the explanation says so."""
    quotes = [d for d in candidates.drafts if d.kind == QuestionKind.QUOTE]
    names = {p.name: (p.name, *p.aliases) for p in fact_base.people}
    said_by_people = [d for d in quotes if d.key_text in names]
    assert len(said_by_people) >= 12
    for draft in said_by_people:
        body = re.sub(rf"^{re.escape(draft.key_text)}(（[^）]*）)?：", "", draft.explanation)
        assert any(name in body for name in names[draft.key_text]), draft.explanation
    soon = next(d for d in quotes if "即將敲定" in d.prompt)
    assert soon.explanation.startswith("特朗普（文中作「川普」）：")
