"""Drafts out of the app: JSON, a text table, and the two formats Moodle imports.

GIFT and Moodle XML: multiple choice as `multichoice` with the key at fraction 100;
ordering as Moodle's `ordering` question type, items in key order (Moodle shuffles them
for the student) and graded by all previous and next items, which is our pair score.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Protocol
from xml.etree import ElementTree as ET

from quizapp.generator.drafts import QuestionDraft
from quizapp.vocabulary import QuestionKind


class Exportable(Protocol):
    """What the exports read of a question: a generator draft and a stored question both
    have it. Multiple choice: `key` holds the right option's index; ordering: the items'
    indices in time order."""

    @property
    def kind(self) -> str: ...
    @property
    def prompt(self) -> str: ...
    @property
    def options(self) -> Sequence[str]: ...
    @property
    def key(self) -> Sequence[int]: ...
    @property
    def explanation(self) -> str: ...


_GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")
# What XML 1.0 cannot carry at all: C0 controls other than tab, newline and return.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def to_json(drafts: Sequence[QuestionDraft]) -> str:
    return json.dumps([d.as_dict() for d in drafts], ensure_ascii=False, indent=2)


def to_table(drafts: Sequence[QuestionDraft]) -> str:
    lines = []
    for number, draft in enumerate(drafts, start=1):
        lines.append(f"{number:>3}. [{draft.kind}] {draft.prompt}  (難度 {draft.difficulty:.2f})")
        if draft.kind == QuestionKind.ORDERING:
            for position, index in enumerate(draft.key, start=1):
                lines.append(f"       {position}. {draft.options[index]}")
        else:
            for index, option in enumerate(draft.options):
                mark = "✔" if index == draft.key[0] else " "
                lines.append(f"     {mark} {chr(ord('A') + index)}. {option}")
    return "\n".join(lines)


def gift_escape(text: str) -> str:
    """GIFT's special characters escaped, and line breaks written as \\n: a blank line
    would end the question there."""
    escaped = _GIFT_SPECIAL.sub(r"\\\1", _NOT_IN_XML.sub("", text))
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _title(draft: Exportable, number: int) -> str:
    return gift_escape(f"{number:03d} {draft.kind}")


def to_gift(drafts: Sequence[Exportable], *, all_or_nothing: bool = False) -> str:
    blocks = []
    for number, draft in enumerate(drafts, start=1):
        feedback = gift_escape(draft.explanation)
        if draft.kind == QuestionKind.ORDERING:
            grading = "ALL_OR_NOTHING" if all_or_nothing else "RELATIVE_ALL_PREVIOUS_AND_NEXT"
            items = "\n".join(gift_escape(draft.options[index]) for index in draft.key)
            blocks.append(
                f"::{_title(draft, number)}::[plain]{gift_escape(draft.prompt)}"
                f"{{>{len(draft.key)} ALL VERTICAL {grading}\n{items}\n}}"
            )
        else:
            answers = "\n".join(
                f"\t{'=' if index == draft.key[0] else '~'}{gift_escape(option)}"
                for index, option in enumerate(draft.options)
            )
            # [plain]: the text is shown as written, never read as HTML.
            blocks.append(
                f"::{_title(draft, number)}::[plain]{gift_escape(draft.prompt)}{{\n{answers}\n"
                f"\t####{feedback}\n}}"
            )
    return "\n\n".join(blocks) + "\n"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = _NOT_IN_XML.sub("", text)
    return element


def to_moodle_xml(drafts: Sequence[Exportable], *, all_or_nothing: bool = False) -> str:
    quiz = ET.Element("quiz")
    for number, draft in enumerate(drafts, start=1):
        kind = "ordering" if draft.kind == QuestionKind.ORDERING else "multichoice"
        question = ET.SubElement(quiz, "question", {"type": kind})
        _text(question, "name", f"{number:03d} {draft.kind}")
        _text(question, "questiontext", draft.prompt, format="plain_text")
        _text(question, "generalfeedback", draft.explanation, format="plain_text")
        ET.SubElement(question, "defaultgrade").text = "1"
        if kind == "ordering":
            ET.SubElement(question, "layouttype").text = "VERTICAL"
            ET.SubElement(question, "selecttype").text = "ALL"
            ET.SubElement(question, "selectcount").text = "0"
            ET.SubElement(question, "gradingtype").text = (
                "ALL_OR_NOTHING" if all_or_nothing else "RELATIVE_ALL_PREVIOUS_AND_NEXT"
            )
            for position, index in enumerate(draft.key, start=1):
                _text(
                    question,
                    "answer",
                    draft.options[index],
                    fraction=f"{position}.0000000",
                    format="plain_text",
                )
        else:
            ET.SubElement(question, "single").text = "true"
            ET.SubElement(question, "shuffleanswers").text = "1"
            ET.SubElement(question, "answernumbering").text = "abc"
            for index, option in enumerate(draft.options):
                _text(
                    question,
                    "answer",
                    option,
                    fraction="100" if index == draft.key[0] else "0",
                    format="plain_text",
                )
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


FORMATS: dict[str, Callable[[Sequence[QuestionDraft]], str]] = {
    "json": to_json,
    "gift": to_gift,
    "moodle-xml": to_moodle_xml,
    "table": to_table,
}
