"""A pasted class list, read line by line: 座號 and 姓名, or 姓名 alone.

Pure Python: what a teacher pastes from a spreadsheet (a tab between the columns), types
with a comma (half- or full-width) or a space, in any mix. Every problem is reported
with its line number, and nothing is created until the whole list is clean, so a teacher
fixes the list once instead of finding half a class created.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from quizapp.accounts.names import clean_display_name, display_name_problem

ROSTER_MAX_STUDENTS = 300
SEAT_MAX = 999
# A 座號, then a separator: tab, comma (half- or full-width), 、, or spaces.
LINE = re.compile(r"^\s*(?P<seat>\d+)\s*(?:[\t,，、]|\s)\s*(?P<name>.*)$")
# Line breaks a pasted list may carry. Not str.splitlines(): it also breaks at vertical
# tabs, form feeds and other separators, which belong inside a line, to be refused there.
# The other column order: 姓名 first, then the 座號 after a comma, 、 or spaces.
NAME_FIRST = re.compile(r"^\s*(?P<name>\D.*?)\s*(?:[,、]|\s)\s*(?P<seat>\d+)\s*$")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A spreadsheet's header row, pasted with the names: skipped, not read as a student.
HEADER_WORDS = ("座號", "座号", "號碼", "姓名")
# Emoji and pictographs: a paste gone wrong, never part of a name on a class list.
SYMBOL_CATEGORIES = {"So", "Sk", "Sm", "Sc"}


class LineProblem(StrEnum):
    NO_NAME = "no_name"
    SEAT_RANGE = "seat_range"
    SEAT_TAKEN = "seat_taken"  # twice in the list
    SEAT_IN_CLASS = "seat_in_class"  # a student already in the class has it
    NAME_LENGTH = "name_length"
    NAME_CHARACTERS = "name_characters"
    NAME_DIGITS = "name_digits"  # a 學號 or a 座號 where the name should be
    # Without a 座號, a name the class (or the list) has already: pasted twice?
    NAME_IN_CLASS = "name_in_class"
    NAME_TWICE = "name_twice"


@dataclass(frozen=True)
class RosterLine:
    line: int  # 1-based, counting blank lines, as the teacher's text editor does
    seat: int | None
    name: str


@dataclass(frozen=True)
class RosterError:
    line: int
    problem: LineProblem
    seat: int | None = None
    other_line: int | None = None  # SEAT_TAKEN, NAME_TWICE: the line that has it first
    name: str = ""


@dataclass(frozen=True)
class ParsedRoster:
    students: tuple[RosterLine, ...]
    errors: tuple[RosterError, ...]
    too_many: bool  # more students than one paste may create


def roster_name_problem(name: str, *, max_length: int) -> LineProblem | None:
    """What is wrong with a (cleaned) name for a class list, or None: the one check for
    every way a student comes into a class (a pasted list, an added account, joining)."""
    if not name:
        return LineProblem.NO_NAME
    if len(name) > max_length:
        return LineProblem.NAME_LENGTH
    if display_name_problem(name) is not None:
        return LineProblem.NAME_CHARACTERS
    if any(unicodedata.category(character) in SYMBOL_CATEGORIES for character in name):
        return LineProblem.NAME_CHARACTERS
    if name.replace(" ", "").isdigit():
        return LineProblem.NAME_DIGITS
    return None


def _split(raw: str) -> tuple[str, str]:
    """The 座號 ('' for none) and the name as typed. A spreadsheet's row comes with tabs:
    its first two cells count, and any further column (a note, a phone number) is left
    out. Control characters stay in the name, to be refused there: NFKC and the space
    folding after would hide an escape inside a name."""
    if "\t" in raw:
        cells = [cell.strip() for cell in raw.split("\t")]
        if cells[0].isascii() and cells[0].isdigit():
            return cells[0], cells[1]
        if len(cells) > 1 and cells[1].isascii() and cells[1].isdigit():
            return cells[1], cells[0]  # 姓名, then 座號
        return "", cells[0]
    match = LINE.match(raw) or NAME_FIRST.match(raw)
    if match:
        return match["seat"], match["name"].strip().strip(",，、").strip()
    return "", raw.strip()


def roster_parse(
    text: str,
    *,
    taken_seats: frozenset[int],
    name_max: int,
    taken_names: frozenset[str] = frozenset(),
) -> ParsedRoster:
    """The students of a pasted list, or every problem in it by line. Blank lines are
    skipped (a trailing newline is no mistake), but still counted for line numbers.
    `taken_names`: the class's students without a 座號, whose names a line without one
    must not repeat (the same list pasted twice would make every student twice)."""
    students: list[RosterLine] = []
    errors: list[RosterError] = []
    first_line_of_seat: dict[int, int] = {}
    first_line_of_name: dict[str, int] = {}
    seen_a_line = False
    for number, typed in enumerate(LINE_BREAK.split(text), start=1):
        if not typed.strip():
            continue
        # Full-width digits and commas (a Chinese IME's) read as their ASCII forms.
        raw = unicodedata.normalize("NFKC", typed)
        seat_part, name_part = _split(raw)
        if not seen_a_line and not seat_part and name_part.startswith(HEADER_WORDS):
            seen_a_line = True
            continue
        seen_a_line = True
        # Nine digits are out of range already; more would only slow int() down.
        seat = int(seat_part[:9]) if seat_part else None
        if any(unicodedata.category(character) in {"Cc", "Cf"} for character in name_part):
            errors.append(RosterError(number, LineProblem.NAME_CHARACTERS, seat))
            continue
        name = clean_display_name(name_part)
        problem = roster_name_problem(name, max_length=name_max)
        if problem is not None:
            errors.append(RosterError(number, problem, seat))
        if seat is None and problem is None:
            if name in taken_names:
                errors.append(RosterError(number, LineProblem.NAME_IN_CLASS, name=name))
            elif name in first_line_of_name:
                errors.append(
                    RosterError(number, LineProblem.NAME_TWICE, other_line=first_line_of_name[name])
                )
            else:
                first_line_of_name[name] = number
        if seat is not None:
            if not 1 <= seat <= SEAT_MAX:
                errors.append(RosterError(number, LineProblem.SEAT_RANGE, seat))
            elif seat in first_line_of_seat:
                errors.append(
                    RosterError(
                        number, LineProblem.SEAT_TAKEN, seat, other_line=first_line_of_seat[seat]
                    )
                )
            elif seat in taken_seats:
                errors.append(RosterError(number, LineProblem.SEAT_IN_CLASS, seat))
            else:
                first_line_of_seat[seat] = number
        if not errors or errors[-1].line != number:
            students.append(RosterLine(number, seat, name))
    return ParsedRoster(
        students=tuple(students),
        errors=tuple(errors),
        too_many=len(students) + len({e.line for e in errors}) > ROSTER_MAX_STUDENTS,
    )
