"""The tables answers write (responses, memory rows, practice questions) keep only the
indexes their reads use: each index more is another write for every row inserted, and
for every update of a column it holds, under SQLite's one write lock. Every read of them
by owner, attempt or question still finds its rows through an index, on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizapp.memory.models import FactMemory
from quizapp.memory.selectors import memories, memory_states
from quizapp.memory.services import memory_record
from quizapp.practice.models import PracticeQuestion
from quizapp.practice.services import Learner, UnknownQuestion, practice_next, practice_question
from quizapp.quizzes.models import Response
from quizapp.recall import GOOD, Unit
from quizapp.vocabulary import FactKind, FactRef

NOW = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
UNITS = [Unit(FactRef(FactKind.EVENT, 1), "date", 0), Unit(FactRef(FactKind.EVENT, 2), "date", 0)]
TABLES = [model._meta.db_table for model in (FactMemory, Response, PracticeQuestion)]

# An index named in a plan: SQLite's "USING [COVERING] INDEX name", PostgreSQL's
# "Index [Only] Scan using name" and "Bitmap Index Scan on name".
INDEX_IN_PLAN = re.compile(
    r"USING (?:COVERING )?INDEX (\w+)|Index (?:Only )?Scan using (\w+)|Bitmap Index Scan on (\w+)"
)


def plan(sql: str) -> str:
    """The database's plan for a statement as it ran. PostgreSQL is told to avoid a table
    scan wherever an index could serve, as it would choose on a school's tables; its
    empty tables here would make any scan look cheapest."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute(f"EXPLAIN {sql}")
                return "\n".join(row[0] for row in cursor.fetchall())
            finally:
                cursor.execute("RESET enable_seqscan")
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def reads_of_the_answer_tables(run: Callable[[], object]) -> Iterator[tuple[str, str]]:
    """(statement, plan) for each read or delete of the three tables that `run` makes."""
    with CaptureQueriesContext(connection) as captured:
        run()
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith(("SELECT", "DELETE")) and any(f'"{t}"' in sql for t in TABLES):
            yield sql, plan(sql)


def every_read(django_user_model) -> list[tuple[str, str]]:
    """What the app reads of these tables: a student's memory (an account's and a
    guest's), the rows an answer updates, a class's memory, an attempt's and a question's
    responses, a practice question by its id and the one left open."""
    user = django_user_model.objects.create_user("student", password="x")
    guest = Learner(user_id=None, guest_token="g" * 43)

    def by_owner() -> None:
        for user_id, token in ((user.pk, ""), (None, guest.guest_token)):
            memory_record(
                user_id=user_id,
                guest_token=token,
                rated=[(unit, GOOD) for unit in UNITS],
                prompt="？",
                now=NOW,
            )
            memories(user_id=user_id, guest_token=token)
            memory_states(user_id=user_id, guest_token=token)

    def practice() -> None:
        for learner in (Learner(user_id=user.pk, guest_token=""), guest):
            practice_next(learner=learner, scope="all", now=NOW)
            with pytest.raises(UnknownQuestion):
                practice_question(learner=learner, public_id="00000000-0000-0000-0000-000000000000")

    def by_attempt_and_question() -> None:
        # The class's memory (classes/selectors/memory.py) and the responses read by
        # results, statistics and the cascades that delete an attempt or a question.
        list(FactMemory.objects.filter(user_id__in=[user.pk, user.pk + 1]))
        list(Response.objects.filter(attempt_id=1))
        list(Response.objects.filter(question_id=1))
        user.delete()

    reads = []
    for run in (by_owner, practice, by_attempt_and_question):
        reads += reads_of_the_answer_tables(run)
    return reads


@pytest.mark.django_db
def test_every_read_of_the_tables_an_answer_writes_goes_through_an_index(facts, django_user_model):
    reads = every_read(django_user_model)
    assert len(reads) >= 10
    for sql, found in reads:
        assert INDEX_IN_PLAN.search(found) or "PRIMARY KEY" in found, (sql, found)
        assert "Seq Scan" not in found, (sql, found)


@pytest.mark.django_db
def test_the_tables_an_answer_writes_have_no_index_their_reads_do_not_use(facts, django_user_model):
    used = {
        name
        for _sql, found in every_read(django_user_model)
        for match in INDEX_IN_PLAN.finditer(found)
        for name in match.groups()
        if name
    }
    with connection.cursor() as cursor:
        for table in TABLES:
            constraints = connection.introspection.get_constraints(cursor, table)
            indexes = {
                name
                for name, info in constraints.items()
                if info["index"] and not info["primary_key"]
            }
            # A unique constraint's index is there to keep it unique, read or not.
            kept_for_uniqueness = {
                name for name in indexes if constraints[name]["unique"] and name not in used
            }
            assert indexes - used - kept_for_uniqueness == set(), table
