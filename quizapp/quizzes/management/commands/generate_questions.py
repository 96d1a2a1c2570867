from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quizapp.facts.models import Person
from quizapp.generator.export import FORMATS, NotExportable
from quizapp.generator.generate import (
    NotEnoughQuestions,
    Scope,
    all_candidates,
    in_scope,
    question_set,
)
from quizapp.quizzes.fact_snapshot import fact_base_snapshot
from quizapp.quizzes.wording import not_enough_questions
from quizapp.vocabulary import GENERATED_KINDS, Phase, QuestionKind, Side


def _list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _unknown(given: list[str], known: set[str], what: str) -> None:
    unknown = [value for value in given if value not in known]
    if unknown:
        raise CommandError(
            f"Unknown {what}: {', '.join(unknown)}. Known: {', '.join(sorted(known))}."
        )


def _date(value: str | None, option: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{option} takes a date as YYYY-MM-DD, not {value!r}.") from error


class Command(BaseCommand):
    help = "Generate quiz questions from the fact base (every question rule checked)."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = ",".join(GENERATED_KINDS)
        parser.add_argument("--kinds", help=f"comma-separated, from: {kinds} (default: all)")
        parser.add_argument("--count", type=int, default=10)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--phase", help="comma-separated phases, e.g. day1,day2")
        parser.add_argument("--person", help="comma-separated person keys, e.g. moon-jae-in")
        parser.add_argument("--side", help="comma-separated sides, e.g. ROK,DPRK")
        parser.add_argument("--from", dest="date_from", help="first date, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="last date, YYYY-MM-DD")
        parser.add_argument("--all", action="store_true", help="every candidate in the scope")
        parser.add_argument("--format", choices=sorted(FORMATS), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = _list(options["kinds"]) or list(GENERATED_KINDS)
        _unknown(kinds, set(GENERATED_KINDS), "kinds")
        phases, people, sides = (
            _list(options["phase"]),
            _list(options["person"]),
            _list(options["side"]),
        )
        _unknown(phases, set(Phase), "phases")
        _unknown(sides, set(Side), "sides")
        _unknown(people, set(Person.objects.values_list("key", flat=True)), "persons")
        if options["count"] < 1:
            raise CommandError("--count must be at least 1.")
        scope = Scope(
            phases=frozenset(Phase(phase) for phase in phases),
            person_keys=frozenset(people),
            sides=frozenset(Side(side) for side in sides),
            date_from=_date(options["date_from"], "--from"),
            date_to=_date(options["date_to"], "--to"),
        )
        if scope.date_from and scope.date_to and scope.date_from > scope.date_to:
            raise CommandError("--from is after --to.")
        fact_base = fact_base_snapshot()
        kind_tuple = tuple(QuestionKind(kind) for kind in kinds)
        candidates = all_candidates(fact_base, kinds=kind_tuple)
        if options["all"]:
            drafts = [d for d in candidates.drafts if in_scope(d, fact_base, scope)]
        else:
            try:
                drafts = question_set(
                    candidates,
                    fact_base,
                    count=options["count"],
                    seed=options["seed"],
                    kinds=kind_tuple,
                    scope=scope,
                )
            except NotEnoughQuestions as error:
                raise CommandError(not_enough_questions(error)) from error
        try:
            self.stdout.write(FORMATS[options["format"]](drafts))
        except NotExportable as refused:
            raise CommandError(str(refused)) from None
