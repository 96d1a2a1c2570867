"""How the PostgreSQL pool checks a connection before a request gets it."""

from __future__ import annotations

import select

import psycopg
from psycopg_pool import ConnectionPool


def check_idle_connection(conn: psycopg.Connection) -> None:
    """Raise if the pooled connection `conn` is broken; quietly return if it works.

    The pool's own check sends an empty query and waits for the reply: one round trip
    on every request, an answer post's twelfth. An idle connection has nothing to say,
    so a socket with something to read means the server has ended it (a restart, or
    `pg_terminate_backend`, sends a FATAL and closes) or has a notice pending: only
    then is the full check run, and it tells the two apart.
    """
    if conn.closed:
        raise psycopg.OperationalError("the connection is closed")
    readable, _, _ = select.select([conn.fileno()], [], [], 0)
    if readable:
        ConnectionPool.check_connection(conn)
