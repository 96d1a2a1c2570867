"""Throughput of the pages a class opens at once, and of the answer post, side by side
with the trivial view, under production settings. Prints figures; asserts nothing.

    make bench                      # with the other benches (about 2 minutes for this one)
    .venv/bin/python bench/pages.py --seconds 10

gunicorn (workers = 2 × cores + 1 as `make serve`, or WORKERS) on its own SQLite database in a
temporary directory, with the facts, the demo sets and loadtest.py's set. Each URL gets
one `wrk -t2 -c50 -d5s --latency` run (5 s by default, to keep the whole run near two
minutes), between two runs of the trivial view /healthz, its yardstick (the mean of the
run just before and the run just after, as the machine's speed drifts): home, the
timeline with and without a phase filter, a demo set's start page, its question page and
results page (a student's own, by their guest cookie), and the answer post. Public pages
are fetched without cookies, as by a student opening them for the first time.

The answer post: each POST needs an attempt of its own at the right seq, so attempts are
started beforehand through `attempt_start` (the service the start view calls), not over
HTTP: the start limit allows 120 per minute per address and this needs hundreds. wrk
sends their answers in rounds (every attempt's first question, then every second…), so
an attempt's next answer goes out hundreds of requests after its last one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.environment import gunicorn_threads, gunicorn_workers, production_env  # noqa: E402
from bench.loadtest import (  # noqa: E402
    Server,
    Student,
    django_eval,
    manage,
    prepare_answers,
    prepare_database,
    start_student,
    student_phase,
)
from bench.wrk import CONNECTIONS, WrkFigures, run_wrk, wrk_available  # noqa: E402

DEMO_TITLE = "第二天：《平壤共同宣言》"  # a published demo set with deferred feedback
WARM_UP_REQUESTS = 20  # per URL, so every worker has compiled its templates


@dataclass(frozen=True)
class Target:
    label: str
    path: str
    cookie: str = ""
    prepared: Path | None = None


CLASS_SIZE = 30  # students in the class whose results the teacher reads
PRACTICE_SCOPE = "phase:day2"


def prepare_class(env: dict[str, str], *, code: str) -> dict[str, str]:
    """A class of CLASS_SIZE students who all finished the set `code` (its homework), the
    teacher's session, and a guest who practised: the URLs and cookies of the teacher's
    results pages and the practice next-question, as `key=value` lines."""
    lines = django_eval(
        env,
        f"""
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client
from quizapp.accounts.demo import DEMO_TEACHER
from quizapp.accounts.guests import GUEST_COOKIE, remember_guest
from quizapp.classes.models import Assignment
from quizapp.classes.services.classes import class_create, class_join
from quizapp.practice.services import Learner, practice_answer, practice_next
from quizapp.quizzes.models import Question, QuestionSet
from quizapp.quizzes.services.attempts import attempt_advance, attempt_start, response_submit

users = get_user_model().objects
teacher = users.get(username=DEMO_TEACHER)
question_set = QuestionSet.objects.get(join_code={code!r})
question_set.owner = teacher
question_set.save()
school_class = class_create(teacher=teacher, name="壓測班", school_year="")
Assignment.objects.create(school_class=school_class, question_set=question_set)
for number in range({CLASS_SIZE}):
    student = users.create_user(username=f"bench{{number:03d}}", password=None)
    class_join(school_class=school_class, student=student, name=f"學生{{number:02d}}")
    attempt = attempt_start(
        question_set=question_set, user=student, guest_token="", display_name=""
    )
    while not attempt.is_finished:
        question = Question.objects.get(pk=attempt.current_slot.question_id)
        right = (number + attempt.current_index) % 3 != 0
        answer = list(question.key) if right else list(reversed(question.key))
        if not question.is_ordering and not right:
            answer = [(question.key[0] + 1) % len(question.options)]
        response_submit(
            attempt=attempt, question=question, seq=attempt.seq, answer=answer, confirmed=True
        )
        if not attempt.is_finished and attempt.is_immediate:
            attempt_advance(attempt=attempt, seq=attempt.seq)
teacher_client = Client()
teacher_client.force_login(teacher)
print(f"teacher_cookie=sessionid={{teacher_client.cookies['sessionid'].value}}")
print(f"class_results=/teacher/sets/{{question_set.pk}}/results/?class={{school_class.pk}}")
print(f"student_attempt=/teacher/sets/{{question_set.pk}}/students/{{student.pk}}/?class={{school_class.pk}}")

# A guest who has practised a while: the next question weighs their memory.
learner = Learner(user_id=None, guest_token="bench-practice-guest")
for _ in range(15):
    found = practice_next(learner=learner, scope={PRACTICE_SCOPE!r})
    if not hasattr(found, "public_id"):
        break
    practice_answer(
        learner=learner,
        public_id=str(found.public_id),
        choice=found.ids[found.indices.index(found.key[0])],
        order=[found.ids[found.indices.index(index)] for index in found.key],
    )
response = HttpResponse()
remember_guest(response, learner.guest_token)
print(f"practice_cookie={{GUEST_COOKIE}}={{response.cookies[GUEST_COOKIE].value}}")
""",
    )
    return dict(line.split("=", 1) for line in lines.splitlines() if "=" in line)


async def student_pages(base: str, code: str) -> tuple[Student, Student]:
    """One student who finished the set (their results page) and one half-way through it
    (their question page), both started over HTTP as a browser would."""
    _, finished, _ = await student_phase(base, code, 1, think=(0, 0), prefix="看結果")
    answering = Student(name="作答中")
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        await start_student(http, answering, code)
    return finished[0], answering


def warm_up(base: str, targets: list[Target]) -> None:
    with httpx.Client(base_url=base, timeout=10) as http:
        for target in targets:
            if target.prepared is None:
                headers = {"Cookie": target.cookie} if target.cookie else {}
                for _ in range(WARM_UP_REQUESTS):
                    http.get(target.path, headers=headers).raise_for_status()


def line(label: str, figures: WrkFigures, bracket: tuple[float, float] | None) -> str:
    """One URL's figures; `bracket`, the trivial view's rate just before and just after."""
    ratio = (
        f"{figures.rate / statistics.mean(bracket):5.2f} (trivial before/after: "
        f"{bracket[0]:,.0f}/{bracket[1]:,.0f}/s)"
        if bracket
        else "yardstick"
    )
    warning = "  RAN OUT of prepared answers" if figures.ran_out else ""
    return (
        f"  {label:<34} {figures.rate:8.1f}/s  p50 {figures.p50_ms:7.1f} ms  "
        f"p95 {figures.p95_ms:7.1f} ms  non-2xx {figures.non_2xx:5d}  "
        f"socket errors {figures.socket_errors:3d}   ÷ trivial {ratio}{warning}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="wrk's -d for each URL")
    parser.add_argument("--attempts", type=int, default=1000, help="attempts for the answers")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--only", nargs="+", default=[], help="measure only the URLs whose label has one of these"
    )
    args = parser.parse_args()
    if not wrk_available():
        print("bench/pages.py needs wrk (Debian: apt-get install wrk); skipped.")
        return 0

    began = time.perf_counter()
    # Anything else running on the machine takes its share of the cores: say so.
    load_before = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="quizapp-pages-"))
    env = production_env()
    env["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'pages.sqlite3'}"
    )
    workers = gunicorn_workers()
    base = f"http://127.0.0.1:{args.port}"
    load_code = prepare_database(env, questions=10)
    manage(env, "create_demo_accounts", "--url", base)
    manage(env, "create_demo_sets", "--url", base)
    demo_code = django_eval(
        env,
        "from quizapp.quizzes.models import QuestionSet\n"
        f"print(QuestionSet.objects.get(title={DEMO_TITLE!r}).join_code)",
    )
    class_pages = prepare_class(env, code=load_code)
    answers_file = workdir / "answers.tsv"
    answers = prepare_answers(env, code=load_code, attempts=args.attempts, path=answers_file)
    server = Server(env, args.port, workers)
    server.start()
    try:
        finished, answering = asyncio.run(student_pages(base, demo_code))
        targets = [
            Target("home /", "/"),
            Target("timeline /timeline/", "/timeline/"),
            Target("timeline ?phase=day2", "/timeline/?phase=day2"),
            Target("start page /q/<code>/", f"/q/{demo_code}/"),
            Target("question page", answering.attempt_url, answering.headers()["Cookie"]),
            Target("results page", finished.attempt_url + "results/", finished.headers()["Cookie"]),
            Target("answer post (HTMX)", "/", prepared=answers_file),
            Target(
                "practice next question",
                f"/practice/?scope={PRACTICE_SCOPE}",
                class_pages["practice_cookie"],
            ),
            Target(
                f"class results ({CLASS_SIZE} students)",
                class_pages["class_results"],
                class_pages["teacher_cookie"],
            ),
            Target(
                "a student's attempt (teacher)",
                class_pages["student_attempt"],
                class_pages["teacher_cookie"],
            ),
        ]
        if args.only:
            targets = [t for t in targets if any(word in t.label for word in args.only)]
        warm_up(base, [Target("trivial", "/healthz"), *targets])
        print(
            f"Pages and answers: gunicorn {workers} workers × {gunicorn_threads()} threads, "
            "production settings, "
            f"{env['DATABASE_URL'].split(':', 1)[0]}; wrk -t2 -c{CONNECTIONS} "
            f"-d{args.seconds:g}s --latency per URL, on the same {os.cpu_count()} cores "
            f"(1-minute load average when the bench began: {load_before:.2f})"
        )
        # This machine's speed drifts from one minute to the next (a shared virtual
        # machine), so each URL is compared with the trivial view measured just before
        # and just after it (one trivial run between every two URLs).
        trivial = run_wrk(base + "/healthz", seconds=args.seconds)
        print(line("trivial view /healthz", trivial, None))
        trivials = [trivial.rate]
        for target in targets:
            figures = run_wrk(
                base + target.path,
                seconds=args.seconds,
                cookie=target.cookie,
                prepared=target.prepared,
            )
            # wrk stops with up to 50 requests queued in the server: let them drain, or
            # the next trivial run shares the cores with them.
            time.sleep(0.5 + 1.5 * figures.p99_ms / 1000)
            trivials.append(run_wrk(base + "/healthz", seconds=args.seconds).rate)
            print(line(target.label, figures, (trivials[-2], trivials[-1])))
        print(
            f"  trivial view, measured between the URLs: {min(trivials):,.0f}–"
            f"{max(trivials):,.0f}/s (median {statistics.median(trivials):,.0f}/s)"
        )
        print(
            f"  answers: {args.attempts} attempts of loadtest.py's 10-question set started "
            f"beforehand ({answers} answers prepared); the demo set 「{DEMO_TITLE}」 "
            "for the start, question and results pages"
        )
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"  whole run: {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
