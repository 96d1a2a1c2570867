"""Golden questions: a seeded set from the real fixture, read and judged natural, pinned.

If a change to the facts or the generator alters these, read the new wording before
updating the file (python manage.py generate_questions --count 12 --seed 2018).
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

GOLDEN = Path(__file__).parent / "golden" / "seed-2018.txt"


@pytest.mark.usefixtures("facts")
def test_the_seeded_set_reads_as_pinned():
    out = StringIO()
    call_command(
        "generate_questions", "--count", "12", "--seed", "2018", "--format", "table", stdout=out
    )
    assert out.getvalue() == GOLDEN.read_text(encoding="utf-8")
