"""The load test's own helpers (bench/loadtest.py): it never makes or drops a database
that is not its own, its client processes' figures add up, and each student has an
address of their own (the start limit counts per address); the benches start as many
workers as `make serve` unless WORKERS says otherwise."""

from __future__ import annotations

import subprocess

import pytest

from bench.environment import gunicorn_workers
from bench.loadtest import Figures, _postgres_admin, student_address


@pytest.mark.parametrize("name", ["postgres", "test", "template0", "template1", ""])
def test_the_load_test_refuses_a_database_that_is_not_its_own(name):
    with pytest.raises(SystemExit):
        _postgres_admin(f"postgres://postgres@127.0.0.1:5432/{name}")


def test_the_load_test_makes_its_own_database_from_the_servers_own():
    name, admin = _postgres_admin("postgres://postgres@127.0.0.1:5432/quizapp_load")
    assert name == "quizapp_load"
    assert admin == "postgres://postgres@127.0.0.1:5432/postgres"


def test_client_processes_figures_are_merged_into_one_phase():
    one = Figures(latencies=[0.01, 0.02], statuses={200: 2}, errors=0, started=1.0, ended=5.0)
    two = Figures(latencies=[0.03], statuses={200: 1, 409: 1}, errors=1, started=0.5, ended=4.0)
    merged = Figures.merged([one, two])
    assert sorted(merged.latencies) == [0.01, 0.02, 0.03]
    assert merged.statuses == {200: 3, 409: 1}
    assert merged.errors == 1
    assert (merged.started, merged.ended) == (0.5, 5.0)


def test_every_student_of_a_school_has_an_address_of_their_own():
    addresses = {student_address(number) for number in range(70_000)}
    assert len(addresses) == 70_000


def test_the_benches_start_as_many_workers_as_make_serve(monkeypatch):
    monkeypatch.delenv("WORKERS", raising=False)
    default = gunicorn_workers()
    # `make serve` counts the cores with nproc, which counts the ones this process may use.
    nproc = subprocess.run(["nproc"], check=True, capture_output=True, text=True).stdout
    assert default == 2 * int(nproc) + 1
    # As `make serve WORKERS=…`: the benches measure the server an operator runs.
    monkeypatch.setenv("WORKERS", str(default + 1))
    assert gunicorn_workers() == default + 1
    monkeypatch.setenv("WORKERS", "")
    assert gunicorn_workers() == default


@pytest.mark.parametrize("given", ["abc", "3.0", "0", "-2"])
def test_a_worker_count_that_is_not_one_or_more_is_refused_with_its_value(monkeypatch, given):
    monkeypatch.setenv("WORKERS", given)
    with pytest.raises(SystemExit, match=f"WORKERS='{given}'"):
        gunicorn_workers()
