"""How the PostgreSQL pool checks a connection before a request gets it."""

from __future__ import annotations

import select
import time
import weakref

import psycopg
from psycopg_pool import ConnectionPool

# A connection unused for longer than this gets the full check, round trip and all:
# the socket tells of a server that ended the connection, not of one whose host went
# away without a word (TCP keep-alives, settings.py, find those too, but only after a
# minute or so).
FULL_CHECK_AFTER_IDLE_SECONDS = 30.0

_last_checked: weakref.WeakKeyDictionary[psycopg.Connection, float] = weakref.WeakKeyDictionary()


def check_idle_connection(conn: psycopg.Connection) -> None:
    """Raise if the pooled connection `conn` is broken; quietly return if it works.

    The pool's own check sends an empty query and waits for the reply: one round trip
    on every request, an answer post's twelfth. A connection in use a moment ago whose
    socket has nothing to read is passed as it is. One with something to read (the
    FATAL a restart or `pg_terminate_backend` sends before closing, or a notice), or
    one unused for a while, gets the full check, which tells them apart.
    """
    if conn.closed:
        raise psycopg.OperationalError("the connection is closed")
    now = time.monotonic()
    last = _last_checked.get(conn)
    _last_checked[conn] = now
    # poll, not select: select refuses file descriptors from 1024 up.
    poller = select.poll()
    poller.register(conn.fileno(), select.POLLIN)
    if last is None or now - last > FULL_CHECK_AFTER_IDLE_SECONDS or poller.poll(0):
        ConnectionPool.check_connection(conn)
