"""The check a pooled PostgreSQL connection passes before a request gets it: no round
trip for a healthy connection in use a moment ago; a full check for one the server has
ended (refused), one with a message waiting, or one unused for a while.

Runs against the local PostgreSQL server (the suite's own when it runs on PostgreSQL),
on a connection of its own; skipped with a loud line without one, except under CI=true.
"""

from __future__ import annotations

import os
import select
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from quizapp import postgres_pool
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
    """A connection as the pool holds one between two requests: checked once already."""
    with connect() as conn:
        conn.execute("SELECT 1")
        pool_check()(conn)
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


def test_a_connection_unused_for_a_while_is_checked_in_full(idle, monkeypatch):
    """A server whose host went away without a word leaves nothing on the socket."""
    later = time.monotonic() + postgres_pool.FULL_CHECK_AFTER_IDLE_SECONDS + 1
    monkeypatch.setattr(postgres_pool.time, "monotonic", lambda: later)
    assert "Query" in sent_while(idle, lambda: pool_check()(idle))
    assert sent_while(idle, lambda: pool_check()(idle)) == ""  # used again just now


def test_pooled_connections_send_tcp_keepalives():
    """So an idle connection to a server gone without a word is found out, not kept."""
    options = database_config(f"{server_url()}/postgres")["OPTIONS"]
    connect_options = {name: value for name, value in options.items() if name != "pool"}
    try:
        conn = psycopg.connect(f"{server_url()}/postgres", connect_timeout=5, **connect_options)
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"NO POSTGRESQL at {server_url()}: keep-alives were not tested ({error})")
    with conn:
        parameters = conn.info.get_parameters()
    assert parameters["keepalives"] == "1"
    assert int(parameters["keepalives_idle"]) <= 60


def test_a_connection_the_server_ended_is_refused(idle):
    with connect() as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [idle.info.backend_pid])
    assert select.select([idle.fileno()], [], [], 5)[0], "the server's FATAL never came"
    with pytest.raises(psycopg.OperationalError):
        pool_check()(idle)


def test_a_connection_with_a_message_waiting_is_checked_in_full_and_kept(idle):
    idle.execute("LISTEN pool_check")
    with connect() as other:
        other.execute("NOTIFY pool_check")
    assert select.select([idle.fileno()], [], [], 5)[0], "the notification never came"
    assert "Query" in sent_while(idle, lambda: pool_check()(idle))
    assert idle.execute("SELECT 3").fetchone() == (3,)


def test_a_closed_connection_is_refused(idle):
    idle.close()
    with pytest.raises(psycopg.OperationalError):
        pool_check()(idle)


def test_a_connection_on_a_file_descriptor_past_1023_is_checked():
    """A worker holding many client connections opens its database socket past 1023,
    where select() refuses to look (and the pool would refuse every connection)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1100:
        pytest.skip(f"this process may open {hard} files, too few to pass 1023")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1100), hard))
    fillers = []
    try:
        while not fillers or fillers[-1] < 1030:
            fillers.append(os.open(os.devnull, os.O_RDONLY))
        with connect() as conn:
            assert conn.fileno() >= 1024
            conn.execute("SELECT 1")
            pool_check()(conn)  # the first, full check
            assert sent_while(conn, lambda: pool_check()(conn)) == ""
    finally:
        for fd in fillers:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
