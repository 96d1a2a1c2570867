"""Writes from what a class remembers: a draft question set on its facts at risk."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quizapp.classes.models import SchoolClass
from quizapp.classes.selectors.memory import class_memory
from quizapp.generator.drafts import QuestionDraft
from quizapp.practice.pool import Pool, pool_now
from quizapp.quizzes.models import QuestionSet
from quizapp.quizzes.services.question_sets import question_set_create
from quizapp.recall import Unit, units_of
from quizapp.vocabulary import QuestionKind


def _sameness(draft: QuestionDraft) -> object:
    """What two questions must not share: the stem, or for an ordering (whose stem is
    always the same instruction) the events it lists."""
    return draft.identity if draft.kind == QuestionKind.ORDERING else draft.prompt


def drafts_for_units(*, units: Sequence[Unit], pool: Pool) -> list[QuestionDraft]:
    """One draft per unit, the same ones every time for the same units: a draft asking
    that unit alone before one that asks others too (an ordering of three events asks
    two pairs), then the pool's own order; never the same question twice, so two units
    of one event are not asked in the same words. A unit a chosen ordering already asks
    gets no second question."""
    chosen: list[QuestionDraft] = []
    taken: set[object] = set()
    asked: set[Unit] = set()
    for unit in units:
        if unit in asked:
            continue
        candidates = sorted(
            pool.by_unit.get(unit, ()),
            key=lambda draft: len(units_of(kind=draft.kind, facts=draft.facts)) > 1,
        )
        draft = next((d for d in candidates if _sameness(d) not in taken), None)
        if draft is not None:
            chosen.append(draft)
            taken.add(_sameness(draft))
            asked.update(units_of(kind=draft.kind, facts=draft.facts))
    return chosen


def risk_set_create(
    *, school_class: SchoolClass, owner: User, now: datetime.datetime
) -> QuestionSet:
    """A draft set with a question on each of the class's facts at risk, for the teacher
    to look over, publish and assign (or hand out as practice). Refused when no student
    of the class has practised anything yet: there is nothing at risk to ask."""
    at_risk = class_memory(school_class=school_class, now=now).at_risk
    drafts = drafts_for_units(units=[item.unit for item in at_risk], pool=pool_now())
    if not drafts:
        raise ValidationError(_("班上還沒有學生作答或練習過，沒有待加強的史實。"))
    return question_set_create(
        title=_("%(name)s：待加強的史實") % {"name": school_class.name},
        drafts=drafts,
        owner=owner,
    )
