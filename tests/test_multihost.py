"""Two app hosts in network namespaces share one PostgreSQL and one Redis; one is killed
with SIGKILL half-way: every acknowledged answer is stored exactly once and its students
finish on the other host.

A small run of bench/multihost.py (`make loadtest` runs the full one): real gunicorn,
real namespaces, its own database and namespace names, so it never meets another run.
It needs root, PostgreSQL and Redis: without them it is skipped with a loud line, except
under CI=true, where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.multihost import DEFAULT_POSTGRES, DEFAULT_REDIS, Skip, preconditions

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture
def machine() -> None:
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.rsplit("/", 1)[0] if url.startswith("postgres") else DEFAULT_POSTGRES
    try:
        preconditions(postgres, os.environ.get("REDIS_URL") or DEFAULT_REDIS)
    except Skip as reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, but the two-host test cannot run: {reason}")
        pytest.skip(f"NO TWO-HOST TEST: {reason}")


def test_a_killed_host_loses_nothing_and_its_students_finish_on_the_other(machine, tmp_path):
    figures = tmp_path / "figures.json"
    students, questions = 40, 3
    options = f"--students {students} --questions {questions} --think 0.05 0.2 --workers 2"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "multihost.py"),
            *options.split(),
            *("--time-limit", "40", "--require", "--json", str(figures)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(figures.read_text())
    assert summary["problems"] == []
    assert summary["answers"] + summary["stored_unacknowledged"] == students * questions
    # Every student still on the killed host went on at the other and finished there.
    assert summary["failovers"] == summary["stranded"] > 0
    assert summary["killed_processes"] == 3  # the master and both workers
    assert summary["errors"] == summary["server_errors"] == 0
    relayed = [c["connections"] for name, c in summary["relay"].items() if "@" in name]
    assert all(relayed)  # each host reached PostgreSQL and Redis through the relay
    assert not set(summary["netns"]) & set(netns_names())  # cleaned up


def netns_names() -> list[str]:
    if shutil.which("ip") is None:
        return []
    listing = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    return [line.split()[0] for line in listing.splitlines() if line.strip()]
