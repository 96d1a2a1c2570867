from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quizapp.quizzes.services.attempts import attempts_expire_due


class Command(BaseCommand):
    help = (
        "Finish every attempt whose time ran out, with what it answered, so results count "
        "it even if its student never came back. Run it from a scheduler (cron: every "
        "minute); results pages also do it when they are read."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        finished = attempts_expire_due()
        self.stdout.write(f"Finished {finished} attempts whose time ran out.")
