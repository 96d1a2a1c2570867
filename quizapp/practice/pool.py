"""Every candidate question, indexed by the units of memory it asks about, built once
per fact-base version and kept in the process: picking a practice question then costs
no generation (README, Performance: practice next-question).

Any write to a fact gives the facts a fresh version (quizapp/versions, connected in the
facts app), stored in the database with the write: the next request in any process
reads the new version and rebuilds.
"""

from __future__ import annotations

import datetime
import gc
import threading
from dataclasses import dataclass
from typing import Any

from quizapp import versions
from quizapp.generator.drafts import QuestionDraft
from quizapp.generator.facts import FactBase
from quizapp.generator.generate import all_candidates, draft_sections
from quizapp.quizzes.fact_snapshot import fact_base_snapshot
from quizapp.recall import Unit, units_of
from quizapp.vocabulary import FactKind, Phase

PHASE_ORDER = {phase: index for index, phase in enumerate(Phase)}


@dataclass(frozen=True)
class Pool:
    fact_base: FactBase
    drafts: tuple[QuestionDraft, ...]
    by_unit: dict[Unit, tuple[QuestionDraft, ...]]
    # Every unit in the article's order: what a new learner meets first.
    units: tuple[Unit, ...]
    phase_of: dict[Unit, Phase]


def _article_order(fb: FactBase, unit: Unit, phase: Phase) -> tuple[Any, ...]:
    if unit.fact.kind == FactKind.EVENT:
        event = fb.event_by_id[unit.fact.id]
        return (PHASE_ORDER[phase], event.date, event.sequence, unit.relation, unit.other)
    if unit.fact.kind == FactKind.STATEMENT:
        statement = fb.statement_by_id[unit.fact.id]
        return (PHASE_ORDER[phase], datetime.date.max, statement.sequence, unit.relation, 0)
    return (PHASE_ORDER[phase], datetime.date.max, 10_000 + unit.fact.id, unit.relation, 0)


def build_pool(fb: FactBase) -> Pool:
    drafts = tuple(all_candidates(fb).drafts)
    by_unit: dict[Unit, list[QuestionDraft]] = {}
    phase_of: dict[Unit, Phase] = {}
    for draft in drafts:
        sections = sorted(draft_sections(draft, fb), key=PHASE_ORDER.__getitem__)
        for unit in units_of(kind=draft.kind, facts=draft.facts):
            by_unit.setdefault(unit, []).append(draft)
            if sections:
                phase_of.setdefault(unit, sections[0])
    units = sorted(
        by_unit,
        key=lambda unit: _article_order(fb, unit, phase_of.get(unit, Phase.PREPARATION)),
    )
    return Pool(
        fact_base=fb,
        drafts=drafts,
        by_unit={unit: tuple(found) for unit, found in by_unit.items()},
        units=tuple(units),
        phase_of={unit: phase_of.get(unit, Phase.PREPARATION) for unit in units},
    )


_lock = threading.Lock()
_kept: dict[str, tuple[str, Pool]] = {}


def pool_now() -> Pool:
    (version,) = versions.current(versions.FACTS)
    kept = _kept.get("pool")
    if kept and kept[0] == version:
        return kept[1]
    with _lock:
        # Another request may have rebuilt it while this one waited for the lock.
        kept = _kept.get("pool")
        if kept and kept[0] == version:
            return kept[1]
        # The pool is some hundred thousand objects that live until the next rebuild:
        # frozen out of the cyclic collector's reach, they do not make every full
        # collection in every later request walk them. Unfrozen first, so the pool
        # this one replaces is collected rather than kept for good.
        gc.unfreeze()
        pool = build_pool(fact_base_snapshot())
        _kept["pool"] = (version, pool)
        gc.collect()
        gc.freeze()
    return pool
