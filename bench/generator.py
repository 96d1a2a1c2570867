"""Generator speed on the real fact base: prints figures, asserts nothing.

    make bench

Targets (README, Performance): every candidate in well under 100 ms; a 30-question set under 10 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")

import django  # noqa: E402

django.setup()

from quizapp.chinese.scripts import fold_key  # noqa: E402
from quizapp.generator.drafts import Rule  # noqa: E402
from quizapp.generator.generate import (  # noqa: E402
    all_candidates,
    draft_sections,
    question_set,
)
from quizapp.quizzes.fact_snapshot import fact_base_snapshot  # noqa: E402
from quizapp.vocabulary import GENERATED_KINDS, Phase  # noqa: E402

RUNS = 20


def timed[R](function: Callable[[], R], runs: int = RUNS) -> tuple[list[float], R]:
    times: list[float] = []
    result = function()  # once untimed: the first call may fill caches
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def report(label: str, times: list[float]) -> None:
    print(
        f"{label:<40} median {statistics.median(times):7.2f} ms   "
        f"min {min(times):7.2f} ms   max {max(times):7.2f} ms   ({len(times)} runs)"
    )


def main() -> None:
    fact_base = fact_base_snapshot()
    print(
        f"Fact base: {len(fact_base.events)} events, {len(fact_base.people)} people, "
        f"{len(fact_base.places)} places, {len(fact_base.statements)} statements\n"
    )
    fold_key.cache_clear()
    cold_times, _ = timed(lambda: all_candidates(fact_base_snapshot()), runs=1)
    report("every candidate (cold: new snapshot)", cold_times)
    warm_times, candidates = timed(lambda: all_candidates(fact_base))
    report("every candidate (warm)", warm_times)
    set_times, drafts = timed(lambda: question_set(candidates, fact_base, count=30, seed=7))
    report("a 30-question set from the candidates", set_times)
    print(f"\nCandidates: {len(candidates.drafts)} (set drew {len(drafts)})")
    for kind, count in sorted(candidates.per_kind().items()):
        print(f"  {kind:<12} {count:4d}")
    print("\nCandidates per section of the article and kind (a draft spanning sections")
    print("counts in each; 合計 counts it once):")
    sections = {id(d): draft_sections(d, fact_base) for d in candidates.drafts}
    print("  " + f"{'':<6}" + "".join(f"{kind:>12}" for kind in GENERATED_KINDS) + f"{'合計':>8}")
    for phase in Phase:
        counts = [
            sum(d.kind == kind and phase in sections[id(d)] for d in candidates.drafts)
            for kind in GENERATED_KINDS
        ]
        total = sum(phase in sections[id(d)] for d in candidates.drafts)
        print(f"  {phase.label:<6}" + "".join(f"{n:>12}" for n in counts) + f"{total:>8}")
    print("Drafts dropped, by the rule they broke:")
    for rule in Rule:
        print(f"  {rule:<48} {candidates.dropped.get(rule, 0):4d}")


if __name__ == "__main__":
    main()
