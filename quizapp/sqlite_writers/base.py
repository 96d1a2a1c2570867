"""SQLite whose writers take turns on a file lock before SQLite's own.

SQLite lets one writer in at a time. A writer that finds its write lock taken is put to
sleep by SQLite's busy handler for 1 ms, then 2, 5, 10… while an answer holds the lock
for well under one: under a class's load the workers slept with the CPU idle, and the
unlucky answers waited tens of milliseconds. Here a transaction first takes an exclusive
`flock` on a file beside the database, trying again every 0.1 ms at first and at least
every 1 ms after; the kernel lets go of it for a process that dies. A writer that cannot
get it within WRITERS_WAIT_SECONDS fails as SQLite's busy timeout would.

Single writes outside a transaction, and other programs (the sqlite3 shell, a backup),
do not take turns: SQLite's lock and busy timeout still stand between them and the
rest, so a transaction may wait its turn here and then SQLite's busy timeout there.
"""

from __future__ import annotations

import fcntl
import os
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

# As long as SQLite's busy_timeout (settings.py).
WRITERS_WAIT_SECONDS = 5.0
_FIRST_PAUSE_SECONDS = 0.0001
_LONGEST_PAUSE_SECONDS = 0.001


# The three methods below are Django's private hooks, absent from its type stubs.
class DatabaseWrapper(base.DatabaseWrapper):
    _turn_file: int | None = None
    _turn_pid = 0
    _has_turn = False

    def _start_transaction_under_autocommit(self) -> None:
        if not self.is_in_memory_db():
            self._take_turn()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._end_turn()
            raise

    def _set_autocommit(self, autocommit: bool) -> None:
        try:
            super()._set_autocommit(autocommit)  # type: ignore[misc]
        finally:
            # The transaction has committed or rolled back. Giving up the turn early is
            # safe whatever happened: SQLite's own lock is what guards the data.
            if autocommit:
                self._end_turn()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._end_turn()
            # Threads that come and go (runserver, the test server) each make a
            # connection: its lock file goes with it.
            if self._turn_file is not None:
                os.close(self._turn_file)
                self._turn_file = None

    def _take_turn(self) -> None:
        # A lock file opened before a fork would be shared with the other workers, and
        # a flock held through it would not keep them out: each process opens its own.
        if self._turn_file is None or self._turn_pid != os.getpid():
            self._turn_file = os.open(
                f"{self.settings_dict['NAME']}.writers", os.O_RDWR | os.O_CREAT, 0o600
            )
            self._turn_pid = os.getpid()
        deadline = time.monotonic() + WRITERS_WAIT_SECONDS
        pause = _FIRST_PAUSE_SECONDS
        while True:
            try:
                fcntl.flock(self._turn_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OperationalError("database is locked") from None
                time.sleep(pause)
                pause = min(pause * 2, _LONGEST_PAUSE_SECONDS)
            else:
                self._has_turn = True
                return

    def _end_turn(self) -> None:
        if self._has_turn and self._turn_file is not None:
            fcntl.flock(self._turn_file, fcntl.LOCK_UN)
            self._has_turn = False
