"""A set's scope (which facts it asks about) as its JSON column stores it."""

from __future__ import annotations

import datetime
from typing import Any

from quizapp.generator.generate import Scope
from quizapp.vocabulary import Phase, Side


def scope_to_json(scope: Scope) -> dict[str, Any]:
    return {
        "phases": sorted(scope.phases),
        "person_keys": sorted(scope.person_keys),
        "sides": sorted(scope.sides),
        "date_from": scope.date_from.isoformat() if scope.date_from else None,
        "date_to": scope.date_to.isoformat() if scope.date_to else None,
    }


def scope_from_json(data: dict[str, Any]) -> Scope:
    return Scope(
        phases=frozenset(Phase(phase) for phase in data.get("phases") or ()),
        person_keys=frozenset(data.get("person_keys") or ()),
        sides=frozenset(Side(side) for side in data.get("sides") or ()),
        date_from=datetime.date.fromisoformat(data["date_from"]) if data.get("date_from") else None,
        date_to=datetime.date.fromisoformat(data["date_to"]) if data.get("date_to") else None,
    )
