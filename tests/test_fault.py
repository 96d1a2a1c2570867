"""kill -9 the app server in the middle of a class's quiz, start it again: every student
resumes where they were, no acknowledged answer is lost and none is doubled.

A small run of bench/loadtest.py's fault phase (`make loadtest` runs the full one).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.environment import production_env
from bench.loadtest import Server, check_integrity, prepare_database, student_phase


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_env():
    workdir = Path(tempfile.mkdtemp(prefix="quizapp-fault-"))
    env = production_env()
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        # Never the test run's own database: a throwaway one beside it.
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/quizapp_fault"
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'fault.sqlite3'}"
    yield env
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.mark.slow
def test_a_killed_server_loses_and_doubles_nothing(server_env):
    questions = 4
    code = prepare_database(server_env, questions)
    server = Server(server_env, free_port(), workers=3)
    server.start()
    try:
        # In its own thread: the browser tests leave an event loop running in this one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            run = pool.submit(
                asyncio.run,
                student_phase(
                    f"http://127.0.0.1:{server.port}",
                    code,
                    6,
                    think=(0.05, 0.15),
                    prefix="斷電",
                    server=server,
                    kill_after=10,
                ),
            )
            figures, students, restart_seconds = run.result(timeout=300)
    finally:
        server.stop()
    assert check_integrity(server_env, students, questions, fault=True) == []
    assert all(student.finished for student in students)
    assert sum(len(s.resume_checks) for s in students) >= 1  # someone was cut off mid-answer
    assert figures.errors == 0
    assert restart_seconds < 30
