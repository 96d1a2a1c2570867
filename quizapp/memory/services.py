"""Writes to memory: an answer's ratings applied to its units, and a guest's memory moved
into the account at login."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from quizapp.memory.models import FactMemory
from quizapp.memory.scheduling import reviewed
from quizapp.recall import AGAIN, Unit
from quizapp.sql import insert_unless_present, model_columns, quote

UPDATED_FIELDS = ["card", "due", "stability", "reviews", "lapses", "last_review", "last_prompt"]


def _units_q(units: Sequence[Unit]) -> Q:
    return reduce(or_, (Q(**FactMemory.unit_fields(unit)) for unit in units))


def memory_record(
    *,
    user_id: int | None,
    guest_token: str,
    rated: Sequence[tuple[Unit, int]],
    prompt: str,
    now: datetime.datetime,
) -> None:
    """Apply each rating to its unit's card, in a fixed number of queries whatever the
    student's history: one read of the units' rows, one insert, one update (twice that
    when another request added one of the rows meanwhile). Runs inside
    the caller's transaction, so the answer and the memory it changes are stored
    together or not at all; outside one, in a transaction of its own."""
    if not rated or not (user_id or guest_token):
        return
    # No savepoint: nothing here fails on a row another request wrote (the insert leaves
    # those out), and a savepoint is two more round trips to PostgreSQL.
    with transaction.atomic(savepoint=False):
        missed = _record(
            user_id=user_id, guest_token=guest_token, rated=rated, prompt=prompt, now=now
        )
        if missed:
            # Another answer of the same student's (a second tab) added these units'
            # rows between this one's read and its insert, and has committed (the
            # insert waited for it): read them again and apply the ratings to them.
            missed = _record(
                user_id=user_id,
                guest_token=guest_token,
                rated=[(unit, rating) for unit, rating in rated if unit in missed],
                prompt=prompt,
                now=now,
            )
        if missed:
            raise IntegrityError(f"memory rows of {sorted(map(str, missed))} kept changing")


_UNIT_COLUMNS = ["fact_kind", "fact_id", "relation", "other_id"]


def _record(
    *,
    user_id: int | None,
    guest_token: str,
    rated: Sequence[tuple[Unit, int]],
    prompt: str,
    now: datetime.datetime,
) -> set[Unit]:
    """Apply the ratings; the units whose rows another transaction inserted first,
    which are left as that transaction wrote them."""
    units = [unit for unit, _rating in rated]
    existing = {
        row.unit: row for row in _locked_rows(user_id=user_id, guest_token=guest_token, units=units)
    }
    created: list[FactMemory] = []
    for unit, rating in rated:
        row = existing.get(unit)
        if row is None:
            row = existing[unit] = FactMemory(
                user_id=user_id,
                guest_token="" if user_id else guest_token,
                **FactMemory.unit_fields(unit),
            )
            created.append(row)
        card = reviewed(row.card or None, rating=rating, now=now)
        row.card = card.to_dict()
        row.due = card.due
        row.stability = card.stability or 0.0
        row.lapses += rating == AGAIN and row.reviews > 0
        row.reviews += 1
        row.last_review = now
        row.last_prompt = prompt
    missed: set[Unit] = set()
    if created:
        inserted = insert_unless_present(created, returning=_UNIT_COLUMNS)
        if len(inserted) < len(created):
            present = set(inserted)
            missed = {
                row.unit
                for row in created
                if tuple(getattr(row, column) for column in _UNIT_COLUMNS) not in present
            }
    updated = [row for row in existing.values() if row not in created]
    if updated:
        FactMemory.objects.bulk_update(updated, UPDATED_FIELDS)
    return missed


def _locked_rows(
    *, user_id: int | None, guest_token: str, units: Sequence[Unit]
) -> list[FactMemory]:
    """The student's rows of these units, locked (where the database locks rows) in one
    order, so two answers at once (two tabs) wait rather than deadlock. Plain SQL: built
    through the ORM, the OR of the units cost several times the query's run."""
    params: list[int | str | None]
    if user_id:
        owner, params = "m.user_id = %s", [user_id]
    else:
        owner, params = "m.user_id IS NULL AND m.guest_token = %s", [guest_token]
    unit_match = "(m.fact_kind = %s AND m.fact_id = %s AND m.relation = %s AND m.other_id = %s)"
    for unit in units:
        params += [str(unit.fact.kind), unit.fact.id, unit.relation, unit.other]
    columns = model_columns(FactMemory, "m")
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns.select} FROM {quote(FactMemory._meta.db_table)} m "
            f"WHERE {owner} AND ({' OR '.join([unit_match] * len(units))}) "
            f"ORDER BY m.id{lock}",
            params,
        )
        return [columns.build(row) for row in cursor.fetchall()]


@transaction.atomic
def memory_move_to_account(*, guest_token: str, user_id: int) -> int:
    """A guest who logs in keeps what they practised. A unit both have is counted once:
    the card reviewed last wins, the other is dropped (never two rows, never summed)."""
    if not guest_token:
        return 0
    guest_rows = list(
        FactMemory.objects.select_for_update().filter(user__isnull=True, guest_token=guest_token)
    )
    if not guest_rows:
        return 0
    own = {
        row.unit: row
        for row in FactMemory.objects.select_for_update().filter(
            _units_q([row.unit for row in guest_rows]), user_id=user_id
        )
    }
    moved, dropped = [], []
    for row in guest_rows:
        mine = own.get(row.unit)
        newer = mine is None or (row.last_review or row.due) > (mine.last_review or mine.due)
        if mine is not None:
            dropped.append(mine if newer else row)
        if newer:
            moved.append(row)
    FactMemory.objects.filter(pk__in=[row.pk for row in dropped]).delete()
    FactMemory.objects.filter(pk__in=[row.pk for row in moved]).update(
        user_id=user_id, guest_token=""
    )
    return len(moved)
