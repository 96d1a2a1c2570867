"""Loading the fact base from fixtures/facts.yaml: the one write path for bulk facts.

A facts file names its source (the article, shipped beside it as a Markdown file) and
every place, person and event drawn from it; every event and every post a person holds
cites the article's sentence and footnotes. The file is validated row by row exactly
like an admin edit (full_clean), inside one transaction: a single bad row refuses the
whole file, every problem is reported with the row and field it sits in, and nothing
is half-saved.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from quizapp.facts.article import OMISSION
from quizapp.facts.models import (
    Event,
    Participation,
    Person,
    PersonAlias,
    PersonRole,
    Place,
    PlaceAlias,
    Source,
    Statement,
)
from quizapp.vocabulary import DatePrecision, Part, TimePrecision

SOURCE_FIELDS = {"key", "title", "address", "licence", "licence_address", "attribution", "text"}
PLACE_FIELDS = {"key", "name", "city", "aliases"}
PERSON_FIELDS = {
    "key",
    "name",
    "label",
    "side",
    "kind",
    "takes_part",
    "note",
    "roles",
    "aliases",
    "delegation_post",
}
ROLE_FIELDS = {"title", "sentence", "footnotes"}
DELEGATION_LIST_FIELDS = {"sentence", "footnotes"}
SECTIONS = {"source", "delegation_list", "places", "people", "events", "statements"}
EVENT_FIELDS = {
    "key",
    "clause",
    "phase",
    "date",
    "end_date",
    "date_is_derived",
    "time",
    "time_precision",
    "part_of_day",
    "time_is_derived",
    "time_is_approximate",
    "activity",
    "who",
    "where",
    "has_unnamed_participants",
    "place",
    "participants",
    "sentence",
    "footnotes",
    "is_disputed",
    "dispute_note",
}
STATEMENT_FIELDS = {
    "key",
    "kind",
    "phase",
    "question",
    "subject",
    "value",
    "unit",
    "approximate",
    "text",
    "agreement",
    "included",
    "speaker",
    "speaker_kind",
    "person",
    "wrong",
    "sentence",
    "footnotes",
    "is_disputed",
    "dispute_note",
}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class FactsFileError(Exception):
    """The file was refused; `problems` names each row and field at fault."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadReport:
    source: str = ""
    places: int = 0
    people: int = 0
    events: int = 0
    participations: int = 0
    statements: int = 0
    problems: list[str] = field(default_factory=list)


class _RowError(Exception):
    def __init__(self, field_name: str, message: str) -> None:
        self.field_name = field_name
        self.message = message


def _where(section: str, row: object) -> str:
    key = row.get("key") if isinstance(row, dict) else None
    return section + (f"（{key}）" if key else "")


def _validation_messages(error: ValidationError) -> Iterable[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                yield name, message
    else:
        for message in error.messages:
            yield "__all__", message


def _parse_date(value: object, *, field_name: str) -> tuple[datetime.date, str]:
    """A date and its precision: 2018-09-18 (day) or 2018-09 (month)."""
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    text = str(value).strip()
    if match := _MONTH.match(text):
        try:
            return datetime.date(int(match[1]), int(match[2]), 1), DatePrecision.MONTH
        except ValueError:
            pass
    else:
        try:
            return datetime.date.fromisoformat(text), DatePrecision.DAY
        except ValueError:
            pass
    raise _RowError(
        field_name, _("「%(text)s」不是日期：請寫 YYYY-MM-DD 或 YYYY-MM。") % {"text": text}
    )


def _parse_time(value: object) -> datetime.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, int) and 0 <= value < 24 * 60:
        # YAML 1.1 reads an unquoted 08:40 as a base-60 number (520): turn it back.
        return datetime.time(value // 60, value % 60)
    if isinstance(value, int):
        # An unquoted 25:00 reads as 1500: no time of day; say what was written.
        value = f"{value // 60}:{value % 60:02d}"
    try:
        return datetime.time.fromisoformat(str(value))
    except ValueError as error:
        raise _RowError(
            "time", _("「%(value)s」不是時間：請寫 HH:MM。") % {"value": value}
        ) from error


def _check_fields(row: object, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise _RowError("__all__", _("每一列必須是「欄位: 值」的對照表。"))
    unknown = sorted(set(row) - allowed)
    if unknown:
        raise _RowError(unknown[0], _("未知欄位：%(fields)s。") % {"fields": ", ".join(unknown)})
    if not row.get("key"):
        raise _RowError("key", _("每一列都要有代號（key）。"))
    return row


def _string_list(row: dict[str, Any], name: str) -> list[str]:
    value = row.get(name) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _RowError(name, _("請寫成字串清單，例如 [川普, 特普朗]。"))
    return value


def _footnotes(value: object, *, field_name: str) -> str:
    """[53, 54] as the models store it: 「53, 54」."""
    footnotes = value or []
    if not isinstance(footnotes, list):
        raise _RowError(field_name, _("腳註請寫成數字清單，例如 [53, 54]。"))
    return ", ".join(str(number) for number in footnotes)


@dataclass(frozen=True)
class Citation:
    """A sentence quoted from the article, and its footnotes as the models store them."""

    sentence: str
    footnotes: str


def _delegation_list(value: object) -> Citation | None:
    """The delegation list's lead-in, which every `delegation_post:` cites with its own line."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _RowError("__all__", _("請寫成 sentence 和 footnotes 兩個欄位。"))
    if unknown := sorted(set(value) - DELEGATION_LIST_FIELDS):
        raise _RowError(unknown[0], _("未知欄位：%(fields)s。") % {"fields": ", ".join(unknown)})
    sentence = value.get("sentence")
    if not isinstance(sentence, str) or not sentence.strip():
        raise _RowError("sentence", _("請貼上名單前的原句。"))
    return Citation(sentence, _footnotes(value.get("footnotes"), field_name="footnotes"))


def _save(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))
    instance.save()


def _save_child(instance: models.Model, *, row_field: str) -> None:
    """Save a row's alias, role or participant, reporting problems under the row's field."""
    try:
        # The folded key's uniqueness is checked (with a better message) in clean().
        _save(instance, exclude=["folded"])
    except ValidationError as error:
        message = " ".join(message for _name, message in _validation_messages(error))
        raise _RowError(row_field, message) from error


class _FactsYamlLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad date is our message, not a crash."""


_FactsYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _upsert[M: (Source, Place, Person, Event, Statement)](
    model: type[M], key: str, values: dict[str, Any]
) -> M:
    instance = model._default_manager.filter(key=key).first() or model(key=key)
    for name, value in values.items():
        setattr(instance, name, value)
    _save(instance)
    return instance


def _load_source(row: object, *, folder: Path) -> Source:
    """The article itself: its metadata, and its text read from the file the row names."""
    row = _check_fields(row, SOURCE_FIELDS)
    text_file = row.get("text")
    if not isinstance(text_file, str) or not text_file.strip():
        raise _RowError("text", _("請寫出原文檔案的路徑（相對於這個檔案），例如 article/x.md。"))
    try:
        text = (folder / text_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _RowError(
            "text", _("讀不到原文檔案「%(file)s」：%(error)s") % {"file": text_file, "error": error}
        ) from error
    values = {name: row.get(name, "") for name in SOURCE_FIELDS - {"key", "text"}}
    return _upsert(Source, row["key"], {**values, "text": text})


def _load_place(row: dict[str, Any], *, source: Source) -> Place:
    row = _check_fields(row, PLACE_FIELDS)
    aliases = _string_list(row, "aliases")
    place = _upsert(
        Place,
        row["key"],
        {"source": source, "name": row.get("name", ""), "city": row.get("city", "")},
    )
    place.aliases.all().delete()
    for alias in aliases:
        _save_child(PlaceAlias(place=place, name=alias), row_field="aliases")
    return place


def _save_role(role: PersonRole, *, row_field: str) -> None:
    """Save one of a person's roles, reporting each problem under the role's own field
    (「roles[0].sentence」)."""
    try:
        _save(role)
    except ValidationError as error:
        raise ValidationError(
            {
                f"{row_field}.{name}" if name != "__all__" else row_field: messages
                for name, messages in error.message_dict.items()
            }
        ) from error


def _load_roles(person: Person, row: dict[str, Any], *, delegation_list: Citation | None) -> None:
    roles = row.get("roles") or []
    if not isinstance(roles, list) or not all(isinstance(role, dict) for role in roles):
        raise _RowError(
            "roles", _("職務請寫成清單，每項有 title、sentence、footnotes，出處是文章的原句。")
        )
    order = 0
    if post := row.get("delegation_post"):
        if delegation_list is None:
            raise _RowError(
                "delegation_post",
                _("代表團職務引用 delegation_list 一節的原句，檔案卻沒有這一節。"),
            )
        # The list gives each member a line of its own: the post, then the name.
        sentence = f"{delegation_list.sentence}{OMISSION}{post}{person.name}"
        _save_role(
            PersonRole(
                person=person,
                title=post,
                is_delegation_post=True,
                order=order,
                sentence=sentence,
                footnotes=delegation_list.footnotes,
            ),
            row_field="delegation_post",
        )
    for order, role in enumerate(roles, start=1):
        field_name = f"roles[{order - 1}]"
        if unknown := sorted(set(role) - ROLE_FIELDS):
            raise _RowError(
                f"{field_name}.{unknown[0]}",
                _("未知欄位：%(fields)s。") % {"fields": ", ".join(unknown)},
            )
        if role.get("title") == post:
            continue
        _save_role(
            PersonRole(
                person=person,
                title=role.get("title") or "",
                order=order,
                sentence=role.get("sentence") or "",
                footnotes=_footnotes(role.get("footnotes"), field_name=f"{field_name}.footnotes"),
            ),
            row_field=field_name,
        )


def _load_person(
    row: dict[str, Any], *, source: Source, delegation_list: Citation | None
) -> Person:
    row = _check_fields(row, PERSON_FIELDS)
    aliases = _string_list(row, "aliases")
    person = _upsert(
        Person,
        row["key"],
        {
            "source": source,
            "name": row.get("name", ""),
            "label": row.get("label", ""),
            "side": row.get("side", ""),
            "kind": row.get("kind", ""),
            "takes_part": bool(row.get("takes_part", True)),
            "note": row.get("note", ""),
        },
    )
    person.roles.all().delete()
    person.aliases.all().delete()
    _load_roles(person, row, delegation_list=delegation_list)
    for alias in aliases:
        _save_child(PersonAlias(person=person, name=alias), row_field="aliases")
    return person


def _event_values(
    row: dict[str, Any], *, places: dict[str, Place], sequence: int
) -> dict[str, Any]:
    date, date_precision = _parse_date(row.get("date", ""), field_name="date")
    end_date = (
        _parse_date(row["end_date"], field_name="end_date")[0] if row.get("end_date") else None
    )
    time = _parse_time(row.get("time"))
    part_of_day = row.get("part_of_day", "")
    precision = row.get("time_precision") or (
        TimePrecision.MINUTE
        if time is not None
        else TimePrecision.PART_OF_DAY
        if part_of_day
        else TimePrecision.NONE
    )
    place_key = row.get("place")
    if place_key and place_key not in places:
        raise _RowError("place", _("找不到地點代號「%(key)s」。") % {"key": place_key})
    return {
        "clause": row.get("clause", ""),
        "phase": row.get("phase", ""),
        "date": date,
        "date_precision": date_precision,
        "end_date": end_date,
        "date_is_derived": bool(row.get("date_is_derived", False)),
        "time": time,
        "time_precision": precision,
        "part_of_day": part_of_day,
        "time_is_derived": bool(row.get("time_is_derived", False)),
        "time_is_approximate": bool(row.get("time_is_approximate", False)),
        "activity": row.get("activity", ""),
        "who_phrases": row.get("who") or {},
        "where_question": row.get("where", ""),
        "has_unnamed_participants": bool(row.get("has_unnamed_participants", False)),
        "place": places.get(place_key) if place_key else None,
        "source_sentence": row.get("sentence", ""),
        "footnotes": _footnotes(row.get("footnotes"), field_name="footnotes"),
        "is_disputed": bool(row.get("is_disputed", False)),
        "dispute_note": row.get("dispute_note", ""),
        "sequence": sequence,
    }


def _load_event(
    row: dict[str, Any],
    *,
    source: Source,
    places: dict[str, Place],
    people: dict[str, Person],
    sequence: int,
) -> tuple[Event, int]:
    row = _check_fields(row, EVENT_FIELDS)
    participants = row.get("participants") or {}
    if not isinstance(participants, dict):
        raise _RowError("participants", _("參與者請寫成「角色: [人物代號]」。"))
    values = _event_values(row, places=places, sequence=sequence)
    event = _upsert(Event, row["key"], {"source": source, **values})
    for part in event.who_phrases:
        if not participants.get(part):
            raise _RowError(
                f"who.{part}", _("有「%(part)s」的說法，卻沒有這個角色的參與者。") % {"part": part}
            )
    event.participations.all().delete()
    count = 0
    for part, keys in participants.items():
        if part not in Part:
            raise _RowError(
                f"participants.{part}",
                _("未知角色「%(part)s」；可用：%(parts)s。")
                % {"part": part, "parts": ", ".join(Part)},
            )
        for key in keys or []:
            if key not in people:
                raise _RowError(
                    f"participants.{part}", _("找不到人物代號「%(key)s」。") % {"key": key}
                )
            _save_child(
                Participation(event=event, person=people[key], part=part),
                row_field=f"participants.{part}",
            )
            count += 1
    return event, count


def _footnote_text(row: dict[str, Any]) -> str:
    footnotes = row.get("footnotes") or []
    if not isinstance(footnotes, list):
        raise _RowError("footnotes", _("腳註請寫成數字清單，例如 [53, 54]。"))
    return ", ".join(str(number) for number in footnotes)


def _decimal(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise _RowError("value", _("「%(value)s」不是數字。") % {"value": value}) from error


def _load_statement(
    row: dict[str, Any], *, source: Source, people: dict[str, Person], sequence: int
) -> Statement:
    row = _check_fields(row, STATEMENT_FIELDS)
    person_key = row.get("person")
    if person_key and person_key not in people:
        raise _RowError("person", _("找不到人物代號「%(key)s」。") % {"key": person_key})
    return _upsert(
        Statement,
        row["key"],
        {
            "source": source,
            "kind": row.get("kind", ""),
            "phase": row.get("phase", ""),
            "question": row.get("question", ""),
            "subject": row.get("subject", ""),
            "value": _decimal(row.get("value")),
            "unit": row.get("unit", ""),
            "is_approximate": bool(row.get("approximate", False)),
            "text": row.get("text", ""),
            "agreement": row.get("agreement", ""),
            "included": bool(row.get("included", True)),
            "speaker": row.get("speaker", ""),
            "speaker_kind": row.get("speaker_kind", ""),
            "person": people.get(person_key) if person_key else None,
            "wrong_values": _string_list(row, "wrong"),
            "source_sentence": row.get("sentence", ""),
            "footnotes": _footnote_text(row),
            "is_disputed": bool(row.get("is_disputed", False)),
            "dispute_note": row.get("dispute_note", ""),
            "sequence": sequence,
        },
    )


def _each_row(
    section: str,
    rows: object,
    report: LoadReport,
    load: Callable[[int, dict[str, Any]], Any],
) -> None:
    if rows is None:
        return
    if not isinstance(rows, list):
        report.problems.append(f"{section}: " + _("必須是一個清單。"))
        return
    for index, row in enumerate(rows):
        _one_row(f"{section}[{index}]", row, report, partial(load, index, row))


def _one_row(section: str, row: object, report: LoadReport, load: Callable[[], Any]) -> Any:
    """Load one row in a savepoint; a failure is noted in the report and gives None."""
    where = _where(section, row)
    try:
        # A savepoint per row: after a failed row the others can still be checked,
        # so one run reports every problem in the file.
        with transaction.atomic():
            return load()
    except _RowError as error:
        report.problems.append(f"{where}.{error.field_name}: {error.message}")
    except ValidationError as error:
        for name, message in _validation_messages(error):
            report.problems.append(f"{where}.{name}: {message}")
    return None


def facts_load(*, path: Path) -> LoadReport:
    """Load (or update, by key) the source and every place, person and event in the
    file, or none of them."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_FactsYamlLoader)  # noqa: S506
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise FactsFileError([f"{path}: {error}"]) from error
    if not isinstance(data, dict):
        raise FactsFileError(
            [
                f"{path}: "
                + _("檔案須有 source、places、people、events 四節，statements 一節可省略。")
            ]
        )
    unknown = sorted(set(data) - SECTIONS)
    if unknown:
        raise FactsFileError(
            [f"{path}: " + _("未知的節：%(sections)s。") % {"sections": ", ".join(unknown)}]
        )
    if not isinstance(data.get("source"), dict):
        raise FactsFileError([f"{path}: " + _("缺少 source 一節：這些史實出自哪篇文章？")])

    report = LoadReport()
    places: dict[str, Place] = {}
    people: dict[str, Person] = {}

    with transaction.atomic():
        source = _one_row(
            "source",
            data["source"],
            report,
            partial(_load_source, data["source"], folder=path.parent),
        )
        if source is None:
            transaction.set_rollback(True)
            raise FactsFileError(report.problems)

        delegation_list = _one_row(
            "delegation_list",
            data.get("delegation_list"),
            report,
            partial(_delegation_list, data.get("delegation_list")),
        )

        def load_place(_index: int, row: dict[str, Any]) -> None:
            place = _load_place(row, source=source)
            places[place.key] = place

        def load_person(_index: int, row: dict[str, Any]) -> None:
            person = _load_person(row, source=source, delegation_list=delegation_list)
            people[person.key] = person

        def load_event(index: int, row: dict[str, Any]) -> None:
            _event, count = _load_event(
                row, source=source, places=places, people=people, sequence=index + 1
            )
            report.participations += count
            report.events += 1

        _each_row("places", data.get("places"), report, load_place)
        _each_row("people", data.get("people"), report, load_person)

        def load_statement(index: int, row: dict[str, Any]) -> None:
            _load_statement(row, source=source, people=people, sequence=index + 1)
            report.statements += 1

        _each_row("events", data.get("events"), report, load_event)
        _each_row("statements", data.get("statements"), report, load_statement)
        if report.problems:
            transaction.set_rollback(True)
            raise FactsFileError(report.problems)
    report.source = source.title
    report.places = len(places)
    report.people = len(people)
    return report
