"""What a student remembers, in pure Python: the units of memory behind a question, and
the rating an answer gives each of them (README, Practice).

A unit is a fact and one of its relations: an event's date, time, place or people; a
person's post; the order of two events; a statement (a number, an agreement point, a
quote, a first, a name). Every question is drawn from facts, so every answer, in a set
or in practice, says something about the units behind it; a fresh question can then
ask the same unit in other words.

Ratings follow py-fsrs's scale (1 Again, 2 Hard, 3 Good, 4 Easy). A multiple-choice
answer is never Easy: a right guess among four looks like knowing. Right but slow is
Hard (SLOW_AFTER_SECONDS); an ordering rates each adjacent pair of its events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.vocabulary import FactKind, FactRef, QuestionKind

AGAIN, HARD, GOOD = 1, 2, 3

# Over this long to a right answer rates Hard, not Good. A stem and four options in
# Chinese are some 60–120 characters: read at 5–8 characters a second (the research
# folder's reading-speed figures for school readers) that is 10–25 s, so an answer
# after 30 s was worked out rather than recalled. An ordering is read item by item and
# moved: twice as long.
SLOW_AFTER_SECONDS = 30.0
SLOW_ORDERING_AFTER_SECONDS = 60.0

# The relation each kind of question asks about its fact.
RELATION = {
    QuestionKind.DATE: "date",
    QuestionKind.TIME: "time",
    QuestionKind.PLACE: "place",
    QuestionKind.PARTICIPANT: "people",
    QuestionKind.ROLE: "role",
    QuestionKind.NUMBER: "number",
    QuestionKind.AGREEMENT: "agreement",
    QuestionKind.QUOTE: "quote",
    QuestionKind.FIRST: "first",
    QuestionKind.NAME: "name",
}
ORDER = "order"
# Which fact a multiple-choice kind is about: a role question's person, a participant
# question's event (its key person is the answer, not the thing remembered).
ABOUT = {
    QuestionKind.ROLE: FactKind.PERSON,
    QuestionKind.NUMBER: FactKind.STATEMENT,
    QuestionKind.AGREEMENT: FactKind.STATEMENT,
    QuestionKind.QUOTE: FactKind.STATEMENT,
    QuestionKind.FIRST: FactKind.STATEMENT,
    QuestionKind.NAME: FactKind.STATEMENT,
}


@dataclass(frozen=True, order=True)
class Unit:
    """A fact and one of its relations; `other` is the later event of an order pair."""

    fact: FactRef
    relation: str
    other: int = 0

    def __str__(self) -> str:
        return f"{self.fact}/{self.relation}" + (f"/{self.other}" if self.other else "")

    @classmethod
    def parse(cls, text: str) -> Unit:
        fact, relation, *other = text.split("/")
        return cls(FactRef.parse(fact), relation, int(other[0]) if other else 0)


def units_of(*, kind: QuestionKind, facts: Sequence[FactRef]) -> list[Unit]:
    """The units a question asks about. An ordering's facts are its events in time
    order: each adjacent pair is one unit. A teacher's own question has none."""
    if kind == QuestionKind.ORDERING:
        events = [fact for fact in facts if fact.kind == FactKind.EVENT]
        return [Unit(a, ORDER, b.id) for a, b in zip(events, events[1:], strict=False)]
    relation = RELATION.get(kind)
    about = ABOUT.get(kind, FactKind.EVENT)
    first = next((fact for fact in facts if fact.kind == about), None)
    if relation is None or first is None:
        return []
    return [Unit(first, relation)]


def ratings(
    *,
    kind: QuestionKind,
    facts: Sequence[FactRef],
    key: Sequence[int],
    answer: Sequence[int],
    seconds: float | None,
) -> list[tuple[Unit, int]]:
    """Each unit behind the question and the rating this answer gives it."""
    units = units_of(kind=kind, facts=facts)
    if kind == QuestionKind.ORDERING:
        if len(units) + 1 != len(key):
            # The events no longer match the key (a fact deleted since): no pair can be
            # told right from wrong, so none is rated.
            return []
        # key[i] is the option of the i-th event in time; a pair is right when the
        # student put its earlier event first.
        place = {option: position for position, option in enumerate(answer)}
        slow = seconds is not None and seconds > SLOW_ORDERING_AFTER_SECONDS
        rated = []
        for index, unit in enumerate(units):
            right = place.get(key[index], -1) < place.get(key[index + 1], -1)
            rated.append((unit, (HARD if slow else GOOD) if right else AGAIN))
        return rated
    right = list(answer) == list(key)
    slow = seconds is not None and seconds > SLOW_AFTER_SECONDS
    rating = (HARD if slow else GOOD) if right else AGAIN
    return [(unit, rating) for unit in units]
