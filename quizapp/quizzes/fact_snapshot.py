"""The fact base as the generator sees it: a frozen snapshot read in a fixed number of
queries. It lives on the consumer's side, so the facts app knows nothing of questions."""

from __future__ import annotations

from quizapp.facts.models import Event, Person, Place
from quizapp.generator.facts import EventFact, FactBase, PersonFact, PlaceFact, RoleFact
from quizapp.vocabulary import (
    DatePrecision,
    Part,
    PartOfDay,
    PersonKind,
    Phase,
    Side,
    TimePrecision,
)


def fact_base_snapshot() -> FactBase:
    people = tuple(
        PersonFact(
            id=person.pk,
            key=person.key,
            name=person.name,
            label=person.label,
            side=Side(person.side),
            kind=PersonKind(person.kind),
            takes_part=person.takes_part,
            roles=tuple(
                RoleFact(title=role.title, is_delegation_post=role.is_delegation_post)
                for role in person.roles.all()
            ),
            aliases=tuple(alias.name for alias in person.aliases.all()),
        )
        for person in Person.objects.prefetch_related("roles", "aliases").order_by("id")
    )
    places = tuple(
        PlaceFact(
            id=place.pk,
            key=place.key,
            name=place.name,
            city=place.city,
            aliases=tuple(alias.name for alias in place.aliases.all()),
        )
        for place in Place.objects.prefetch_related("aliases").order_by("id")
    )
    events = tuple(
        EventFact(
            id=event.pk,
            key=event.key,
            clause=event.clause,
            phase=Phase(event.phase),
            date=event.date,
            date_precision=DatePrecision(event.date_precision),
            end_date=event.end_date,
            time=event.time,
            time_precision=TimePrecision(event.time_precision),
            part_of_day=PartOfDay(event.part_of_day) if event.part_of_day else None,
            time_is_derived=event.time_is_derived,
            time_is_approximate=event.time_is_approximate,
            activity=event.activity,
            who_phrases=tuple(
                (Part(part), phrase) for part, phrase in sorted(event.who_phrases.items())
            ),
            where_question=event.where_question,
            place_id=event.place_id,
            participants=tuple((p.person_id, Part(p.part)) for p in event.participations.all()),
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
    return FactBase(people=people, places=places, events=events)
