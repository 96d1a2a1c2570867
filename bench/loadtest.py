"""Load, fault and integrity test against gunicorn on 127.0.0.1. Prints figures.

    make loadtest                                   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quizapp_load make loadtest

Phases, each on a fresh set of attempts, all against one server (production settings,
WhiteNoise, gunicorn workers = 2 × cores + 1):
  1. trivial  — wrk (`-t2 -c50`) on /healthz (no database, no template): the yardstick.
                Without wrk, N Python clients, and the ratio says it is their ceiling.
  2. answers  — N students answer every question with no pause: answer-post throughput,
                as this script's Python client sees it (bench/pages.py measures the answer
                post with wrk too).
  3. paced    — N students answer with a short think time: answer-post latency.
  4. fault    — as 3, but the server is killed with SIGKILL half-way and started again;
                students retry and resume.
After every phase the database is checked: each answer acknowledged with a 2xx is
stored exactly once; after the fault, each student resumed at the right question.
Bounded: a fixed number of students × questions, and per-request timeouts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.environment import production_env  # noqa: E402
from bench.wrk import CONNECTIONS, run_wrk, wrk_available  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SEQ = re.compile(r'name="seq" value="(\d+)"')
CHOICE = re.compile(r'name="choice" value="([^"]+)"')
ORDER = re.compile(r'name="order" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SHOWN = re.compile(r"第 (\d+) 題，共")


def found(pattern: re.Pattern[str], text: str) -> str:
    """The first group of a pattern the page must contain (a page without it is a bug)."""
    match = pattern.search(text)
    if match is None:
        raise AssertionError(f"{pattern.pattern!r} not on the page: {text[:200]!r}")
    return match[1]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


@dataclass
class Student:
    name: str
    cookies: dict[str, str] = field(default_factory=dict)
    attempt_url: str = ""
    acknowledged: int = 0  # answers that got a 2xx
    unacknowledged: int = 0  # answers sent whose reply never came (server killed)
    finished: bool = False
    resume_checks: list[tuple[int, int]] = field(default_factory=list)  # (shown, expected)

    def headers(self, **extra: str) -> dict[str, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": cookie, **extra} if cookie else dict(extra)

    def remember(self, response: httpx.Response) -> None:
        # Cookies are Secure in production; over plain-HTTP loopback we keep them by hand.
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    started: float = 0.0
    ended: float = 0.0

    def note(self, status: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1

    @property
    def seconds(self) -> float:
        return max(1e-9, self.ended - self.started)


class Server:
    def __init__(self, env: dict[str, str], port: int, workers: int) -> None:
        self.env, self.port, self.workers = env, port, workers
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "quizapp.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,  # its own process group, so SIGKILL reaches workers
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL to the master and every worker: no graceful shutdown, no cleanup."""
        if self.process:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def django_eval(env: dict[str, str], code: str) -> str:
    script = "import django; django.setup()\n" + code
    return subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def prepare_database(env: dict[str, str], questions: int) -> str:
    url = env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_facts")
    manage(env, "collectstatic", "--noinput", "-v0")
    return django_eval(
        env,
        f"""
from quizapp.generator.generate import Scope
from quizapp.quizzes.services.question_sets import (
    SetSettings, question_set_build, question_set_publish,
)
from quizapp.vocabulary import GENERATED_KINDS, FeedbackMode
qs = question_set_build(
    owner=None, title="負載測試", scope=Scope(), kinds=GENERATED_KINDS, count={questions}, seed=1,
    settings=SetSettings(feedback_mode=FeedbackMode.DEFERRED),
)
print(question_set_publish(question_set=qs).join_code)
""",
    )


async def trivial_phase(base: str, clients: int, seconds: float) -> Figures:
    figures = Figures()
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        stop_at = time.perf_counter() + seconds

        async def loop() -> None:
            while time.perf_counter() < stop_at:
                start = time.perf_counter()
                try:
                    response = await http.get("/healthz")
                    figures.note(response.status_code)
                    figures.latencies.append(time.perf_counter() - start)
                except httpx.HTTPError:
                    figures.errors += 1

        figures.started = time.perf_counter()
        await asyncio.gather(*(loop() for _ in range(clients)))
        figures.ended = time.perf_counter()
    return figures


async def start_student(http: httpx.AsyncClient, student: Student, code: str) -> None:
    page = await http.get(f"/q/{code}/", headers=student.headers())
    student.remember(page)
    token = found(CSRF, page.text)
    started = await http.post(
        f"/q/{code}/",
        data={"csrfmiddlewaretoken": token, "display_name": student.name},
        headers=student.headers(Referer=f"{http.base_url}/q/{code}/"),
    )
    student.remember(started)
    assert started.status_code == 303, started.status_code
    student.attempt_url = started.headers["location"]


async def run_student(
    http: httpx.AsyncClient,
    student: Student,
    figures: Figures,
    *,
    think: tuple[float, float],
    server_down: asyncio.Event,
) -> None:
    import random

    page = None
    while not student.finished:
        if page is None:
            try:
                page = await http.get(student.attempt_url, headers=student.headers())
            except httpx.HTTPError:
                await asyncio.sleep(0.3)
                continue
            if page.status_code == 302 or "/results/" in str(page.url):
                student.finished = True
                break
            if page.status_code >= 500:
                figures.errors += 1
                page = None
                await asyncio.sleep(0.3)
                continue
            if student.resume_checks and student.resume_checks[-1][0] == -1:
                shown = int(found(SHOWN, page.text))
                student.resume_checks[-1] = (shown, student.acknowledged + 1)
        text = page.text
        seq = found(SEQ, text)
        token = student.cookies.get("csrftoken", "")
        data: dict[str, object] = {"seq": seq}
        ids = ORDER.findall(text)
        if ids:
            data.update(order=list(reversed(ids)), confirm="1")
        else:
            data["choice"] = random.choice(CHOICE.findall(text))
        if think[1]:
            await asyncio.sleep(random.uniform(*think))
        start = time.perf_counter()
        try:
            response = await http.post(
                student.attempt_url + "answer/",
                data=data,
                headers=student.headers(**{"HX-Request": "true", "X-CSRFToken": token}),
            )
        except httpx.HTTPError:
            # The server died under us: this answer may or may not have been stored.
            student.unacknowledged += 1
            student.resume_checks.append((-1, -1))
            page = None
            await server_down.wait()
            continue
        figures.latencies.append(time.perf_counter() - start)
        figures.note(response.status_code)
        if response.status_code >= 500:
            figures.errors += 1
        if 200 <= response.status_code < 300:
            student.acknowledged += 1
            student.remember(response)
            if "hx-redirect" in response.headers:
                student.finished = True
            page = response
        else:
            page = None  # 409 after a restart: read the page again and carry on


async def student_phase(
    base: str,
    code: str,
    count: int,
    *,
    think: tuple[float, float],
    prefix: str,
    server: Server | None = None,
    kill_after: int = 0,
) -> tuple[Figures, list[Student], float]:
    figures = Figures()
    students = [Student(name=f"{prefix}{n:03d}") for n in range(count)]
    limits = httpx.Limits(max_connections=count + 10, max_keepalive_connections=count + 10)
    restart_seconds = 0.0
    async with httpx.AsyncClient(base_url=base, timeout=20, limits=limits) as http:
        await asyncio.gather(*(start_student(http, s, code) for s in students))
        server_up = asyncio.Event()
        server_up.set()

        async def saboteur(server: Server) -> None:
            nonlocal restart_seconds
            while sum(s.acknowledged for s in students) < kill_after:
                await asyncio.sleep(0.05)
            server_up.clear()
            server.kill()
            began = time.perf_counter()
            await asyncio.to_thread(server.start)
            restart_seconds = time.perf_counter() - began
            server_up.set()

        figures.started = time.perf_counter()
        tasks = [
            run_student(http, s, figures, think=think, server_down=server_up) for s in students
        ]
        if server and kill_after:
            tasks.append(saboteur(server))
        await asyncio.gather(*tasks)
        figures.ended = time.perf_counter()
    return figures, students, restart_seconds


class StartBudget:
    """Keeps the phases inside the start limit, as a real class behind one address must:
    RATE_LIMITS["start"] counts starts per address in fixed windows, and every student
    here comes from 127.0.0.1. A phase that would run past it waits for the next window."""

    def __init__(self, env: dict[str, str]) -> None:
        rule = django_eval(
            env,
            "from django.conf import settings\n"
            "rule = settings.RATE_LIMITS['start']\n"
            "print(rule['requests'], rule['seconds'])",
        )
        self.limit, self.seconds = (int(value) for value in rule.split())
        self.window, self.used = -1, 0

    def take(self, count: int) -> None:
        now = time.time()
        window = int(now // self.seconds)
        if window != self.window:
            self.window, self.used = window, 0
        if self.used + count > self.limit:
            wait = (window + 1) * self.seconds - now + 0.5
            print(f"  (waiting {wait:.0f} s: the start limit allows {self.limit} per window)")
            time.sleep(wait)
            self.window, self.used = window + 1, 0
        self.used += count


def check_integrity(
    env: dict[str, str], students: list[Student], questions: int, *, fault: bool
) -> list[str]:
    """Compare what each student was told with what the database holds."""
    rows = django_eval(
        env,
        """
from quizapp.quizzes.models import Attempt
for a in Attempt.objects.all():
    distinct = a.responses.values("question").distinct().count()
    print(a.display_name, a.responses.count(), distinct, a.state)
""",
    )
    stored: dict[str, tuple[int, int, str]] = {}
    for line in rows.splitlines():
        name, stored_count, distinct_count, stored_state = line.split()
        stored[name] = (int(stored_count), int(distinct_count), stored_state)
    problems = []
    for student in students:
        count, distinct, state = stored.get(student.name, (0, 0, "missing"))
        if count != distinct:
            problems.append(f"{student.name}: {count - distinct} answers doubled")
        if count < student.acknowledged:
            problems.append(
                f"{student.name}: {student.acknowledged - count} acknowledged answers lost"
            )
        if not fault and count != student.acknowledged:
            problems.append(f"{student.name}: stored {count}, acknowledged {student.acknowledged}")
        if count > student.acknowledged + student.unacknowledged:
            problems.append(f"{student.name}: more answers stored than sent")
        if count != questions or state != "finished":
            problems.append(f"{student.name}: {count}/{questions} answers, attempt {state}")
        for shown, expected in student.resume_checks:
            if shown not in (expected, expected + 1):
                problems.append(f"{student.name}: resumed at question {shown}, expected {expected}")
    return problems


def report(title: str, figures: Figures, unit: str = "answers") -> None:
    ms = [1000 * value for value in figures.latencies]
    print(
        f"  {title:<34} {len(ms) / figures.seconds:8.1f} {unit}/s   "
        f"p50 {percentile(ms, 0.5):6.1f} ms  p95 {percentile(ms, 0.95):6.1f} ms  "
        f"p99 {percentile(ms, 0.99):6.1f} ms   statuses {dict(sorted(figures.statuses.items()))}  "
        f"errors {figures.errors}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--trivial-seconds", type=float, default=8.0)
    parser.add_argument("--think", type=float, nargs=2, default=(0.2, 0.6), metavar=("MIN", "MAX"))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-fault", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="quizapp-load-"))
    env = production_env()
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'load.sqlite3'}")
    database = env["DATABASE_URL"].split(":", 1)[0]
    workers = 2 * (os.cpu_count() or 1) + 1
    print(
        f"Load test: {args.students} students × {args.questions} questions, {database}, "
        f"gunicorn {workers} workers on {os.cpu_count()} cores"
    )
    code = prepare_database(env, args.questions)
    budget = StartBudget(env)
    server = Server(env, args.port, workers)
    base = f"http://127.0.0.1:{args.port}"
    failures: list[str] = []
    server.start()
    try:
        if wrk_available():
            yardstick = run_wrk(base + "/healthz", seconds=args.trivial_seconds)
            trivial_rate, trivial_errors = yardstick.rate, yardstick.socket_errors
            trivial_name = f"wrk -t2 -c{CONNECTIONS}"
            print(
                f"  {'trivial view (/healthz), ' + trivial_name:<34} {trivial_rate:8.1f} "
                f"requests/s   p50 {yardstick.p50_ms:6.1f} ms  p95 {yardstick.p95_ms:6.1f} ms  "
                f"p99 {yardstick.p99_ms:6.1f} ms   non-2xx {yardstick.non_2xx}  "
                f"errors {trivial_errors}"
            )
            trivial_errors += yardstick.non_2xx
        else:
            # The Python client's own ceiling, not the server's: said so beside the ratio.
            trivial = asyncio.run(trivial_phase(base, args.students, args.trivial_seconds))
            report("trivial view (/healthz), Python", trivial, "requests")
            trivial_rate = len(trivial.latencies) / trivial.seconds
            trivial_errors = trivial.errors
            trivial_name = "this script's Python client (no wrk installed): its ceiling"

        budget.take(args.students)
        answers, students, _ = asyncio.run(
            student_phase(base, code, args.students, think=(0, 0), prefix="全速")
        )
        report("answer post, no think time", answers)
        failures += check_integrity(env, students, args.questions, fault=False)
        answer_rate = len(answers.latencies) / answers.seconds
        print(
            f"  answer-post throughput ÷ trivial view = {answer_rate:.1f} ÷ {trivial_rate:.1f} "
            f"= {answer_rate / trivial_rate:.2f}   (trivial by {trivial_name}; answers by "
            "this script's Python client; target ≥ 0.3)"
        )

        budget.take(args.students)
        paced, students, _ = asyncio.run(
            student_phase(base, code, args.students, think=tuple(args.think), prefix="步調")
        )
        report(f"answer post, think {args.think[0]}–{args.think[1]} s", paced)
        failures += check_integrity(env, students, args.questions, fault=False)

        if not args.no_fault:
            kill_after = args.students * args.questions // 2
            budget.take(args.students)
            fault, students, restart = asyncio.run(
                student_phase(
                    base,
                    code,
                    args.students,
                    think=tuple(args.think),
                    prefix="斷電",
                    server=server,
                    kill_after=kill_after,
                )
            )
            report("answer post, SIGKILL half-way", fault)
            problems = check_integrity(env, students, args.questions, fault=True)
            resumed = sum(len(s.resume_checks) for s in students)
            in_flight = sum(s.unacknowledged for s in students)
            print(
                f"  fault: killed after {kill_after} answers, back in {restart:.1f} s; "
                f"{in_flight} answers were in flight; {resumed} resumes checked; "
                f"{'PASS' if not problems else 'FAIL'}"
            )
            failures += problems
        errors = trivial_errors + answers.errors + paced.errors
        print(f"  5xx/connection errors outside the fault phase: {errors}")
        if errors:
            failures.append(f"{errors} errors")
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        "Integrity: every acknowledged answer stored exactly once" if not failures else "PROBLEMS:"
    )
    for problem in failures[:20]:
        print("   ", problem)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
