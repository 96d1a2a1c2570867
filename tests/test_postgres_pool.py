"""The check a pooled PostgreSQL connection passes before a request gets it: no round
trip for a healthy idle connection, and a connection the server has ended is refused.

Runs against the local PostgreSQL server (the suite's own when it runs on PostgreSQL),
on a connection of its own; skipped with a loud line without one, except under CI=true.
"""

from __future__ import annotations

import os
import select
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from quizapp.settings import database_config
from tests.test_database_outage import server_url


def pool_check():
    """The check the settings give the pool."""
    return database_config(f"{server_url()}/postgres")["OPTIONS"]["pool"]["check"]


def connect() -> psycopg.Connection:
    try:
        return psycopg.connect(f"{server_url()}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"NO POSTGRESQL at {server_url()}: the pool check was not tested ({error})")


@pytest.fixture
def idle() -> Iterator[psycopg.Connection]:
    with connect() as conn:
        conn.execute("SELECT 1")
        yield conn


def sent_while(conn: psycopg.Connection, action) -> str:
    """What libpq sent and received on `conn` while `action` ran (its protocol trace)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trace"
        with path.open("w") as trace:
            conn.pgconn.trace(trace.fileno())
            try:
                action()
            finally:
                conn.pgconn.untrace()
        return path.read_text()


def test_a_healthy_idle_connection_is_passed_without_a_round_trip(idle):
    assert sent_while(idle, lambda: pool_check()(idle)) == ""
    assert idle.execute("SELECT 2").fetchone() == (2,)


def test_a_connection_the_server_ended_is_refused(idle):
    with connect() as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [idle.info.backend_pid])
    select.select([idle.fileno()], [], [], 5)  # the server's FATAL reaches the socket
    with pytest.raises(psycopg.OperationalError):
        pool_check()(idle)


def test_a_connection_with_a_message_waiting_is_checked_in_full_and_kept(idle):
    idle.execute("LISTEN pool_check")
    with connect() as other:
        other.execute("NOTIFY pool_check")
    select.select([idle.fileno()], [], [], 5)
    assert "Query" in sent_while(idle, lambda: pool_check()(idle))
    assert idle.execute("SELECT 3").fetchone() == (3,)


def test_a_closed_connection_is_refused(idle):
    idle.close()
    with pytest.raises(psycopg.OperationalError):
        pool_check()(idle)
