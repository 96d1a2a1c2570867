from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q

from quizapp.accounts.demo import DEMO_TEACHER, DemoCommand
from quizapp.generator.generate import Scope
from quizapp.quizzes.models import QuestionSet
from quizapp.quizzes.scopes import scope_to_json
from quizapp.quizzes.services.question_sets import (
    SetSettings,
    question_set_build,
    question_set_publish,
)
from quizapp.vocabulary import GENERATED_KINDS, FeedbackMode, Phase, QuestionKind, Side


@dataclass(frozen=True)
class DemoSet:
    title: str
    scope: Scope
    kinds: tuple[QuestionKind, ...]
    count: int
    # Demo sets are listed on the home page, so a newcomer finds them without a code.
    settings: SetSettings = field(default_factory=lambda: SetSettings(is_public=True))


def kinds_except(*left_out: QuestionKind) -> tuple[QuestionKind, ...]:
    return tuple(kind for kind in GENERATED_KINDS if kind not in left_out)


# Four published sets a class can try at once, built the way a teacher builds a set and
# owned by the demo teacher; `make run` prints their join codes.
DEMO_SETS = [
    DemoSet(
        title="第一天：抵達平壤",
        scope=Scope(phases=frozenset({Phase.DAY1})),
        kinds=kinds_except(QuestionKind.ROLE),
        count=8,
    ),
    DemoSet(
        title="第二天：《平壤共同宣言》",
        scope=Scope(phases=frozenset({Phase.DAY2})),
        kinds=kinds_except(QuestionKind.ROLE, QuestionKind.DATE),
        count=8,
        settings=SetSettings(feedback_mode=FeedbackMode.DEFERRED, is_public=True),
    ),
    DemoSet(
        title="代表團：誰擔任什麼職務",
        scope=Scope(sides=frozenset({Side.ROK})),
        kinds=(QuestionKind.ROLE,),
        count=10,
    ),
    DemoSet(
        title="全程時間線",
        scope=Scope(),
        kinds=(QuestionKind.ORDERING,),
        count=5,
        settings=SetSettings(time_limit_minutes=15, is_public=True),
    ),
]


class Command(DemoCommand):
    help = "Create and publish the demo question sets (once) and print their join codes."

    def handle(self, *args: Any, url: str, **options: Any) -> None:
        teacher = get_user_model().objects.filter(username=DEMO_TEACHER).first()
        if teacher is None:
            raise CommandError("No demo teacher yet: run create_demo_accounts first.")
        self.stdout.write("\nDemo question sets (join codes), in the demo teacher's workspace:")
        for number, spec in enumerate(DEMO_SETS, start=1):
            demo = (
                QuestionSet.objects.filter(Q(owner=teacher) | Q(owner__isnull=True))
                .filter(title=spec.title)
                .first()
            )
            if demo is None:
                with transaction.atomic():  # built and published, or not at all
                    demo = question_set_build(
                        owner=teacher,
                        title=spec.title,
                        scope=spec.scope,
                        kinds=spec.kinds,
                        count=spec.count,
                        seed=2018 + number,
                        settings=spec.settings,
                    )
                    question_set_publish(question_set=demo)
            elif not demo.join_code:
                question_set_publish(question_set=demo)
            if demo.owner is None:
                # Made by an earlier version, which kept no owner and no scope and listed
                # every published set on the home page.
                demo.owner = teacher
                demo.scope = scope_to_json(spec.scope)
                demo.is_public = True
                demo.save(update_fields=["owner", "scope", "is_public", "updated_at"])
            self.stdout.write(f"  {demo.join_code}  {demo.title}  {url}{demo.join_url}")
        self.stdout.write("")
