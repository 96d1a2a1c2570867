"""The architecture holds: the pure parts load no Django, and imports follow the data
flow (facts → generator → quizzes), as the import-linter contracts in pyproject.toml say."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PURE = [
    "quizapp.vocabulary",
    "quizapp.chinese.scripts",
    "quizapp.chinese.wording",
    "quizapp.generator.generate",
    "quizapp.generator.export",
    "quizapp.grading",
    "quizapp.statistics",
    "quizapp.recall",
]


def loaded_in_a_fresh_interpreter(modules: list[str]) -> set[str]:
    """Every module a new Python process holds after importing these (no settings set)."""
    script = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in modules)
        + "print('\\n'.join(sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_the_pure_modules_load_no_django():
    loaded = loaded_in_a_fresh_interpreter(PURE)
    assert set(PURE) <= loaded
    assert sorted(m for m in loaded if m == "django" or m.startswith("django.")) == []
    assert sorted(m for m in loaded if m.startswith(("quizapp.facts", "quizapp.quizzes"))) == []


def test_the_check_sees_django_when_it_is_loaded():
    assert "django.db" in loaded_in_a_fresh_interpreter(["django.db"])


def test_imports_follow_the_data_flow():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]
