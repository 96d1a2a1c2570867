"""Reading a pasted class list (pure Python: no database)."""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import validate_password

from quizapp.accounts.credentials import readable_password
from quizapp.classes.roster import LineProblem, roster_parse

LOOK_ALIKES = set("01oli")


def parse(text: str, taken: set[int] | None = None):
    return roster_parse(text, taken_seats=frozenset(taken or ()), name_max=40)


def test_spreadsheet_rows_commas_and_spaces_all_read():
    parsed = parse("1\t王小明\t備註\n2, 李美玲\n3，陳大文\n4 張 三\n")
    assert [(s.seat, s.name) for s in parsed.students] == [
        (1, "王小明"),
        (2, "李美玲"),
        (3, "陳大文"),
        (4, "張 三"),
    ]
    assert parsed.errors == ()


def test_blank_lines_are_skipped_but_counted_for_line_numbers():
    parsed = parse("\n1 王小明\n\n   \n1 李美玲\n")
    assert [s.line for s in parsed.students] == [2]
    assert [(e.line, e.problem, e.other_line) for e in parsed.errors] == [
        (5, LineProblem.SEAT_TAKEN, 2)
    ]


def test_every_problem_is_reported_with_its_line():
    text = "\n".join(
        ["1 " + "長" * 200, "2 王😀明", "3 a\x07b", "4 a\u202eb", "1000 王", "5,", "6 正常"]
    )
    parsed = parse(text, taken={6})
    assert [(e.line, e.problem) for e in parsed.errors] == [
        (1, LineProblem.NAME_LENGTH),
        (2, LineProblem.NAME_CHARACTERS),
        (3, LineProblem.NAME_CHARACTERS),
        (4, LineProblem.NAME_CHARACTERS),
        (5, LineProblem.SEAT_RANGE),
        (6, LineProblem.NO_NAME),
        (7, LineProblem.SEAT_IN_CLASS),
    ]
    assert parsed.students == ()


def test_two_thousand_lines_are_too_many():
    parsed = parse("\n".join(f"{n} 學生{n}" for n in range(1, 2001)))
    assert parsed.too_many
    assert parse("\n".join(f"{n} 學生{n}" for n in range(1, 301))).too_many is False


def test_first_passwords_are_readable_and_pass_the_validators():
    for _ in range(200):
        password = readable_password()
        assert re.fullmatch(r"[a-z]{4}-[a-z]{4}-[2-9]{2}", password)
        assert not LOOK_ALIKES & set(password)
        validate_password(password)


def test_what_is_not_a_name_is_refused_by_line():
    parsed = parse("5\n5\t1100123\t王小明\n1234567 王小明\n６\t陳大文")
    assert [(e.line, e.problem) for e in parsed.errors] == [
        (1, LineProblem.NAME_DIGITS),
        (2, LineProblem.NAME_DIGITS),
        (3, LineProblem.SEAT_RANGE),
    ]
    assert [(s.seat, s.name) for s in parsed.students] == [(6, "陳大文")]


def test_a_pasted_header_row_is_skipped():
    parsed = parse("座號\t姓名\n1\t王小明")
    assert [(s.line, s.name) for s in parsed.students] == [(2, "王小明")]
    assert parsed.errors == ()


def test_a_vertical_tab_inside_a_name_is_refused_not_read_as_a_line_break():
    parsed = parse("1 王\x0b小明")
    assert [(e.line, e.problem) for e in parsed.errors] == [(1, LineProblem.NAME_CHARACTERS)]


def test_a_name_first_list_reads_its_seat_after_the_name():
    parsed = parse("周杰倫\t13\n張惠妹, 24\n蔡依林、7")
    assert [(s.seat, s.name) for s in parsed.students] == [
        (13, "周杰倫"),
        (24, "張惠妹"),
        (7, "蔡依林"),
    ]


def test_a_name_without_a_seat_twice_or_already_in_the_class_is_refused():
    parsed = roster_parse(
        "陳奕迅\n王志明\n陳奕迅\n1 王志明",
        taken_seats=frozenset(),
        taken_names=frozenset({"王志明"}),
        name_max=40,
    )
    assert [(e.line, e.problem, e.other_line) for e in parsed.errors] == [
        (2, LineProblem.NAME_IN_CLASS, None),
        (3, LineProblem.NAME_TWICE, 1),
    ]
    # Two students of one name with their own 座號 are two students.
    assert [(s.seat, s.name) for s in parsed.students] == [(None, "陳奕迅"), (1, "王志明")]
