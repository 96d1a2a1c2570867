"""The fact base as the generator sees it: a frozen snapshot read in a fixed number of
queries. It lives on the consumer's side, so the facts app knows nothing of questions."""

from __future__ import annotations

from typing import Any

from quizapp import vocabulary
from quizapp.facts.models import Event, Person, Place, Statement
from quizapp.generator.facts import (
    EventFact,
    FactBase,
    PersonFact,
    PlaceFact,
    RoleFact,
    StatementFact,
)


def _named(fact: Person | Place) -> dict[str, Any]:
    """What people and places share: id, key, name and the other names they go by."""
    return {
        "id": fact.pk,
        "key": fact.key,
        "name": fact.name,
        "aliases": tuple(alias.name for alias in fact.aliases.all()),
    }


def fact_base_snapshot() -> FactBase:
    people = tuple(
        PersonFact(
            **_named(person),
            label=person.label,
            side=vocabulary.Side(person.side),
            kind=vocabulary.PersonKind(person.kind),
            takes_part=person.takes_part,
            roles=tuple(
                RoleFact(
                    title=role.title,
                    is_delegation_post=role.is_delegation_post,
                    sentence=role.sentence,
                    footnotes=tuple(role.footnote_numbers),
                )
                for role in person.roles.all()
            ),
        )
        for person in Person.objects.prefetch_related("roles", "aliases").order_by("id")
    )
    places = tuple(
        PlaceFact(**_named(place), city=place.city)
        for place in Place.objects.prefetch_related("aliases").order_by("id")
    )
    events = tuple(
        EventFact(
            id=event.pk,
            key=event.key,
            clause=event.clause,
            phase=vocabulary.Phase(event.phase),
            date=event.date,
            date_precision=vocabulary.DatePrecision(event.date_precision),
            end_date=event.end_date,
            date_is_derived=event.date_is_derived,
            time=event.time,
            time_precision=vocabulary.TimePrecision(event.time_precision),
            part_of_day=vocabulary.PartOfDay(event.part_of_day) if event.part_of_day else None,
            time_is_derived=event.time_is_derived,
            time_is_approximate=event.time_is_approximate,
            activity=event.activity,
            who_phrases=tuple(
                (vocabulary.Part(part), phrase)
                for part, phrase in sorted(event.who_phrases.items())
            ),
            where_question=event.where_question,
            place_id=event.place_id,
            participants=tuple(
                (p.person_id, vocabulary.Part(p.part)) for p in event.participations.all()
            ),
            has_unnamed_participants=event.has_unnamed_participants,
            sentence=event.source_sentence,
            footnotes=tuple(event.footnote_numbers),
            is_disputed=event.is_disputed,
            sequence=event.sequence,
        )
        for event in Event.objects.prefetch_related("participations").order_by(
            "date", "sequence", "id"
        )
    )
    statements = tuple(
        StatementFact(
            id=statement.pk,
            key=statement.key,
            kind=vocabulary.StatementKind(statement.kind),
            phase=vocabulary.Phase(statement.phase),
            sentence=statement.source_sentence,
            footnotes=tuple(statement.footnote_numbers),
            question=statement.question,
            subject=statement.subject,
            value=statement.value,
            unit=statement.unit,
            is_approximate=statement.is_approximate,
            text=statement.text,
            agreement=statement.agreement,
            included=statement.included,
            speaker=statement.speaker,
            speaker_kind=(
                vocabulary.SpeakerKind(statement.speaker_kind) if statement.speaker_kind else None
            ),
            person_id=statement.person_id,
            wrong_values=tuple(statement.wrong_values),
            is_disputed=statement.is_disputed,
            sequence=statement.sequence,
        )
        for statement in Statement.objects.order_by("sequence", "id")
    )
    return FactBase(people=people, places=places, events=events, statements=statements)
