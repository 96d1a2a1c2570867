from __future__ import annotations

from django.core.management.base import BaseCommand

from quizapp.facts.snapshot import fact_base_snapshot
from quizapp.generator.drafts import Kind
from quizapp.generator.generate import Scope, all_candidates, question_set
from quizapp.quizzes.models import FeedbackMode, QuestionSet
from quizapp.quizzes.services import question_set_create, question_set_publish

# Four published sets a class can try at once; `make run` prints their join codes.
DEMO_SETS = [
    {
        "title": "第一天：抵達平壤",
        "scope": Scope(phases=frozenset({"day1"})),
        "kinds": (Kind.DATE, Kind.TIME, Kind.PARTICIPANT, Kind.PLACE, Kind.ORDERING),
        "count": 8,
        "feedback_mode": FeedbackMode.IMMEDIATE,
    },
    {
        "title": "第二天：《平壤共同宣言》",
        "scope": Scope(phases=frozenset({"day2"})),
        "kinds": (Kind.TIME, Kind.PARTICIPANT, Kind.PLACE, Kind.ORDERING),
        "count": 8,
        "feedback_mode": FeedbackMode.DEFERRED,
    },
    {
        "title": "代表團：誰擔任什麼職務",
        "scope": Scope(sides=frozenset({"ROK"})),
        "kinds": (Kind.ROLE,),
        "count": 10,
        "feedback_mode": FeedbackMode.IMMEDIATE,
    },
    {
        "title": "全程時間線",
        "scope": Scope(),
        "kinds": (Kind.ORDERING,),
        "count": 5,
        "feedback_mode": FeedbackMode.IMMEDIATE,
        "time_limit_minutes": 15,
    },
]


class Command(BaseCommand):
    help = "Create and publish the demo question sets (once) and print their join codes."

    def handle(self, *args: object, **options: object) -> None:
        fact_base = fact_base_snapshot()
        candidates = all_candidates(fact_base)
        self.stdout.write("\nDemo question sets (join codes):")
        for number, spec in enumerate(DEMO_SETS, start=1):
            existing = QuestionSet.objects.filter(title=spec["title"], owner__isnull=True).first()
            if existing is None:
                drafts = question_set(
                    candidates,
                    fact_base,
                    count=spec["count"],
                    seed=2018 + number,
                    kinds=spec["kinds"],
                    scope=spec["scope"],
                )
                existing = question_set_create(
                    title=spec["title"],
                    drafts=drafts,
                    feedback_mode=spec["feedback_mode"],
                    time_limit_minutes=spec.get("time_limit_minutes"),
                    kinds=[str(kind) for kind in spec["kinds"]],
                    seed=2018 + number,
                )
                question_set_publish(question_set=existing)
            self.stdout.write(f"  {existing.join_code}  {existing.title}")
        self.stdout.write("")
