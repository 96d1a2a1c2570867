"""Each question rule (README, Questions), proved over random fact bases (Hypothesis).

The generator's own checker is not trusted here: rule 1 is judged by tests/generator/
oracle.py, written separately, and the other rules by direct inspection of each draft.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings

from quizapp.chinese.scripts import fold_key
from quizapp.generator.drafts import OrderQuery, ParticipantQuery, RoleHolderQuery, RoleQuery
from quizapp.generator.generate import all_candidates, question_set
from quizapp.generator.intervals import strictly_ordered
from quizapp.vocabulary import QuestionKind
from tests.generator.oracle import number_read, verdicts, who
from tests.generator.strategies import fact_bases

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def person_options(draft):
    if isinstance(draft.query, ParticipantQuery | RoleHolderQuery):
        return list(draft.options)
    if isinstance(draft.query, RoleQuery):
        return [draft.query.person_shown]
    return []


@PROPERTY
@given(fact_bases())
def test_rule_1_exactly_the_key_is_true_and_every_distractor_is_known_false(fb):
    for draft in all_candidates(fb).drafts:
        if isinstance(draft.query, OrderQuery):
            for item in draft.options:
                assert sum(fold_key(e.clause) == fold_key(item) for e in fb.events) == 1
            continue
        found = verdicts(draft, fb)
        assert found[draft.key[0]] == "true", (draft.prompt, draft.options, found)
        assert all(v == "false" for i, v in enumerate(found) if i != draft.key[0]), (
            draft.prompt,
            draft.options,
            found,
        )


@PROPERTY
@given(fact_bases())
def test_rule_2_options_are_distinct_parallel_and_in_natural_order(fb):
    for draft in all_candidates(fb).drafts:
        folded = [fold_key(o) for o in draft.options]
        assert len(set(folded)) == len(folded)
        assert not any("以上" in o for o in draft.options)
        if draft.kind == QuestionKind.DATE:
            assert all(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", o) for o in draft.options)
            numbers = [tuple(map(int, re.findall(r"\d+", o))) for o in draft.options]
            assert numbers == sorted(numbers)
        elif draft.kind == QuestionKind.TIME:
            assert all(
                re.fullmatch(r"(上午|中午|下午|晚上)\d{1,2}時(\d{1,2}分)?", o)
                for o in draft.options
            )
        elif draft.kind == QuestionKind.NUMBER:
            values = [number_read(o) for o in draft.options]
            assert None not in values and len({unit for _v, unit in values}) == 1
            assert values == sorted(values)
        elif draft.kind != QuestionKind.ORDERING:
            assert folded == sorted(folded)


@PROPERTY
@given(fact_bases())
def test_rule_3_the_stem_never_contains_the_key(fb):
    for draft in all_candidates(fb).drafts:
        if draft.kind == QuestionKind.ORDERING:
            assert not any(re.search(r"\d+月\d+日|\d+時", item) for item in draft.options)
            continue
        key = draft.key_text
        forms = {key} | {
            form
            for pid in who(fb, key)
            for form in (fb.person_by_id[pid].name, *fb.person_by_id[pid].aliases)
        }
        for form in forms:
            assert fold_key(form) not in fold_key(draft.prompt), (draft.prompt, form)


@PROPERTY
@given(fact_bases())
def test_rule_4_ordering_items_are_strictly_ordered_in_the_key(fb):
    for draft in all_candidates(fb, kinds=(QuestionKind.ORDERING,)).drafts:
        events = [
            next(e for e in fb.events if fold_key(e.clause) == fold_key(draft.options[i]))
            for i in draft.key
        ]
        assert strictly_ordered(events)
        assert 3 <= len(events) <= 6


@PROPERTY
@given(fact_bases())
def test_rule_5_namesakes_carry_labels_and_no_person_appears_twice(fb):
    for draft in all_candidates(fb).drafts:
        shown = person_options(draft)
        meant = [who(fb, text) for text in shown]
        assert all(len(people) == 1 for people in meant), (draft.prompt, shown)
        ids = [next(iter(people)) for people in meant]
        assert len(set(ids)) == len(ids), (draft.prompt, shown)
        for text, pid in zip(shown, ids, strict=True):
            person = fb.person_by_id[pid]
            if sum(p.name == person.name for p in fb.people) > 1:
                assert person.label and person.label in text


@PROPERTY
@given(fact_bases())
def test_rule_6_same_seed_same_facts_same_questions(fb):
    first, second = all_candidates(fb), all_candidates(fb)
    assert [d.identity for d in first.drafts] == [d.identity for d in second.drafts]
    count = min(5, len(first.drafts))
    if count:
        a = question_set(first, fb, count=count, seed=11)
        b = question_set(second, fb, count=count, seed=11)
        assert [d.identity for d in a] == [d.identity for d in b]


@PROPERTY
@given(fact_bases())
def test_every_draft_cites_its_source_and_stays_within_difficulty_bounds(fb):
    for draft in all_candidates(fb).drafts:
        assert draft.explanation
        assert 0 <= draft.difficulty <= 1
        assert draft.facts


@PROPERTY
@given(fact_bases())
def test_no_who_question_is_keyed_to_a_leader(fb):
    """A leader among officials gives itself away: who-questions ask about officials."""
    for draft in all_candidates(fb, kinds=(QuestionKind.PARTICIPANT,)).drafts:
        (person_id,) = who(fb, draft.key_text)
        assert fb.person_by_id[person_id].kind != "leader", draft.prompt
