"""CPU per answer post, in one process: what a worker spends on each HTMX answer, without
the network, the other workers or the machine's other load in the figure.

    .venv/bin/python bench/profile_answer.py                    # deferred feedback
    .venv/bin/python bench/profile_answer.py --feedback immediate --top 30
    .venv/bin/python bench/profile_answer.py --postgres postgres://postgres@127.0.0.1:5432

Production settings (DEBUG off) on a SQLite database in a temporary directory (or, with
--postgres SERVER, a throwaway database on that PostgreSQL server), with the
facts and loadtest.py's 10-question set. Attempts are started beforehand through
`attempt_start`, as bench/pages.py does; their answers then go, round by round (every
attempt's first question, then every second…), straight into the WSGI handler with the
headers wrk sends (guest cookie, CSRF cookie and header, HX-Request). Prints CPU
milliseconds (time.process_time) per answer and per /healthz (the trivial view pages.py
compares with), then the answers again under cProfile and its top lines.

Throughput on this shared machine drifts with everything else running on it; CPU time
per request does not, so this is the figure to compare before and after a change.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import os
import pstats
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.environment import production_env  # noqa: E402

Environ = dict[str, Any]


PROFILE_DATABASE = "quizapp_profile"


def recreate_database(server: str, *, drop_only: bool = False) -> None:
    """The throwaway PostgreSQL database, made afresh (or dropped) through `postgres`."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{PROFILE_DATABASE}" WITH (FORCE)')
        if not drop_only:
            admin.execute(f'CREATE DATABASE "{PROFILE_DATABASE}"')


def setup_django(workdir: Path, *, postgres: str | None) -> None:
    database = (
        f"{postgres}/{PROFILE_DATABASE}" if postgres else f"sqlite:///{workdir / 'answers.sqlite3'}"
    )
    os.environ.update(production_env(DATABASE_URL=database))
    import django
    from django.conf import settings

    django.setup()
    settings.STATIC_ROOT = workdir / "static"
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_facts", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def build_set(*, feedback: str) -> Any:
    from quizapp.generator.generate import Scope
    from quizapp.quizzes.services.question_sets import (
        SetSettings,
        question_set_build,
        question_set_publish,
    )
    from quizapp.vocabulary import GENERATED_KINDS, FeedbackMode

    question_set = question_set_build(
        owner=None,
        title="負載測試",
        scope=Scope(),
        kinds=GENERATED_KINDS,
        count=10,
        seed=1,
        settings=SetSettings(feedback_mode=FeedbackMode(feedback)),
    )
    return question_set_publish(question_set=question_set)


def request(path: str, *, method: str = "GET", cookie: str = "", body: str = "") -> Environ:
    """A WSGI environ as gunicorn builds it for wrk's request."""
    data = body.encode()
    environ: Environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(data),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    if method == "POST":
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = str(len(data))
        environ["HTTP_HX_REQUEST"] = "true"
        environ["HTTP_X_CSRFTOKEN"] = cookie.rsplit("csrftoken=", 1)[1]
    return environ


def answer_rounds(question_set: Any, *, attempts: int, seq_step: int) -> list[list[Environ]]:
    """Start `attempts` guests' attempts; for each question index, every attempt's answer
    to it (an ordering answered reversed and confirmed, a choice with its first option).
    `seq_step`: 2 where immediate feedback takes a 「下一題」 post between answers."""
    from django.db import transaction
    from django.http import HttpResponse

    from quizapp.accounts.guests import GUEST_COOKIE, remember_guest
    from quizapp.quizzes.models import Question
    from quizapp.quizzes.services.attempts import attempt_start

    csrf = secrets.token_hex(16)
    started = []
    with transaction.atomic():
        for number in range(attempts):
            token = secrets.token_urlsafe(16)
            attempt = attempt_start(
                question_set=question_set,
                user=None,
                guest_token=token,
                display_name=f"測{number:04d}",
            )
            signed = HttpResponse()
            remember_guest(signed, token)
            cookie = f"{GUEST_COOKIE}={signed.cookies[GUEST_COOKIE].value}; csrftoken={csrf}"
            started.append((attempt, cookie))
    ordering = set(
        Question.objects.filter(question_set=question_set, kind="ordering").values_list(
            "pk", flat=True
        )
    )
    rounds = []
    for index in range(len(started[0][0].slots)):
        answers = []
        for attempt, cookie in started:
            slot = attempt.slots[index]
            seq = index * seq_step
            fields: dict[str, Any] = (
                {"seq": seq, "order": list(reversed(slot.ids)), "confirm": "1"}
                if slot.question_id in ordering
                else {"seq": seq, "choice": slot.ids[0]}
            )
            path = f"/attempts/{attempt.public_id}/answer/"
            answers.append(
                request(path, method="POST", cookie=cookie, body=urlencode(fields, doseq=True))
            )
        rounds.append(answers)
    return rounds


def next_posts(answers: list[Environ], *, index: int) -> list[Environ]:
    """With immediate feedback an answer stays on its question until 「下一題」: the
    posts that move each attempt on after its answer to question `index`."""
    return [
        request(
            answer["PATH_INFO"].replace("/answer/", "/next/"),
            method="POST",
            cookie=answer["HTTP_COOKIE"],
            body=f"seq={index * 2 + 1}",
        )
        for answer in answers
    ]


def serve(app: Callable[..., Iterable[bytes]], environ: Environ, *, expect: int = 200) -> bytes:
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
        statuses.append(status)

    environ["wsgi.input"].seek(0)
    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close:
            close()
    if int(statuses[0].split()[0]) != expect:
        raise SystemExit(f"{environ['PATH_INFO']}: {statuses[0]}\n{body[:2000].decode()}")
    return body


def cpu_ms_each(
    app: Callable[..., Iterable[bytes]], environs: list[Environ], *, between: list[Environ]
) -> list[float]:
    """CPU milliseconds of each request of `environs`; `between` (not counted) are sent
    after each, to move an attempt on where immediate feedback holds it."""
    spent = []
    for index, environ in enumerate(environs):
        began = time.process_time()
        serve(app, environ)
        spent.append((time.process_time() - began) * 1000)
        if between:
            serve(app, between[index])
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attempts", type=int, default=300, help="attempts (answers per round)")
    parser.add_argument("--feedback", choices=("deferred", "immediate"), default="deferred")
    parser.add_argument("--top", type=int, default=25, help="profile lines to print")
    parser.add_argument("--sort", default="tottime", help="pstats sort key")
    parser.add_argument("--dump", type=Path, help="also write the profile here, for pstats")
    parser.add_argument(
        "--postgres",
        metavar="SERVER",
        help="a PostgreSQL server (postgres://user@host:port) to profile on instead of SQLite",
    )
    args = parser.parse_args()
    database = "PostgreSQL" if args.postgres else "SQLite"

    workdir = Path(tempfile.mkdtemp(prefix="quizapp-profile-"))
    try:
        if args.postgres:
            recreate_database(args.postgres)
        setup_django(workdir, postgres=args.postgres)
        # The application gunicorn serves (it freezes what start-up loaded, out of the
        # cyclic collector's reach).
        from quizapp.wsgi import application as app

        question_set = build_set(feedback=args.feedback)
        immediate = args.feedback == "immediate"
        rounds = answer_rounds(question_set, attempts=args.attempts, seq_step=2 if immediate else 1)
        # The prepared requests are the bench's, not the worker's: frozen too, so the
        # collector's passes walk what requests make, as in a worker.
        gc.collect()
        gc.freeze()

        def moving_on(index: int) -> list[Environ]:
            return next_posts(rounds[index], index=index) if immediate else []

        healthz = [request("/healthz") for _ in range(args.attempts)]
        # Round 1 warms every cache (templates, the set's questions, URL resolving).
        cpu_ms_each(app, rounds[0], between=moving_on(0))
        cpu_ms_each(app, healthz, between=[])
        trivial = statistics.median(cpu_ms_each(app, healthz, between=[]))
        timed = rounds[1:5]
        per_round = [
            cpu_ms_each(app, answers, between=moving_on(index))
            for index, answers in enumerate(timed, start=1)
        ]
        every = [ms for spent in per_round for ms in spent]
        answer = statistics.mean(every)
        profiler = cProfile.Profile()
        profiled = rounds[5:9]
        profiler.enable()
        for index, answers in enumerate(profiled, start=5):
            posts: list[Environ | None] = [*moving_on(index)] or [None] * len(answers)
            for environ, post in zip(answers, posts, strict=True):
                serve(app, environ)
                if post is not None:
                    profiler.disable()
                    serve(app, post)
                    profiler.enable()
        profiler.disable()
        if args.dump:
            profiler.dump_stats(args.dump)

        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        # Python calls per answer: unlike CPU time, the same whatever else the machine runs.
        calls = stats.total_calls / sum(len(answers) for answers in profiled)  # type: ignore[attr-defined]
        print(
            f"Answer post (HTMX), {args.feedback} feedback, production settings, {database}: "
            f"{answer:.2f} ms CPU each over {len(every)} answers, median "
            f"{statistics.median(every):.2f} (by round: "
            f"{', '.join(f'{statistics.mean(spent):.2f}' for spent in per_round)}); "
            f"/healthz median {trivial:.2f} ms; {calls:,.0f} function calls per answer "
            "under cProfile"
        )
        stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if args.postgres:
            # The pool's connections are ended by the drop (WITH FORCE) if closing them
            # here fails: the database goes either way.
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            recreate_database(args.postgres, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
