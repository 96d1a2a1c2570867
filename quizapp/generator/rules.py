"""The question rules (README, Questions), checked on every draft against the whole fact base.

The checks read a draft the way a student would: its stem is turned back into a query
over the fact base, and each option, by its text alone, into the person, place, date or
time it names. A draft passes only if exactly its key is true and every other option is
*known* false: not merely unlinked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from quizapp.chinese.scripts import fold_key
from quizapp.chinese.wording import date_label, number_label, time_label
from quizapp.generator.drafts import (
    AgreementQuery,
    DateQuery,
    FirstQuery,
    NameQuery,
    NumberQuery,
    OrderQuery,
    ParticipantQuery,
    PlaceQuery,
    QuestionDraft,
    QuoteQuery,
    RoleHolderQuery,
    RoleQuery,
    Rule,
    TimeQuery,
)
from quizapp.generator.facts import EventFact, FactBase, StatementFact
from quizapp.generator.intervals import event_interval, strictly_ordered
from quizapp.vocabulary import DatePrecision, QuestionKind, StatementKind

# A multiple-choice question's options: the key and three known false.
CHOICES = 4


class Truth(StrEnum):
    """What the fact base says of an option: known true, known false, or not known."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


TRUE, FALSE, UNKNOWN = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN
_CATCH_ALL = ("以上皆是", "以上皆非", "以上都是", "以上都不是", "以上皆對", "都不對")
_DATE_FORM = re.compile(r"^(\d{4}年)?\d{1,2}月(\d{1,2}日)?$")
_TIME_FORM = re.compile(r"^(早上|上午|中午|下午|晚上)(\d{1,2}時(\d{1,2}分)?)?$")
_WHEN_IN_TEXT = re.compile(r"\d{1,2}月\d{1,2}日|\d{1,2}[時点點]|\d{4}年")


def events_with_clause(fb: FactBase, clause: str) -> list[EventFact]:
    return fb.events_by_clause.get(fold_key(clause), [])


def people_named(fb: FactBase, text: str) -> frozenset[int]:
    return fb.people_by_folded_name.get(fold_key(text), frozenset())


def event_date_text(event: EventFact) -> str:
    return date_label(event.date, precision=event.date_precision, end_date=event.end_date)


def event_time_text(event: EventFact) -> str:
    return time_label(event.time, precision=event.time_precision, part_of_day=event.part_of_day)


def _date_truth(fb: FactBase, query: DateQuery, option: str) -> Truth:
    events = events_with_clause(fb, query.clause)
    if not events or any(e.end_date for e in events):
        return UNKNOWN
    if query.precision == DatePrecision.MONTH:
        months = {date_label(e.date, precision=DatePrecision.MONTH) for e in events}
        return TRUE if option in months else FALSE
    if any(e.date_precision != DatePrecision.DAY for e in events):
        return UNKNOWN
    return TRUE if option in {event_date_text(e) for e in events} else FALSE


def _time_truth(fb: FactBase, query: TimeQuery, option: str) -> Truth:
    events = [e for e in events_with_clause(fb, query.clause) if e.date == query.date]
    if not events or any(e.time is None for e in events):
        return UNKNOWN
    if option in {event_time_text(e) for e in events}:
        return TRUE
    # An option inside the key's interval (10時20分 against 「上午10時」) is not known false.
    others = [
        e for e in fb.events if e.date == query.date and e.time and event_time_text(e) == option
    ]
    if not others:
        return UNKNOWN
    for event in events:
        start, end = event_interval(event)
        for other in others:
            other_start, _ = event_interval(other)
            if start <= other_start < end:
                return UNKNOWN
    return FALSE


def _participant_truth(fb: FactBase, query: ParticipantQuery, option: str) -> Truth:
    events = fb.events_by_who_phrase.get((query.part, fold_key(query.phrase)), [])
    people = people_named(fb, option)
    if not events or len(people) != 1:
        return UNKNOWN
    (person_id,) = people
    if any(person_id in event.people_in(query.part) for event in events):
        return TRUE
    if any(event.has_unnamed_participants for event in events):
        return UNKNOWN  # 「等」: someone unnamed may be this person
    if any(person_id in event.people_in() for event in events):
        return UNKNOWN  # there in another part; the article may just not say
    return FALSE


def _titles_of(fb: FactBase, person_id: int, *, delegation_only: bool) -> set[str]:
    person = fb.person_by_id[person_id]
    return {
        fold_key(role.title)
        for role in person.roles
        if role.is_delegation_post or not delegation_only
    }


def _holders_of(fb: FactBase, title: str, *, delegation_only: bool) -> frozenset[int]:
    index = fb.delegation_post_holders if delegation_only else fb.title_holders
    return index.get(fold_key(title), frozenset())


def _role_truth(fb: FactBase, query: RoleQuery, option: str) -> Truth:
    people = people_named(fb, query.person_shown)
    if len(people) != 1:
        return UNKNOWN
    (person_id,) = people
    if fold_key(option) in _titles_of(fb, person_id, delegation_only=query.delegation_only):
        return TRUE
    # Known false: the post is someone else's, and theirs alone.
    holders = _holders_of(fb, option, delegation_only=query.delegation_only)
    return FALSE if len(holders) == 1 and person_id not in holders else UNKNOWN


def _role_holder_truth(fb: FactBase, query: RoleHolderQuery, option: str) -> Truth:
    people = people_named(fb, option)
    if len(people) != 1:
        return UNKNOWN
    holders = _holders_of(fb, query.title, delegation_only=query.delegation_only)
    if next(iter(people)) in holders:
        return TRUE
    return FALSE if len(holders) == 1 else UNKNOWN


def _place_truth(fb: FactBase, query: PlaceQuery, option: str) -> Truth:
    events = fb.events_by_place_question.get(fold_key(query.asked_about), [])
    places = fb.places_by_folded_name.get(fold_key(option), frozenset())
    if not events or len(places) != 1:
        return UNKNOWN
    option_place = fb.place_by_id[next(iter(places))]
    verdicts = set()
    for event in events:
        if event.place_id is None:
            return UNKNOWN
        place = fb.place_by_id[event.place_id]
        if option_place.id == place.id or (
            place.city and fold_key(option_place.name) == fold_key(place.city)
        ):
            verdicts.add(TRUE)  # the venue itself, or the city it stands in
        elif option_place.city and fold_key(option_place.city) == fold_key(place.name):
            verdicts.add(UNKNOWN)  # a venue inside the city the article names
        else:
            verdicts.add(FALSE)
    return TRUE if TRUE in verdicts else UNKNOWN if UNKNOWN in verdicts else FALSE


def _statements(fb: FactBase, kind: StatementKind) -> list[StatementFact]:
    """Every statement of a kind, disputed ones too: they can make an option not known."""
    return [s for s in fb.statements if s.kind == kind]


_NUMBER_FORM = re.compile(r"^(\d+(?:\.\d+)?)(萬)?(\D+)$")


def number_value(option: str) -> tuple[Decimal, str] | None:
    """「15萬名」 → (150000, "名"); None for text that is no number with a unit."""
    match = _NUMBER_FORM.match(option)
    if match is None:
        return None
    try:
        value = Decimal(match[1])
    except InvalidOperation:
        return None
    return (value * 10_000 if match[2] else value), match[3]


def _number_truth(fb: FactBase, query: NumberQuery, option: str) -> Truth:
    asked = [
        s
        for s in _statements(fb, StatementKind.NUMBER)
        if fold_key(s.question) == fold_key(query.question)
    ]
    parsed = number_value(option)
    if len(asked) != 1 or asked[0].is_disputed or asked[0].value is None or parsed is None:
        return UNKNOWN
    (statement,) = asked
    assert statement.value is not None
    if option == number_label(statement.value, statement.unit):
        return TRUE
    value, unit = parsed
    if unit != statement.unit:
        return UNKNOWN
    # A rough figure (「15萬名」) does not rule out a value within a quarter of it.
    margin = Decimal("0.25") if statement.is_approximate else Decimal(0)
    return FALSE if abs(value - statement.value) > margin * statement.value else UNKNOWN


def _agreement_truth(fb: FactBase, query: AgreementQuery, option: str) -> Truth:
    points = [
        s
        for s in _statements(fb, StatementKind.AGREEMENT)
        if fold_key(s.text) == fold_key(option) and s.agreement in (query.agreement, "")
    ]
    if not points or any(p.is_disputed for p in points):
        return UNKNOWN
    in_it = {p.included for p in points if p.agreement == query.agreement or not p.included}
    if len(in_it) != 1:
        return UNKNOWN
    return TRUE if in_it == {query.included} else FALSE


def _quote_truth(fb: FactBase, query: QuoteQuery, option: str) -> Truth:
    quotes = _statements(fb, StatementKind.QUOTE)
    said = {fold_key(q.speaker) for q in quotes if fold_key(q.text) == fold_key(query.quote)}
    if not said:
        return UNKNOWN
    if fold_key(option) in said:
        return TRUE
    # Known false: a speaker the fact base quotes, never with these words.
    return FALSE if fold_key(option) in {fold_key(q.speaker) for q in quotes} else UNKNOWN


def _first_truth(fb: FactBase, query: FirstQuery, option: str) -> Truth:
    holders = people_named(fb, query.holder)
    said = [
        s
        for s in _statements(fb, StatementKind.FIRST)
        if s.person_id in holders and fold_key(s.text) == fold_key(option)
    ]
    if len(holders) != 1 or not said or any(s.is_disputed for s in said):
        return UNKNOWN
    verdicts = {s.included for s in said}
    return UNKNOWN if len(verdicts) != 1 else TRUE if verdicts == {True} else FALSE


def _name_truth(fb: FactBase, query: NameQuery, option: str) -> Truth:
    names = [
        s
        for s in _statements(fb, StatementKind.NAME)
        if fold_key(s.question) == fold_key(query.question)
    ]
    if len(names) != 1 or names[0].is_disputed:
        return UNKNOWN
    # An official name is one: every other wording is not it.
    return TRUE if fold_key(option) == fold_key(names[0].text) else FALSE


_TRUTH: dict[type, Callable[[FactBase, Any, str], Truth]] = {
    DateQuery: _date_truth,
    TimeQuery: _time_truth,
    ParticipantQuery: _participant_truth,
    RoleQuery: _role_truth,
    RoleHolderQuery: _role_holder_truth,
    PlaceQuery: _place_truth,
    NumberQuery: _number_truth,
    AgreementQuery: _agreement_truth,
    QuoteQuery: _quote_truth,
    FirstQuery: _first_truth,
    NameQuery: _name_truth,
}


def option_truths(draft: QuestionDraft, fb: FactBase) -> list[Truth]:
    truth = _TRUTH[type(draft.query)]
    return [truth(fb, draft.query, option) for option in draft.options]


def _one_key(draft: QuestionDraft, fb: FactBase) -> bool:
    if isinstance(draft.query, OrderQuery):
        events = [events_with_clause(fb, item) for item in draft.options]
        return all(len(found) == 1 for found in events) and len(draft.key) == len(draft.options)
    truths = option_truths(draft, fb)
    return (
        len(draft.key) == 1
        and [i for i, t in enumerate(truths) if t == TRUE] == list(draft.key)
        and all(t == FALSE for i, t in enumerate(truths) if i != draft.key[0])
    )


def _date_order(option: str) -> tuple[int, ...]:
    return tuple(int(number) for number in re.findall(r"\d+", option))


def _sort_key(draft: QuestionDraft, fb: FactBase) -> Callable[[str], Any]:
    if draft.kind == QuestionKind.DATE:
        return _date_order
    if draft.kind == QuestionKind.TIME:
        return lambda option: (fb.time_by_label.get(option), option)
    if draft.kind == QuestionKind.NUMBER:
        return lambda option: (number_value(option) or (Decimal(0), ""))[0]
    return fold_key


def _options(draft: QuestionDraft, fb: FactBase) -> bool:
    options = draft.options
    folded = [fold_key(option) for option in options]
    if len(set(folded)) != len(options) or any(not option.strip() for option in options):
        return False
    if any(phrase in option for option in options for phrase in _CATCH_ALL):
        return False
    # Four options, always: a question of three (three airports, two halls beside the
    # key) reads as unfinished and is guessed one time in three.
    if draft.kind != QuestionKind.ORDERING and len(options) != CHOICES:
        return False
    if draft.kind == QuestionKind.ORDERING and not 3 <= len(options) <= 6:
        return False
    if draft.kind == QuestionKind.DATE and (
        not all(_DATE_FORM.match(o) for o in options) or len({"日" in o for o in options}) != 1
    ):
        return False  # never 「9月18日」 beside 「9月」
    if draft.kind == QuestionKind.TIME and not all(_TIME_FORM.match(o) for o in options):
        return False
    # A namesake's label is not part of the name's length.
    lengths = [len(re.sub(r"（[^）]*）$", "", option)) for option in options]
    if draft.kind != QuestionKind.ORDERING and max(lengths) > 3 * min(lengths):
        return False  # 「the longest answer is always right」 is a cue
    sort_key = _sort_key(draft, fb)
    return list(options) == sorted(options, key=sort_key)


def _key_forms(draft: QuestionDraft, fb: FactBase) -> Iterable[str]:
    """Every way the key could be written, for the giveaway check."""
    if draft.kind == QuestionKind.ORDERING:
        return []
    key = draft.key_text
    forms = {key}
    for person_id in people_named(fb, key):
        person = fb.person_by_id[person_id]
        forms |= {person.name, *person.aliases}
    for place_id in fb.places_by_folded_name.get(fold_key(key), frozenset()):
        forms |= {fb.place_by_id[place_id].name, *fb.place_by_id[place_id].aliases}
    if draft.kind == QuestionKind.DATE:
        forms.add(re.sub(r"^\d{4}年", "", key))
    return forms


def _stem(draft: QuestionDraft, fb: FactBase) -> bool:
    stem = fold_key(draft.prompt)
    if any(fold_key(form) in stem for form in _key_forms(draft, fb)):
        return False
    if draft.kind == QuestionKind.ORDERING:
        # Items that carry their own date or clock time give the order away.
        return not any(_WHEN_IN_TEXT.search(item) for item in draft.options)
    return True


def _order(draft: QuestionDraft, fb: FactBase) -> bool:
    if draft.kind != QuestionKind.ORDERING:
        return True
    events = [events_with_clause(fb, item) for item in draft.options]
    if any(len(found) != 1 for found in events):
        return False
    if any(found[0].date_is_derived for found in events):
        return False  # a date the article only implies orders nothing
    in_key_order = [events[index][0] for index in draft.key]
    return sorted(draft.key) == list(range(len(draft.options))) and strictly_ordered(in_key_order)


def _names(draft: QuestionDraft, fb: FactBase) -> bool:
    if isinstance(draft.query, RoleQuery):
        shown = [draft.query.person_shown]
    elif isinstance(draft.query, ParticipantQuery | RoleHolderQuery):
        shown = list(draft.options)
    else:
        return True
    seen: set[int] = set()
    for text in shown:
        people = people_named(fb, text)
        if len(people) != 1:
            return False  # a bare namesake: the student cannot tell who is meant
        (person_id,) = people
        person = fb.person_by_id[person_id]
        if fold_key(person.name) in fb.shared_names and fold_key(text) != fold_key(
            person.display_name
        ):
            return False
        if person_id in seen:
            return False  # 川普 beside 特朗普: one person twice
        seen.add(person_id)
    return True


CHECKS: tuple[tuple[Rule, Callable[[QuestionDraft, FactBase], bool]], ...] = (
    (Rule.NAMES, _names),
    (Rule.OPTIONS, _options),
    (Rule.STEM, _stem),
    (Rule.ORDER, _order),
    (Rule.ONE_KEY, _one_key),
)


def broken_rule(draft: QuestionDraft, fb: FactBase) -> Rule | None:
    """The first rule the draft breaks, or None when it passes them all."""
    for rule, passes in CHECKS:
        if not passes(draft, fb):
            return rule
    return None
