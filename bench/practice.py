"""Practice speed: picking and putting the next question, and recording an answer's memory,
with the real fact base and 1,000 students' memory rows in the database. Prints figures
(server time and queries), asserts nothing.

    make bench

Targets (README, Performance): the next practice question within 20 ms, and a fixed
number of queries whatever the student's history; an answer and its memory updates in
one transaction, a fixed number of queries.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="quizapp-practice-"))
# Its own database: a thousand made-up students are no one's data.
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{WORKDIR / 'practice.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from quizapp.memory.models import FactMemory  # noqa: E402
from quizapp.memory.scheduling import reviewed  # noqa: E402
from quizapp.practice.models import PracticeQuestion  # noqa: E402
from quizapp.practice.pool import pool_now  # noqa: E402
from quizapp.practice.services import Learner, practice_answer, practice_next  # noqa: E402
from quizapp.recall import AGAIN, GOOD  # noqa: E402

STUDENTS = 1_000
RUNS = 30
NOW = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def seed() -> list[User]:
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_facts", verbosity=0)
    pool = pool_now()
    users = User.objects.bulk_create(User(username=f"student{n:04d}") for n in range(STUDENTS))
    users = list(User.objects.filter(username__startswith="student").order_by("id"))
    rows = []
    # A few dozen distinct histories, each scheduled once by py-fsrs and shared.
    cards = {
        (days, rating): reviewed(None, rating=rating, now=NOW - datetime.timedelta(days=days))
        for days in range(1, 21)
        for rating in (AGAIN, GOOD)
    }
    for number, user in enumerate(users):
        # Each student has met a different share of the units, some a while ago.
        met = pool.units[: 40 + number % (len(pool.units) - 40)]
        for index, unit in enumerate(met):
            days = 1 + (number + index) % 20
            when = NOW - datetime.timedelta(days=days)
            card = cards[(days, AGAIN if (number + index) % 5 == 0 else GOOD)]
            rows.append(
                FactMemory(
                    user=user,
                    card=card.to_dict(),
                    due=card.due,
                    stability=card.stability or 0,
                    reviews=1,
                    last_review=when,
                    **FactMemory.unit_fields(unit),
                )
            )
        if len(rows) > 20_000:
            FactMemory.objects.bulk_create(rows)
            rows = []
    FactMemory.objects.bulk_create(rows)
    return users


def report(label: str, times: list[float], queries: list[int]) -> None:
    print(
        f"{label:<44} median {statistics.median(times):6.2f} ms   "
        f"p95 {sorted(times)[int(len(times) * 0.95) - 1]:6.2f} ms   "
        f"queries {min(queries)}–{max(queries)}   ({len(times)} runs)"
    )


def main() -> None:
    started = time.perf_counter()
    users = seed()
    print(
        f"Seeded {STUDENTS} students, {FactMemory.objects.count()} memory rows, "
        f"{len(pool_now().units)} units, in {time.perf_counter() - started:.1f} s "
        f"({connection.vendor})\n"
    )
    for label, user in (
        ("student with the longest history", users[-1]),
        ("student with the shortest history", users[0]),
    ):
        learner = Learner(user_id=user.pk, guest_token="")
        next_times, next_queries, answer_times, answer_queries = [], [], [], []
        now = NOW
        for _run in range(RUNS):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                question = practice_next(learner=learner, scope="all", now=now)
                next_times.append((time.perf_counter() - start) * 1000)
            next_queries.append(len(captured))
            assert isinstance(question, PracticeQuestion)
            choice = question.ids[question.indices.index(question.key[0])]
            order = [question.ids[question.indices.index(i)] for i in question.key]
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                practice_answer(
                    learner=learner,
                    public_id=str(question.public_id),
                    choice=choice,
                    order=order,
                    now=now,
                )
                answer_times.append((time.perf_counter() - start) * 1000)
            answer_queries.append(len(captured))
            now += datetime.timedelta(seconds=30)
        print(f"{label} ({FactMemory.objects.filter(user=user).count()} memory rows):")
        report("  next practice question (pick and put)", next_times, next_queries)
        report("  answer: grade, claim, memory in one transaction", answer_times, answer_queries)


if __name__ == "__main__":
    main()
