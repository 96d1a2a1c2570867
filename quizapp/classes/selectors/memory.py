"""What a class remembers (「待加強的史實」): the units its current students recall worst,
and each student's known / due / never seen per section of the article.

Two queries whatever the class's size (its members, then their memory rows); the
questions and sections come from the practice pool, kept in the process.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quizapp.classes.models import Membership, SchoolClass
from quizapp.labels import label
from quizapp.memory.models import FactMemory
from quizapp.memory.scheduling import is_known, recall_probability
from quizapp.practice.pool import Pool, pool_now
from quizapp.recall import ORDER, Unit
from quizapp.vocabulary import FactKind, FactRef, Phase

AT_RISK_SHOWN = 15

# A unit's relation as a teacher names it (recall.RELATION's values, and ORDER).
RELATION_NAMES: dict[str, Promise] = {
    "date": _("日期"),
    "time": _("時間"),
    "place": _("地點"),
    "people": _("參與者"),
    "role": _("職務"),
    "number": _("數字"),
    "agreement": _("協議內容"),
    "quote": _("言論出處"),
    "first": _("首次"),
    "name": _("名稱"),
    ORDER: _("先後順序"),
}


@dataclass(frozen=True)
class UnitAtRisk:
    unit: Unit
    phase: Phase
    # What is asked, in a question's own words (an order pair: its two events).
    wording: str
    relation_name: str
    mean_recall: float  # over the students who have met the unit
    seen: int
    due: int
    class_size: int

    @property
    def mean_percent(self) -> int:
        return round(100 * self.mean_recall)


@dataclass(frozen=True)
class SectionCounts:
    phase: Phase
    name: str
    known: int
    due: int
    unseen: int


@dataclass(frozen=True)
class StudentMemory:
    membership: Membership
    sections: list[SectionCounts]

    @property
    def known(self) -> int:
        return sum(section.known for section in self.sections)

    @property
    def due(self) -> int:
        return sum(section.due for section in self.sections)

    @property
    def unseen(self) -> int:
        return sum(section.unseen for section in self.sections)


@dataclass(frozen=True)
class Section:
    phase: Phase
    name: str
    total: int


@dataclass(frozen=True)
class ClassMemory:
    class_size: int
    at_risk: list[UnitAtRisk]
    students: list[StudentMemory]
    sections: list[Section]


def unit_wording(unit: Unit, *, pool: Pool) -> str:
    """An ordering's stem says only 「依先後排列」: an order pair is shown as its events."""
    if unit.relation == ORDER and unit.fact.kind == FactKind.EVENT:
        events = pool.fact_base.event_by_id
        first, later = events.get(unit.fact.id), events.get(unit.other)
        if first is not None and later is not None:
            return gettext("「%(first)s」和「%(later)s」的先後") % {
                "first": first.clause,
                "later": later.clause,
            }
    return pool.by_unit[unit][0].prompt


def class_memory(
    *, school_class: SchoolClass, now: datetime.datetime, shown: int = AT_RISK_SHOWN
) -> ClassMemory:
    """The `shown` units with the lowest mean recall now among the class's current
    members who have met them (lowest first; then the most students due, then the
    article's order), and every member's counts per section.

    A member with no memory row for a unit has not met it: they count in 「x / n 位學過」,
    not in the mean, so a unit practised by two who forgot it ranks above one the whole
    class knows. Units no longer in the pool (a fact since removed) are left out: no
    question asks them.
    """
    pool = pool_now()
    # Ordered as the roster is, by the model's ordering: 座號, then 姓名.
    members = list(Membership.objects.current().filter(school_class=school_class))
    rows = FactMemory.objects.filter(
        user_id__in=[member.student_id for member in members]
    ).values_list("user_id", "fact_kind", "fact_id", "relation", "other_id", "card", "due")

    recalls: dict[Unit, list[float]] = {}
    due: dict[Unit, int] = {}
    # Per student and section: [known, due, seen].
    per_student: dict[int, dict[Phase, list[int]]] = {}
    for user_id, fact_kind, fact_id, relation, other_id, card, due_at in rows:
        unit = Unit(FactRef(FactKind(fact_kind), fact_id), relation, other_id)
        phase = pool.phase_of.get(unit)
        if phase is None:
            continue
        recalls.setdefault(unit, []).append(recall_probability(card, now=now))
        is_due = due_at <= now
        due[unit] = due.get(unit, 0) + is_due
        tally = per_student.setdefault(user_id, {}).setdefault(phase, [0, 0, 0])
        tally[0] += is_known(card, now=now)
        tally[1] += is_due
        tally[2] += 1

    position = {unit: index for index, unit in enumerate(pool.units)}
    ranked = sorted(
        recalls,
        key=lambda unit: (sum(recalls[unit]) / len(recalls[unit]), -due[unit], position[unit]),
    )
    at_risk = [
        UnitAtRisk(
            unit=unit,
            phase=pool.phase_of[unit],
            wording=unit_wording(unit, pool=pool),
            relation_name=str(RELATION_NAMES.get(unit.relation, unit.relation)),
            mean_recall=sum(recalls[unit]) / len(recalls[unit]),
            seen=len(recalls[unit]),
            due=due[unit],
            class_size=len(members),
        )
        for unit in ranked[:shown]
    ]

    totals = dict.fromkeys(Phase, 0)
    for unit in pool.units:
        totals[pool.phase_of[unit]] += 1
    sections = [Section(phase, label(phase), total) for phase, total in totals.items() if total]
    students = []
    for member in members:
        counts = per_student.get(member.student_id, {})
        per_section = []
        for section in sections:
            known, due_now, seen = counts.get(section.phase, [0, 0, 0])
            per_section.append(
                SectionCounts(section.phase, section.name, known, due_now, section.total - seen)
            )
        students.append(StudentMemory(membership=member, sections=per_section))
    return ClassMemory(
        class_size=len(members), at_risk=at_risk, students=students, sections=sections
    )
