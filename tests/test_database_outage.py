"""A PostgreSQL outage as a load balancer and a student see it: readiness reports it,
and the pool replaces the connections the database ended without a 500."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database() -> str:
    if connection.vendor != "postgresql":
        pytest.skip("the connection pool runs on PostgreSQL (the CI runs both databases)")
    return connection.settings_dict["NAME"]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def statuses(url: str, *, count: int, parallel: int) -> list[int]:
    with ThreadPoolExecutor(max_workers=parallel) as workers:
        return list(workers.map(status, [url] * count))


def maintenance() -> psycopg.Connection:
    """A connection to the server's maintenance database, outside the one under test."""
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname="postgres",
        autocommit=True,
    )


def end_connections(admin: psycopg.Connection, *, database: str) -> int:
    """End every connection to the database but this test's own, as a restart does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]
    ended = admin.execute(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> %s",
        [database, own],
    ).fetchone()
    return ended[0] if ended else 0


def test_after_the_database_ends_its_connections_no_request_fails(live_server, database):
    home = f"{live_server.url}/"
    # Several requests at once: the pool holds several connections.
    assert set(statuses(home, count=12, parallel=4)) == {200}
    with maintenance() as admin:
        assert end_connections(admin, database=database) >= 1
    assert [status(home) for _ in range(5)] == [200] * 5
    assert set(statuses(home, count=12, parallel=4)) == {200}


def test_readiness_reports_an_outage_and_recovers_with_the_database(live_server, database):
    ready = f"{live_server.url}/healthz?db=1"
    assert status(ready) == 200
    with maintenance() as admin:
        try:
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
            end_connections(admin, database=database)
            started = time.monotonic()
            assert status(ready) == 503  # after the pool's wait for a connection
            print(f"readiness answered 503 in {time.monotonic() - started:.1f} s")
            assert status(f"{live_server.url}/healthz") == 200  # alive, not ready
        finally:
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    started = time.monotonic()
    assert status(ready) == 200
    print(f"readiness answered 200 again in {time.monotonic() - started:.1f} s")
    assert [status(f"{live_server.url}/") for _ in range(5)] == [200] * 5
