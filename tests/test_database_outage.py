"""A PostgreSQL outage as a load balancer and a student see it: readiness reports it,
and the pool replaces the connections the database ended without a 500.

The connection pool is PostgreSQL's, so this runs the app (gunicorn, production
settings) on a throwaway PostgreSQL database of its own, whichever database the rest of
the suite uses. Without a reachable PostgreSQL it is skipped with a loud line, except
under CI=true, where it fails.
"""

from __future__ import annotations

import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import psycopg
import pytest

from bench.environment import production_env
from bench.loadtest import Server, manage

DATABASE = "quizapp_outage"
pytestmark = pytest.mark.slow


def server_url() -> str:
    """The PostgreSQL server: the suite's own when it runs on PostgreSQL, else the local one."""
    url = os.environ.get("DATABASE_URL", "")
    return (
        url.rsplit("/", 1)[0]
        if url.startswith("postgres")
        else "postgres://postgres@127.0.0.1:5432"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def maintenance() -> Iterator[psycopg.Connection]:
    """A connection to the server's maintenance database, outside the one under test."""
    try:
        admin = psycopg.connect(f"{server_url()}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(
            f"NO POSTGRESQL at {server_url()}: the pool's outage test did not run ({error})"
        )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
        yield admin
        admin.execute(f'ALTER DATABASE "{DATABASE}" ALLOW_CONNECTIONS true')
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


@pytest.fixture
def app(maintenance) -> Iterator[str]:
    """Two gunicorn workers on the throwaway database; each keeps its pool of connections."""
    env = production_env(DATABASE_URL=f"{server_url()}/{DATABASE}")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")  # the pages name hashed static files
    server = Server(env, free_port(), workers=2)
    server.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()


def end_connections(admin: psycopg.Connection) -> int:
    """End every connection to the database under test, as a restart of PostgreSQL does."""
    ended = admin.execute(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
        [DATABASE],
    ).fetchone()
    return ended[0] if ended else 0


def test_after_the_database_ends_its_connections_no_request_fails(app, maintenance):
    assert [status(f"{app}/") for _ in range(6)] == [200] * 6  # each worker's pool is open
    assert end_connections(maintenance) >= 2
    assert [status(f"{app}/") for _ in range(10)] == [200] * 10


def test_readiness_reports_an_outage_and_recovers_with_the_database(app, maintenance):
    ready = f"{app}/healthz?db=1"
    assert status(ready) == 200
    maintenance.execute(f'ALTER DATABASE "{DATABASE}" ALLOW_CONNECTIONS false')
    end_connections(maintenance)
    assert status(ready) == 503  # once the pool has waited for a connection
    assert status(f"{app}/healthz") == 200  # the process is alive, only not ready
    maintenance.execute(f'ALTER DATABASE "{DATABASE}" ALLOW_CONNECTIONS true')
    started = time.monotonic()
    assert status(ready) == 200
    print(f"ready again {time.monotonic() - started:.1f} s after the database came back")
    assert [status(f"{app}/") for _ in range(6)] == [200] * 6
