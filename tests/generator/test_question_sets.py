"""What one set may hold together, on the real fact base drawn from the article."""

from __future__ import annotations

import pytest

from quizapp.generator.drafts import QuestionDraft
from quizapp.generator.generate import (
    NotEnoughQuestions,
    Scope,
    all_candidates,
    answers,
    question_set,
    role_pair,
)
from quizapp.quizzes.fact_snapshot import fact_base_snapshot
from quizapp.vocabulary import QuestionKind

pytestmark = pytest.mark.usefixtures("facts")


@pytest.fixture
def fact_base(facts):
    return fact_base_snapshot()


@pytest.fixture
def candidates(fact_base):
    return all_candidates(fact_base)


def drafted(candidates, prompt: str, key: str = "") -> QuestionDraft:
    return next(
        d for d in candidates.drafts if d.prompt == prompt and (not key or d.key_text == key)
    )


def test_a_role_pair_is_asked_one_way_in_a_set(candidates, fact_base):
    """「李善權擔任什麼職務？」 keyed 祖國和平統一委員會委員長 and 「下列哪一位擔任祖國和平
    統一委員會委員長？」 keyed 李善權 are one fact asked twice, the first answering the second."""
    roles = [d for d in candidates.drafts if d.kind == QuestionKind.ROLE]
    pairs = {role_pair(d) for d in roles}
    assert len(roles) == 2 * len(pairs)  # the pool has both directions of every pair
    for seed in range(5):
        drafts = question_set(
            candidates, fact_base, count=len(pairs), seed=seed, kinds=(QuestionKind.ROLE,)
        )
        asked = [role_pair(d) for d in drafts]
        assert len(set(asked)) == len(asked) == len(pairs)
    with pytest.raises(NotEnoughQuestions) as raised:
        question_set(
            candidates, fact_base, count=len(pairs) + 1, seed=0, kinds=(QuestionKind.ROLE,)
        )
    assert raised.value.available[QuestionKind.ROLE] == len(pairs)


def test_one_persons_role_is_asked_one_way_even_in_their_own_scope(candidates, fact_base):
    scope = Scope(person_keys=frozenset({"ri-son-gwon"}))
    kinds = (QuestionKind.ROLE,)
    shown = set()
    for seed in range(6):
        (draft,) = question_set(candidates, fact_base, count=1, seed=seed, kinds=kinds, scope=scope)
        shown.add(draft.prompt)
    assert shown == {
        "2018年9月時，李善權擔任什麼職務？",
        "2018年9月時，下列哪一位擔任祖國和平統一委員會委員長？",
    }
    with pytest.raises(NotEnoughQuestions):
        question_set(candidates, fact_base, count=2, seed=0, kinds=kinds, scope=scope)


def test_a_stem_naming_the_signers_answers_who_signed(candidates, fact_base):
    """One event, and the date question's stem states the key of the who-question."""
    when = drafted(candidates, "「宋永武與努光鐵簽訂軍事領域協議書」是在哪一天？")
    who = drafted(
        candidates,
        "下列哪一位簽署了《旨在履行歷史性的板門店宣言的軍事領域協議書》？",
        key="宋永武",
    )
    assert answers(when, who, fact_base)
    assert not answers(who, when, fact_base)  # 9月19日 is nowhere in the who-question


def test_an_explanation_naming_a_post_and_its_holder_answers_the_role_question(
    candidates, fact_base
):
    """The place question's explanation quotes the vice-chairman of 朝鮮社會民主黨 by name:
    no shared fact, but the key and what is asked stand in it together."""
    where = drafted(candidates, "9月19日，代表經濟界的特別隨行團成員參觀了哪裡？")
    holder = drafted(candidates, "2018年9月時，下列哪一位擔任朝鮮社會民主黨中央委員會副委員長？")
    assert answers(where, holder, fact_base)
    assert not answers(holder, where, fact_base)


def test_a_role_question_answers_its_reverse_through_its_explanation(candidates, fact_base):
    post = drafted(candidates, "2018年9月時，李善權擔任什麼職務？")
    holder = drafted(candidates, "2018年9月時，下列哪一位擔任祖國和平統一委員會委員長？")
    assert answers(post, holder, fact_base) and answers(holder, post, fact_base)


def test_questions_about_other_things_answer_nothing(candidates, fact_base):
    when = drafted(candidates, "「文在寅和金正恩簽訂《平壤共同宣言》」是在哪一天？")
    holder = drafted(candidates, "2018年9月時，下列哪一位擔任朝鮮人民武力省長？")
    assert not answers(when, holder, fact_base) and not answers(holder, when, fact_base)


@pytest.mark.parametrize("seed", range(30))
def test_no_question_in_a_set_answers_another(candidates, fact_base, seed):
    drafts = question_set(candidates, fact_base, count=30, seed=seed)
    given_away = [(a.prompt, b.prompt) for a in drafts for b in drafts if answers(a, b, fact_base)]
    assert given_away == []


@pytest.mark.parametrize("phase", ["day1", "day2"])
def test_a_set_about_one_day_still_asks_an_ordering(candidates, fact_base, phase):
    """A day has one to three orderings, whose explanations state the times that day's
    other questions ask: the scarcest kind chooses first, so they are not crowded out.
    (The third day is one journey, in an order common sense gives: it has none.)"""
    from quizapp.vocabulary import Phase

    scope = Scope(phases=frozenset({Phase(phase)}))
    for seed in range(10):
        drafts = question_set(candidates, fact_base, count=10, seed=seed, scope=scope)
        assert QuestionKind.ORDERING in {d.kind for d in drafts}, seed
