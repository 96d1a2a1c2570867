"""SQLite's writers take turns on a file lock beside the database (quizapp/sqlite_writers):
held for exactly a transaction, given up on commit, rollback, close and a process's
death, and a writer that cannot get it in time fails as SQLite's busy timeout would.

Each test opens a SQLite database of its own, so these run whichever database the rest
of the suite uses.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from quizapp.settings import database_config
from quizapp.sqlite_writers import base as sqlite_writers


@pytest.fixture
def database(tmp_path: Path, django_db_blocker) -> Iterator[tuple[object, Path]]:
    """A connection as the settings make one, to a database with one table (not the
    suite's database, which pytest-django guards)."""
    path = tmp_path / "answers.sqlite3"
    handler = ConnectionHandler({"default": database_config(f"sqlite:///{path}")})
    conn = handler["default"]
    with django_db_blocker.unblock():
        with conn.cursor() as cursor:
            cursor.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, text TEXT)")
        yield conn, Path(f"{path}.writers")
        conn.close()


@contextmanager
def transaction_on(conn) -> Iterator[None]:
    """What `transaction.atomic` does on the outermost level, for this connection."""
    conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        yield
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.set_autocommit(True)


def turn_is_free(lock_file: Path) -> bool:
    """Whether another writer could take its turn now."""
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def open_files() -> set[str]:
    """What this process has open (listing the folder opens one more, gone at once)."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        with suppress(FileNotFoundError):
            found.add(os.readlink(f"/proc/self/fd/{fd}"))
    return found


def insert(conn, text: str) -> None:
    with conn.cursor() as cursor:
        cursor.execute("INSERT INTO answer (text) VALUES (%s)", [text])


def count(conn) -> int:
    with conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM answer")
        return cursor.fetchone()[0]


def test_a_transaction_holds_the_turn_until_it_commits(database):
    conn, lock_file = database
    with transaction_on(conn):
        insert(conn, "一")
        assert not turn_is_free(lock_file)
    assert turn_is_free(lock_file)
    assert count(conn) == 1


def test_a_transaction_gives_up_the_turn_when_it_rolls_back(database):
    conn, lock_file = database
    with pytest.raises(ZeroDivisionError), transaction_on(conn):
        insert(conn, "一")
        1 / 0  # noqa: B018
    assert turn_is_free(lock_file)
    assert count(conn) == 0


def test_a_closed_connection_gives_up_its_turn_and_its_lock_file(database):
    conn, lock_file = database
    conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    insert(conn, "一")
    conn.close()
    assert turn_is_free(lock_file)
    assert str(lock_file) not in open_files()  # a thread per request would pile them up


def test_a_writer_that_cannot_get_its_turn_in_time_fails_and_writes_nothing(database, monkeypatch):
    conn, lock_file = database
    monkeypatch.setattr(sqlite_writers, "WRITERS_WAIT_SECONDS", 0.2)
    other = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(other, fcntl.LOCK_EX)
        began = time.monotonic()
        with pytest.raises(OperationalError, match="locked"), transaction_on(conn):
            insert(conn, "一")
        assert time.monotonic() - began < 5  # gave up after its wait, not SQLite's 5 s
    finally:
        os.close(other)
    assert count(conn) == 0
    with transaction_on(conn):  # and gets in once the other is done
        insert(conn, "二")
    assert count(conn) == 1


def test_a_writer_killed_in_its_turn_does_not_hold_up_the_others(database):
    conn, lock_file = database
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(lock_file)!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert not turn_is_free(lock_file)
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        with transaction_on(conn):
            insert(conn, "一")
    finally:
        holder.kill()
        holder.wait()
    assert count(conn) == 1
