"""An answer key worked out in the tests, independently of quizapp/generator/rules.py.

Each function reads a draft's options as text and decides, from the fact base alone,
which options are true, known false, or not known.
"""

from __future__ import annotations

from quizapp.chinese.scripts import fold_key
from quizapp.chinese.wording import date_label, time_label
from quizapp.generator.drafts import (
    AgreementQuery,
    DateQuery,
    FirstQuery,
    NameQuery,
    NumberQuery,
    ParticipantQuery,
    PlaceQuery,
    QuestionDraft,
    QuoteQuery,
    RoleHolderQuery,
    RoleQuery,
    TimeQuery,
)
from quizapp.generator.facts import FactBase


def who(fb: FactBase, text: str) -> set[int]:
    """Everyone a written name can mean: name, name with label, or alias, in any script."""
    folded = fold_key(text)
    return {
        p.id
        for p in fb.people
        if folded in {fold_key(f) for f in (p.name, p.display_name, *p.aliases)}
    }


def titles(fb: FactBase, person_id: int, delegation_only: bool) -> set[str]:
    person = fb.person_by_id[person_id]
    return {fold_key(r.title) for r in person.roles if r.is_delegation_post or not delegation_only}


def verdicts(draft: QuestionDraft, fb: FactBase) -> list[str]:
    """'true' / 'false' / 'unknown' for each option."""
    q = draft.query
    out = []
    for option in draft.options:
        if isinstance(q, DateQuery):
            events = [e for e in fb.events if fold_key(e.clause) == fold_key(q.clause)]
            if q.precision == "month":
                dates = {f"{e.date.year}年{e.date.month}月" for e in events}
                certain = events and not any(e.end_date for e in events)
            else:
                dates = {date_label(e.date) for e in events}
                certain = events and all(
                    e.date_precision == "day" and not e.end_date for e in events
                )
            out.append("unknown" if not certain else "true" if option in dates else "false")
        elif isinstance(q, TimeQuery):
            events = [
                e
                for e in fb.events
                if fold_key(e.clause) == fold_key(q.clause) and e.date == q.date
            ]
            labels = {time_label(e.time, precision=e.time_precision) for e in events}
            certain = events and all(
                e.time
                and e.time_precision in ("minute", "hour")
                and not (e.time_is_derived or e.time_is_approximate)
                for e in events
            )
            # An option inside a key given only to the hour (上午10時 vs 10時20分) is not false.
            inside_hour = any(
                e.time_precision == "hour"
                and any(
                    o.time
                    and o.time.hour == e.time.hour
                    and time_label(o.time, precision="minute") == option
                    for o in fb.events
                    if o.date == q.date
                )
                for e in events
            )
            if not certain:
                out.append("unknown")
            elif option in labels:
                out.append("true")
            else:
                out.append("unknown" if inside_hour else "false")
        elif isinstance(q, ParticipantQuery):
            events = [
                e
                for e in fb.events
                if any(
                    part == q.part and fold_key(phrase) == fold_key(q.phrase)
                    for part, phrase in e.who_phrases
                )
            ]
            people = who(fb, option)
            if len(people) != 1 or not events:
                out.append("unknown")
                continue
            (pid,) = people
            if any((pid, q.part) in e.participants for e in events):
                out.append("true")
            elif any(e.has_unnamed_participants for e in events) or any(
                pid in {p for p, _ in e.participants} for e in events
            ):
                out.append("unknown")
            else:
                out.append("false")
        elif isinstance(q, RoleQuery):
            people = who(fb, q.person_shown)
            holders = [
                p.id for p in fb.people if fold_key(option) in titles(fb, p.id, q.delegation_only)
            ]
            if len(people) != 1:
                out.append("unknown")
            elif next(iter(people)) in holders:
                out.append("true")
            else:
                out.append("false" if len(holders) == 1 else "unknown")
        elif isinstance(q, RoleHolderQuery):
            people = who(fb, option)
            holders = {
                p.id for p in fb.people if fold_key(q.title) in titles(fb, p.id, q.delegation_only)
            }
            if len(people) != 1:
                out.append("unknown")
            elif people <= holders:
                out.append("true")
            else:
                out.append("false" if len(holders) == 1 else "unknown")
        elif isinstance(q, PlaceQuery):
            asked = fold_key(q.asked_about)
            events = [
                e
                for e in fb.events
                if asked in {fold_key(text) for text in (e.activity, e.where_question) if text}
            ]
            chosen = [p for p in fb.places if fold_key(p.name) == fold_key(option)]
            if not events or len(chosen) != 1 or any(e.place_id is None for e in events):
                out.append("unknown")
                continue
            option_place = chosen[0]
            venues = [fb.place_by_id[e.place_id] for e in events]
            if any(
                v.id == option_place.id or fold_key(v.city) == fold_key(option_place.name)
                for v in venues
            ):
                out.append("true")
            elif any(fold_key(option_place.city) == fold_key(v.name) for v in venues):
                out.append("unknown")
            else:
                out.append("false")
        elif isinstance(q, NumberQuery | AgreementQuery | QuoteQuery | FirstQuery | NameQuery):
            out.append(statement_verdict(fb, q, option))
        else:
            raise AssertionError(f"no oracle for {q!r}")
    return out


def number_read(text: str) -> tuple[float, str] | None:
    """「15萬名」 → (150000.0, "名"), read without the generator's parser."""
    digits = ""
    for index, char in enumerate(text):
        if char.isdigit() or char == ".":
            digits += char
            continue
        rest = text[index:]
        if not digits:
            return None
        value = float(digits)
        if rest.startswith("萬"):
            value, rest = value * 10_000, rest[1:]
        return value, rest
    return None


def statement_verdict(fb: FactBase, q, option: str) -> str:
    """'true' / 'false' / 'unknown' for an option of a question about a statement."""
    same = fold_key
    if isinstance(q, NumberQuery):
        asked = [
            s for s in fb.statements if s.kind == "number" and same(s.question) == same(q.question)
        ]
        read = number_read(option)
        if len(asked) != 1 or asked[0].is_disputed or read is None:
            return "unknown"
        value, unit = read
        if unit != asked[0].unit:
            return "unknown"
        stated = float(asked[0].value)
        if abs(value - stated) < 1e-9:
            return "true"
        # A round figure does not exclude what lies close to it.
        close = abs(value - stated) <= 0.25 * stated
        return "unknown" if asked[0].is_approximate and close else "false"
    if isinstance(q, AgreementQuery):
        listed = [
            s
            for s in fb.statements
            if s.kind == "agreement"
            and same(s.text) == same(option)
            and (s.agreement == q.agreement or (s.agreement == "" and not s.included))
        ]
        if not listed or any(s.is_disputed for s in listed):
            return "unknown"
        answers = {s.included == q.included for s in listed}
        return "unknown" if len(answers) != 1 else "true" if answers == {True} else "false"
    if isinstance(q, QuoteQuery):
        quotes = [s for s in fb.statements if s.kind == "quote"]
        said = {same(s.speaker) for s in quotes if same(s.text) == same(q.quote)}
        if same(option) in said:
            return "true"
        known = {same(s.speaker) for s in quotes}
        return "false" if said and same(option) in known else "unknown"
    if isinstance(q, FirstQuery):
        holders = who(fb, q.holder)
        said = [
            s
            for s in fb.statements
            if s.kind == "first" and s.person_id in holders and same(s.text) == same(option)
        ]
        if len(holders) != 1 or not said or any(s.is_disputed for s in said):
            return "unknown"
        if all(s.included for s in said):
            return "true"
        return "false" if not any(s.included for s in said) else "unknown"
    names = [s for s in fb.statements if s.kind == "name" and same(s.question) == same(q.question)]
    if len(names) != 1 or names[0].is_disputed:
        return "unknown"
    return "true" if same(option) == same(names[0].text) else "false"
