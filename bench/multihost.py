"""Two app hosts share one PostgreSQL and one Redis; one is killed half-way. Prints figures.

    make loadtest                                   # after bench/loadtest.py's phases
    .venv/bin/python bench/multihost.py --students 300 --questions 8

Each host is a network namespace made here (`ip netns`, a veth pair, a /24 of 10.213.x.0
chosen free under a lock) running gunicorn as `make serve` does (production settings,
2 × cores + 1 workers, or WORKERS) on the namespace's address. PostgreSQL and Redis listen on the
machine's 127.0.0.1 only, which a namespace cannot reach: bench/relay.py listens on the
host side of each veth and forwards to them. The hosts use a database of this run's own
(created, migrated, loaded with the facts and a question set, dropped at the end) and
REDIS_URL. Students are spread over both hosts, half each, and answer every question at
a 0.2–0.6 s pace; they come from several addresses on the host side of each veth, since
the start limit counts attempts per address. When half of all answers are in, every
process of host A's gunicorn (master and workers) gets SIGKILL. Its students notice (a
connection error), go on at host B with the same cookies (sessions live in the shared
database), fetch the question page to see where they are and send again an answer whose
acknowledgement never came.

At the end the database is checked: each answer acknowledged with a 2xx is stored
exactly once, none is doubled, every student finished. Any violation, or any error that
the kill does not explain, exits 1. Bounded: a fixed number of students and questions,
timeouts on every request and on the whole phase. Namespaces, relay, servers and the
database are removed in `finally`, on Ctrl-C too.

Network namespaces need root: without it (or without `ip netns`), PostgreSQL or Redis,
the phase says why and is skipped with exit 0, so `make loadtest` still runs the
single-host phases. With --require a skip exits 2 instead (the test suite uses it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import fcntl
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.environment import gunicorn_workers, production_env  # noqa: E402
from bench.loadtest import (  # noqa: E402
    CHOICE,
    CSRF,
    ORDER,
    SEQ,
    found,
    percentile,
)
from bench.students import AnsweringStudent  # noqa: E402
from quizapp.settings import RATE_LIMITS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PREFIX = "qzmh"  # every namespace, interface and database this script makes
APP_PORT = 8000
LOCK = Path(tempfile.gettempdir()) / "quizapp-multihost.lock"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


class Skip(Exception):
    """The phase cannot run on this machine: said once, and the single-host phases stand."""


def ip(*args: str) -> str:
    return subprocess.run(
        ["ip", *args], check=True, capture_output=True, text=True, timeout=30
    ).stdout


# ---- the two hosts ----------------------------------------------------------------------


@dataclass
class Host:
    label: str  # "A" or "B"
    netns: str
    veth: str  # the host side of the pair; the namespace side is `veth + "n"`
    subnet: int  # 10.213.<subnet>.0/24
    clients: int  # how many client addresses the students come from
    process: subprocess.Popen[bytes] | None = None

    @property
    def gateway(self) -> str:
        """The host side of the veth: the relay listens here."""
        return f"10.213.{self.subnet}.1"

    @property
    def address(self) -> str:
        return f"10.213.{self.subnet}.2"

    @property
    def base(self) -> str:
        return f"http://{self.address}:{APP_PORT}"

    def client_address(self, n: int) -> str:
        return f"10.213.{self.subnet}.{10 + n % self.clients}"

    def pids(self) -> list[int]:
        """Every process inside the namespace: its gunicorn's master and workers."""
        return [int(pid) for pid in ip("netns", "pids", self.netns).split()]


def remove_stale(postgres: str) -> list[str]:
    """What a run of this script that died by SIGKILL left: its namespaces (its pid is in
    their names; their processes can only be its gunicorn's) and its database."""
    removed = []
    for line in ip("netns", "list").splitlines():
        name = line.split()[0] if line.split() else ""
        match = re.fullmatch(rf"{PREFIX}-(\d+)-([0-9a-f]+)-[ab]", name)
        if not match or Path(f"/proc/{match[1]}").exists():
            continue
        for pid in ip("netns", "pids", name).split():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
        ip("netns", "del", name)
        drop_database(postgres, f"{PREFIX}_{match[2]}")
        removed.append(name)
    return removed


@contextlib.contextmanager
def network(*, run: str, clients: int) -> Iterator[tuple[Host, Host]]:
    """Two namespaces, each with a veth pair on a /24 no other run is using."""
    hosts: list[Host] = []
    try:
        LOCK.touch(exist_ok=True)
        with LOCK.open() as lock:
            # Held while the subnets are picked and taken, so concurrent runs never share one.
            fcntl.flock(lock, fcntl.LOCK_EX)
            used = {int(m) for m in re.findall(r"inet 10\.213\.(\d+)\.", ip("-4", "addr"))}
            free = [n for n in range(1, 255) if n not in used]
            if len(free) < 2:
                raise RuntimeError("no free 10.213.x.0/24 for the namespaces")
            for label, subnet in zip("ab", random.sample(free, 2), strict=True):
                host = Host(
                    label=label.upper(),
                    netns=f"{PREFIX}-{os.getpid()}-{run}-{label}",
                    veth=f"{PREFIX}{run}{label}",
                    subnet=subnet,
                    clients=clients,
                )
                try:
                    ip("netns", "add", host.netns)
                except subprocess.CalledProcessError as error:
                    raise Skip(f"`ip netns add` failed: {error.stderr.strip()}") from error
                hosts.append(host)
                inside = host.veth + "n"
                ip("link", "add", host.veth, "type", "veth", "peer", "name", inside)
                ip("link", "set", inside, "netns", host.netns)
                ip("addr", "add", f"{host.gateway}/24", "dev", host.veth)
                for n in range(clients):
                    ip("addr", "add", f"{host.client_address(n)}/24", "dev", host.veth)
                ip("link", "set", host.veth, "up")
                ip("-n", host.netns, "addr", "add", f"{host.address}/24", "dev", inside)
                ip("-n", host.netns, "link", "set", inside, "up")
                ip("-n", host.netns, "link", "set", "lo", "up")
        yield hosts[0], hosts[1]
    finally:
        for host in hosts:
            with contextlib.suppress(subprocess.SubprocessError):
                for pid in host.pids():
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.SubprocessError):
                ip("netns", "del", host.netns)  # takes its end of the veth, and so the pair
            with contextlib.suppress(subprocess.SubprocessError):
                ip("link", "del", host.veth)  # only if it never reached the namespace


def die_with_parent() -> None:
    """In the child before it execs: SIGKILL it when this script dies, even by SIGKILL
    (gunicorn's workers follow their master). What `finally` cannot do, the kernel does."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Relay:
    """bench/relay.py in a process of its own: the hosts' way to PostgreSQL and Redis."""

    def __init__(self, specs: list[str]) -> None:
        self.process = subprocess.Popen(
            [PYTHON, str(ROOT / "bench" / "relay.py"), *specs],
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the relay did not start")
        self.ports: dict[str, int] = json.loads(line)
        self.counts: dict[str, Any] = {}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                out, _ = self.process.communicate(timeout=10)
                self.counts = json.loads(out.strip() or "{}")
            except (subprocess.TimeoutExpired, json.JSONDecodeError):
                self.process.kill()
                self.process.wait()


def moved(url: str, *, host: str, port: int) -> str:
    """The same service URL, reached at another address and port (credentials kept)."""
    parts = urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@{host}:{port}" if credentials else f"{host}:{port}"
    return urlunsplit(parts._replace(netloc=netloc))


def start_gunicorn(host: Host, *, env: dict[str, str], workers: int) -> None:
    # `ip netns exec` execs gunicorn: its pid is the master's, its group the workers' too.
    inside = ["ip", "netns", "exec", host.netns, PYTHON, "-m", "gunicorn", "quizapp.wsgi"]
    options = f"--bind {host.address}:{APP_PORT} --workers {workers} --timeout 30"
    host.process = subprocess.Popen(
        [*inside, *options.split(), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        preexec_fn=die_with_parent,
    )


def wait_ready(host: Host, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if host.process and host.process.poll() is not None:
            raise RuntimeError(f"gunicorn on host {host.label} exited")
        try:
            response = httpx.get(f"{host.base}/healthz?db=1", timeout=2)
            if response.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn on host {host.label} did not answer within {seconds:.0f} s")


def kill_host(host: Host) -> int:
    """SIGKILL to every process of the host's gunicorn, master and workers alike; returns
    how many there were. Afterwards nothing may be left in its namespace."""
    pids = host.pids()
    assert host.process is not None
    os.killpg(host.process.pid, signal.SIGKILL)
    for pid in pids:  # a worker outside the group, were there one
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    host.process.wait(timeout=10)
    deadline = time.time() + 10
    while host.pids() and time.time() < deadline:
        time.sleep(0.05)
    return len(pids)


def ping_from(host: Host, *, port: int, payload: bytes, expect: bytes) -> bool:
    """Ask a service through the relay from inside the namespace, as the app would."""
    probe = (
        "import socket, sys\n"
        f"s = socket.create_connection(({host.gateway!r}, {port}), timeout=5)\n"
        f"s.sendall({payload!r})\n"
        f"sys.exit(0 if s.recv(64).startswith({expect!r}) else 1)\n"
    )
    result = subprocess.run(
        ["ip", "netns", "exec", host.netns, PYTHON, "-c", probe],
        capture_output=True,
        timeout=30,
    )
    return result.returncode == 0


# ---- the students -----------------------------------------------------------------------


@dataclass(kw_only=True)
class Student(AnsweringStudent):
    home: int  # index of the host the student starts on
    client: int  # which of that host's client addresses
    host: int = 0  # where the student is now
    pending: dict[str, Any] | None = None  # an answer sent whose reply never came
    stored_unacknowledged: int = 0  # … that the killed host had stored, as host B shows
    resent: int = 0  # … that had not been stored and were sent again
    failovers: int = 0


@dataclass
class HostFigures:
    latencies: list[float] = field(default_factory=list)  # answer posts, seconds
    after_kill: list[float] = field(default_factory=list)
    acknowledged: int = 0
    expected_errors: int = 0  # connection errors on the killed host after the kill
    errors: int = 0  # any other connection error or timeout
    server_errors: int = 0  # 5xx
    statuses: dict[int, int] = field(default_factory=dict)


class Run:
    def __init__(
        self, hosts: tuple[Host, Host], *, code: str, questions: int, think: tuple[float, float]
    ) -> None:
        self.hosts, self.code, self.questions, self.think = hosts, code, questions, think
        self.figures = (HostFigures(), HostFigures())
        self.killed = asyncio.Event()
        self.kill_after = 0
        self.began = self.started = self.kill_at = self.ended = 0.0
        self.client_cpu = 0.0  # this process's CPU time, students' client and all
        self.killed_processes = 0
        self.stranded: list[Student] = []  # host A's students not done when it died
        self.clients: dict[tuple[int, int], httpx.AsyncClient] = {}
        self.problems: list[str] = []

    def http(self, student: Student) -> httpx.AsyncClient:
        return self.clients[(student.host, student.client)]

    def connection_lost(self, student: Student) -> None:
        """The student's request got no reply: the kill explains it on host A only."""
        figures = self.figures[student.host]
        if student.host == 0 and self.killed.is_set():
            figures.expected_errors += 1
            student.host = 1
            student.failovers += 1
        else:
            figures.errors += 1

    async def start(self, student: Student) -> None:
        http = self.http(student)
        page = await http.get(f"/q/{self.code}/", headers=student.headers())
        student.remember(page)
        started = await http.post(
            f"/q/{self.code}/",
            data={"csrfmiddlewaretoken": found(CSRF, page.text), "display_name": student.name},
            headers=student.headers(Referer=f"{http.base_url}/q/{self.code}/"),
        )
        student.remember(started)
        if started.status_code != 303:
            raise AssertionError(f"{student.name}: start answered {started.status_code}")
        student.attempt_url = started.headers["location"]

    async def fetch(self, student: Student) -> httpx.Response | None:
        """The question page as it stands; None when the attempt is over or the
        request failed (then the student may be on the other host)."""
        try:
            page = await self.http(student).get(student.attempt_url, headers=student.headers())
        except httpx.HTTPError:
            self.connection_lost(student)
            await asyncio.sleep(0.2)
            return None
        figures = self.figures[student.host]
        if page.status_code >= 500:
            figures.server_errors += 1
            await asyncio.sleep(0.2)
            return None
        done = page.status_code in (301, 302, 303)  # to the results: the attempt is over
        # Where does the attempt stand? If past the answer that got no reply, the killed
        # host stored it before it died; if not, it is sent again.
        if student.pending is not None and (
            done or found(SEQ, page.text) != student.pending["seq"]
        ):
            student.stored_unacknowledged += 1
            student.pending = None
        if done:
            student.finished = True
            return None
        if page.status_code != 200:
            self.problems.append(f"{student.name}: question page answered {page.status_code}")
            student.finished = True
            return None
        student.remember(page)
        return page

    async def answer(self, student: Student) -> None:
        page: httpx.Response | None = None
        while not student.finished:
            if page is None:
                page = await self.fetch(student)
                if page is None:
                    continue
            if student.pending is not None:
                data, student.pending = student.pending, None
                student.resent += 1
            else:
                text = page.text
                data = {"seq": found(SEQ, text)}
                ids = ORDER.findall(text)
                if ids:
                    data.update(order=list(reversed(ids)), confirm="1")
                else:
                    data["choice"] = random.choice(CHOICE.findall(text))
                await asyncio.sleep(random.uniform(*self.think))
            figures = self.figures[student.host]
            begun = time.perf_counter()
            try:
                response = await self.http(student).post(
                    student.attempt_url + "answer/",
                    data=data,
                    headers=student.headers(
                        **{"HX-Request": "true", "X-CSRFToken": student.cookies["csrftoken"]}
                    ),
                )
            except httpx.HTTPError:
                # Stored or not, nobody said: the question page will tell.
                student.pending = data
                self.connection_lost(student)
                page = None
                continue
            took = time.perf_counter() - begun
            figures.latencies.append(took)
            if self.killed.is_set():
                figures.after_kill.append(took)
            figures.statuses[response.status_code] = (
                figures.statuses.get(response.status_code, 0) + 1
            )
            if response.status_code >= 500:
                figures.server_errors += 1
            page = student.take_reply(response)
            if page is not None:
                figures.acknowledged += 1

    async def saboteur(self, students: list[Student]) -> None:
        while sum(f.acknowledged for f in self.figures) < self.kill_after:
            await asyncio.sleep(0.02)
        self.kill_at = time.perf_counter()
        self.killed.set()  # before the kill: every error from here on may be its doing
        self.killed_processes = await asyncio.to_thread(kill_host, self.hosts[0])
        # Host A's students not done by the time it is dead (some may have moved already).
        self.stranded = [s for s in students if s.home == 0 and (s.failovers or not s.finished)]

    async def phase(self, students: list[Student]) -> None:
        # The start limit counts per client address: the students come from several.
        for index, host in enumerate(self.hosts):
            for n in range(host.clients):
                transport = httpx.AsyncHTTPTransport(local_address=host.client_address(n))
                self.clients[(index, n)] = httpx.AsyncClient(
                    base_url=host.base,
                    transport=transport,
                    timeout=httpx.Timeout(20, connect=5),
                    limits=httpx.Limits(max_connections=None, max_keepalive_connections=None),
                )
        self.began = time.perf_counter()
        cpu = time.process_time()
        try:
            await asyncio.gather(*(self.start(s) for s in students))
            self.started = time.perf_counter()
            self.kill_after = len(students) * self.questions // 2
            await asyncio.gather(self.saboteur(students), *(self.answer(s) for s in students))
        finally:
            self.ended = time.perf_counter()
            self.client_cpu = time.process_time() - cpu
            for client in self.clients.values():
                await client.aclose()


def check(*, postgres: str, database: str, run: Run, students: list[Student]) -> list[str]:
    """What the database holds against what each student was told."""
    import psycopg

    with psycopg.connect(f"{postgres}/{database}", connect_timeout=5) as connection:
        rows = connection.execute(
            """
            SELECT a.display_name, count(r.id), count(DISTINCT r.question_id), a.state
            FROM quizzes_attempt a LEFT JOIN quizzes_response r ON r.attempt_id = a.id
            GROUP BY a.id
            """
        ).fetchall()
    stored = {name: (count, distinct, state) for name, count, distinct, state in rows}
    problems = list(run.problems)
    if len(rows) != len(students):
        problems.append(f"{len(rows)} attempts in the database for {len(students)} students")
    for s in students:
        count, distinct, state = stored.get(s.name, (0, 0, "missing"))
        if count != distinct:
            problems.append(f"{s.name}: {count - distinct} answers doubled")
        expected = s.acknowledged + s.stored_unacknowledged
        if count != expected:
            problems.append(
                f"{s.name}: {count} answers stored, {s.acknowledged} acknowledged + "
                f"{s.stored_unacknowledged} stored by the killed host = {expected}"
            )
        if not s.finished or state != "finished" or count != run.questions:
            problems.append(f"{s.name}: {count}/{run.questions} answers, attempt {state}")
    return problems


# ---- the run ----------------------------------------------------------------------------


def reachable(url: str, default_port: int) -> tuple[str, int]:
    parts = urlsplit(url)
    if not parts.hostname:
        raise Skip(f"{url} names no TCP host: the namespaces reach services over TCP only")
    return parts.hostname, parts.port or default_port


def redis_ping(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def preconditions(postgres: str, redis: str) -> None:
    if os.geteuid() != 0:
        raise Skip(f"not root (uid {os.geteuid()}): network namespaces need root")
    if shutil.which("ip") is None:
        raise Skip("no `ip` command (iproute2): cannot make network namespaces")
    try:
        ip("netns", "list")
    except subprocess.CalledProcessError as error:
        raise Skip(f"`ip netns` does not work here: {error.stderr.strip()}") from error
    import psycopg

    try:
        psycopg.connect(f"{postgres}/postgres", connect_timeout=5).close()
    except psycopg.OperationalError as error:
        raise Skip(f"no PostgreSQL at {postgres}: {str(error).strip()}") from error
    if not redis_ping(*reachable(redis, 6379)):
        raise Skip(f"no Redis at {redis}")


PREPARE = """
import django
django.setup()
from django.core.management import call_command
from quizapp.generator.generate import Scope
from quizapp.quizzes.services.question_sets import (
    SetSettings, question_set_build, question_set_publish,
)
from quizapp.vocabulary import GENERATED_KINDS, FeedbackMode
call_command("collectstatic", interactive=False, verbosity=0)
print("static files collected", flush=True)
call_command("migrate", interactive=False, verbosity=0)
call_command("load_facts", verbosity=0)
qs = question_set_build(
    owner=None, title="兩台主機", scope=Scope(), kinds=GENERATED_KINDS, count=%d, seed=1,
    settings=SetSettings(feedback_mode=FeedbackMode.DEFERRED),
)
print(question_set_publish(question_set=qs).join_code)
"""


class Preparation:
    """The run's own database: created, migrated, the facts loaded, one published set of
    `questions` questions; the static files collected first. One process, one Django
    start-up, in the background: the servers may boot meanwhile once `static_ready()`,
    since WhiteNoise lists the static files as a worker starts."""

    def __init__(
        self, *, postgres: str, database: str, env: dict[str, str], questions: int
    ) -> None:
        import psycopg

        with psycopg.connect(f"{postgres}/postgres", autocommit=True, connect_timeout=5) as db:
            db.execute(f'CREATE DATABASE "{database}"')
        self.process = subprocess.Popen(
            [PYTHON, "-c", PREPARE % questions],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )

    def static_ready(self) -> None:
        assert self.process.stdout is not None
        if not self.process.stdout.readline().startswith("static files collected"):
            raise RuntimeError(f"collectstatic failed (exit {self.process.wait()})")

    def join_code(self) -> str:
        """Waits for the database; returns the set's join code."""
        out, _ = self.process.communicate(timeout=300)
        if self.process.returncode:
            raise RuntimeError(f"preparing the database failed (exit {self.process.returncode})")
        return out.split()[-1]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def drop_database(postgres: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{postgres}/postgres", autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report(run: Run, students: list[Student], *, total: float) -> dict[str, Any]:
    """Print the figures; return them for --json."""
    summary: dict[str, Any] = {"hosts": {}}
    started = run.started or run.ended  # the starts may not all have come back
    for index, (host, figures) in enumerate(zip(run.hosts, run.figures, strict=True)):
        ms = [1000 * value for value in figures.latencies]
        after = [1000 * value for value in figures.after_kill]
        own = sum(1 for s in students if s.home == index)
        line = (
            f"  host {host.label} {host.address:<13} {own:4d} students  "
            f"{figures.acknowledged:5d} answers acknowledged  "
            f"p50 {percentile(ms, 0.5):6.1f} ms  p95 {percentile(ms, 0.95):6.1f} ms"
        )
        if after:
            line += f" (after the kill {percentile(after, 0.95):.1f} ms)"
        print(f"{line}  statuses {dict(sorted(figures.statuses.items()))}")
        summary["hosts"][host.label] = {
            "students": own,
            "acknowledged": figures.acknowledged,
            "p50_ms": percentile(ms, 0.5),
            "p95_ms": percentile(ms, 0.95),
            "p95_after_kill_ms": percentile(after, 0.95) if after else None,
            "server_errors": figures.server_errors,
            "statuses": figures.statuses,
            "errors": figures.errors,
            "expected_errors": figures.expected_errors,
        }
    summary.update(
        netns=[host.netns for host in run.hosts],
        answers=sum(s.acknowledged for s in students),
        stranded=len(run.stranded),
        failovers=sum(1 for s in students if s.failovers),
        stored_unacknowledged=sum(s.stored_unacknowledged for s in students),
        resent=sum(s.resent for s in students),
        killed_processes=run.killed_processes,
        expected_errors=run.figures[0].expected_errors,
        errors=sum(f.errors for f in run.figures),
        server_errors=sum(f.server_errors for f in run.figures),
        seconds={
            "starts": started - run.began,
            "answers": run.ended - started,
            "kill": run.kill_at - run.started if run.kill_at else None,
            "total": total,
            "client_cpu": run.client_cpu,
        },
    )
    if run.kill_at:
        print(
            f"  kill -9 host A after {run.kill_after} answers, "
            f"{run.kill_at - run.started:.1f} s in: {run.killed_processes} processes "
            "(gunicorn master and workers)"
        )
    print(
        f"  failover: {summary['failovers']} of the {summary['stranded']} students on A "
        "when it died went on at host B; of answers "
        f"sent to A with no reply, {summary['stored_unacknowledged']} A had stored "
        f"(seen on B), {summary['resent']} were sent again to B"
    )
    print(
        f"  {summary['answers']} answers acknowledged "
        f"({summary['answers'] / max(1e-9, run.ended - started):.1f}/s); "
        f"connection errors the kill explains "
        f"{summary['expected_errors']}, others {summary['errors']}; "
        f"5xx {summary['server_errors']}"
    )
    print(
        f"  time: {summary['seconds']['starts']:.1f} s to start every attempt, "
        f"{summary['seconds']['answers']:.1f} s of answers, {total:.1f} s in all "
        "(namespaces, database and servers included); the students' client used "
        f"{run.client_cpu:.1f} s of CPU; load average now {os.getloadavg()[0]:.1f}"
    )
    return summary


def skip(reason: str, *, require: bool) -> NoReturn:
    print(f"MULTI-HOST PHASE SKIPPED: {reason}.")
    print("  (The single-host phases are unaffected; run as root with PostgreSQL and Redis")
    print("   on 127.0.0.1 for this one.)")
    sys.exit(2 if require else 0)


def interrupted(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt  # SIGTERM cleans up as Ctrl-C does


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--questions", type=int, default=8)
    parser.add_argument("--think", type=float, nargs=2, default=(0.2, 0.6), metavar=("MIN", "MAX"))
    parser.add_argument("--workers", type=int, default=gunicorn_workers())
    parser.add_argument("--time-limit", type=float, default=300, help="seconds for the students")
    parser.add_argument("--require", action="store_true", help="a skip exits 2, not 0")
    parser.add_argument("--json", type=Path, help="write the figures and problems here")
    args = parser.parse_args()
    # Ctrl-C and SIGTERM end the run through `finally`, even when started in the
    # background of a shell (which would have SIGINT ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupted)

    url = os.environ.get("DATABASE_URL", "")
    postgres = url.rsplit("/", 1)[0] if url.startswith("postgres") else DEFAULT_POSTGRES
    redis = os.environ.get("REDIS_URL") or DEFAULT_REDIS
    try:
        preconditions(postgres, redis)
    except Skip as reason:
        skip(str(reason), require=args.require)
    stale = remove_stale(postgres)
    if stale:
        print(f"  (removed what a killed earlier run left: {', '.join(stale)})")

    run_id = secrets.token_hex(3)
    database = f"{PREFIX}_{run_id}"
    began = time.perf_counter()
    base_env = production_env(DATABASE_URL=f"{postgres}/{database}")
    limit = RATE_LIMITS["start"]["requests"]  # attempts started per address and window
    per_host = math.ceil(args.students / 2)
    clients = max(1, math.ceil(per_host / (limit * 0.8)))
    print(
        f"Two hosts: {args.students} students × {args.questions} questions, "
        f"think {args.think[0]}–{args.think[1]} s, gunicorn {args.workers} workers per host "
        f"on {os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f}); "
        f"PostgreSQL {database}, Redis {redis}"
    )
    relay: Relay | None = None
    problems: list[str] = []
    summary: dict[str, Any] = {}
    cannot = ""
    try:
        with contextlib.ExitStack() as stack:
            hosts = stack.enter_context(network(run=run_id, clients=clients))
            pg_host, pg_port = reachable(postgres, 5432)
            redis_host, redis_port = reachable(redis, 6379)
            specs = []
            for host in hosts:
                specs += [
                    f"postgres@{host.gateway}={pg_host}:{pg_port}",
                    f"redis@{host.gateway}={redis_host}:{redis_port}",
                ]
            relay = Relay(specs)
            for host in hosts:
                redis_port_here = relay.ports[f"redis@{host.gateway}"]
                if not ping_from(host, port=redis_port_here, payload=b"PING\r\n", expect=b"+PONG"):
                    raise RuntimeError(f"host {host.label} cannot reach Redis through the relay")
            preparation = Preparation(
                postgres=postgres, database=database, env=base_env, questions=args.questions
            )
            stack.callback(preparation.stop)
            preparation.static_ready()
            shared = {"DJANGO_ALLOWED_HOSTS": ",".join(h.address for h in hosts)}
            for host in hosts:
                env = {
                    **base_env,
                    **shared,
                    "DATABASE_URL": moved(
                        base_env["DATABASE_URL"],
                        host=host.gateway,
                        port=relay.ports[f"postgres@{host.gateway}"],
                    ),
                    "REDIS_URL": moved(
                        redis, host=host.gateway, port=relay.ports[f"redis@{host.gateway}"]
                    ),
                }
                start_gunicorn(host, env=env, workers=args.workers)
            code = preparation.join_code()
            for host in hosts:
                wait_ready(host)

            students = [
                Student(name=f"兩台{n:03d}", home=n % 2, client=n // 2 % clients, host=n % 2)
                for n in range(args.students)
            ]
            run = Run(hosts, code=code, questions=args.questions, think=tuple(args.think))
            try:
                asyncio.run(asyncio.wait_for(run.phase(students), timeout=args.time_limit))
            except TimeoutError:
                problems.append(f"the students did not finish within {args.time_limit:.0f} s")
            except (AssertionError, httpx.HTTPError) as error:  # a page not as expected
                problems.append(f"the students stopped: {error!r}"[:300])
            if not run.killed.is_set():
                problems.append("host A was never killed")
            elif hosts[0].pids():
                problems.append("processes of host A's gunicorn outlived the kill")
            wait_ready(hosts[1], seconds=5)  # the survivor still serves
            problems += check(postgres=postgres, database=database, run=run, students=students)
            unexplained = sum(f.errors + f.server_errors for f in run.figures)
            if unexplained:
                problems.append(f"{unexplained} errors the kill does not explain")
            if run.killed.is_set() and not run.stranded:
                problems.append("host A was killed with no student left on it")
            problems += [
                f"{s.name}: on host A when it was killed, never went on at host B"
                for s in run.stranded
                if not s.failovers
            ]
            summary = report(run, students, total=time.perf_counter() - began)
    except Skip as reason:  # namespaces could not be made: nothing was started
        cannot = str(reason)
    finally:
        if relay:
            relay.stop()
        with contextlib.suppress(Exception):
            drop_database(postgres, database)
    if cannot:
        skip(cannot, require=args.require)
    if relay and relay.counts:
        counts = relay.counts
        pg = sum(c["connections"] for k, c in counts.items() if k.startswith("postgres"))
        rd = sum(c["connections"] for k, c in counts.items() if k.startswith("redis"))
        print(
            f"  relay: {pg} connections to PostgreSQL, {rd} to Redis; "
            f"{counts.get('cpu_seconds', 0):.1f} s of CPU"
        )
        summary["relay"] = counts
    print(
        "Integrity: PASS, every acknowledged answer stored exactly once"
        if not problems
        else "PROBLEMS:"
    )
    for problem in problems[:20]:
        print("   ", problem)
    if args.json:
        args.json.write_text(json.dumps({**summary, "problems": problems}, indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("Interrupted: namespaces, relay, servers and database removed.")
        sys.exit(130)
