"""A guest's display name, as the teacher will read it in results and the CSV.

Pure Python. NFKC folds full-width and compatibility forms; spaces are folded; and
characters a reader cannot see or that rearrange what they see (controls, NUL, zero-width
and bidi-override marks, long runs of combining accents) are refused rather than stored.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

DISPLAY_NAME_MAX = 40
# Enough for any real script's stacked marks (Vietnamese uses two); a wall of accents is
# a way to draw over the rows around the name.
MAX_COMBINING_RUN = 2
# Unicode categories of characters with no visible form of their own: controls (NUL,
# escapes, bells), formats (zero-width spaces and joiners, bidi overrides), surrogates,
# private use, unassigned, and line/paragraph separators.
INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class NameProblem(StrEnum):
    LENGTH = "length"
    INVISIBLE = "invisible"


def display_name_problem(name: str) -> NameProblem | None:
    """Why a (cleaned) name cannot be used, or None."""
    if not 1 <= len(name) <= DISPLAY_NAME_MAX:
        return NameProblem.LENGTH
    run = 0
    for character in name:
        if unicodedata.category(character) in INVISIBLE:
            return NameProblem.INVISIBLE
        run = run + 1 if unicodedata.combining(character) else 0
        if run > MAX_COMBINING_RUN:
            return NameProblem.INVISIBLE
    return None


def clean_display_name(typed: str) -> str:
    """NFKC, with runs of spaces folded to one and the ends trimmed."""
    return " ".join(unicodedata.normalize("NFKC", typed).split())
