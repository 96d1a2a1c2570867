from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from quizapp.facts.loading import FactsFileError, facts_load
from quizapp.facts.models import Event


class Command(BaseCommand):
    help = (
        "Load the fact base (its source article, places, people, events) from fixtures/facts.yaml."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=settings.FACTS_FIXTURE)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when events exist already, so that admin edits are kept.",
        )

    def handle(self, *args: object, path: Path, if_empty: bool, **options: object) -> None:
        if if_empty and Event.objects.exists():
            self.stdout.write("Facts already loaded; keeping the database as it is.")
            return
        try:
            report = facts_load(path=path)
        except FactsFileError as error:
            raise CommandError(
                f"{path} was refused; nothing was saved. Problems:\n  "
                + "\n  ".join(error.problems)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded 〈{report.source}〉: {report.events} events, {report.people} people, "
                f"{report.places} places, {report.participations} participations, "
                f"{report.statements} statements from {path}."
            )
        )
