"""Drafts out of the app: JSON, a text table, and the two formats Moodle imports.

GIFT and Moodle XML: multiple choice as `multichoice` with the key at fraction 100;
ordering as Moodle's `ordering` question type, items in key order (Moodle shuffles them
for the student) and graded by all previous and next items, which is our pair score.

Both are written as Moodle's own exporters write them, so its importers take every
question whole: an ordering question in Moodle XML carries `shownumcorrect` (without it
Moodle creates empty hints its database refuses), a `selectcount` of every item and the
combined feedback; in GIFT its header names every setting up to SHOW, so no item's first
word is read as one, and its explanation follows `####` as a multiple-choice one does.
Moodle's ordering import reads GIFT items as written, unescaping nothing: an item that
would need an escape is refused (`NotExportable`), never written broken.
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
# What an ordering item cannot hold in GIFT: Moodle's ordering import would not unescape
# it (braces and # end or split the block; : and \ would stay escaped).
_GIFT_ORDERING_REFUSED = re.compile(r"[{}#:\\\r\n]")


class NotExportable(ValueError):
    """A question a format cannot carry as it is: `number` (1-based, in the export) and
    the offending `text`, for the teacher's message."""

    def __init__(self, *, number: int, text: str) -> None:
        super().__init__(f"Question {number} cannot be exported: {text!r}")
        self.number = number
        self.text = text


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


def _gift_ordering_item(text: str, *, number: int) -> str:
    item = _NOT_IN_XML.sub("", text).strip()
    if _GIFT_ORDERING_REFUSED.search(item) or item.startswith("//"):
        raise NotExportable(number=number, text=text)
    return item


def to_gift(drafts: Sequence[Exportable], *, all_or_nothing: bool = False) -> str:
    """GIFT; NotExportable when an ordering item holds what GIFT cannot carry for it."""
    blocks = []
    for number, draft in enumerate(drafts, start=1):
        feedback = gift_escape(draft.explanation)
        if draft.kind == QuestionKind.ORDERING:
            grading = "ALL_OR_NOTHING" if all_or_nothing else "RELATIVE_ALL_PREVIOUS_AND_NEXT"
            items = "\n".join(
                _gift_ordering_item(draft.options[index], number=number) for index in draft.key
            )
            # Every setting named, up to SHOW: left out, Moodle would read an item's first
            # word (a 1, a YES) as the one missing.
            blocks.append(
                f"::{_title(draft, number)}::[plain]{gift_escape(draft.prompt)}"
                f"{{>{len(draft.key)} ALL VERTICAL {grading} SHOW\n{items}\n"
                f"####{feedback}\n}}"
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


def _combined_feedback(question: ET.Element) -> None:
    """The feedback fields Moodle's exporter writes for both types: empty here (the
    explanation is the general feedback), with shownumcorrect, which Moodle's importer
    needs to create the question's hints."""
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(question, tag, "", format="plain_text")
    ET.SubElement(question, "shownumcorrect").text = "1"


def to_moodle_xml(drafts: Sequence[Exportable], *, all_or_nothing: bool = False) -> str:
    quiz = ET.Element("quiz")
    for number, draft in enumerate(drafts, start=1):
        kind = "ordering" if draft.kind == QuestionKind.ORDERING else "multichoice"
        question = ET.SubElement(quiz, "question", {"type": kind})
        _text(question, "name", f"{number:03d} {draft.kind}")
        _text(question, "questiontext", draft.prompt, format="plain_text")
        _text(question, "generalfeedback", draft.explanation, format="plain_text")
        ET.SubElement(question, "defaultgrade").text = "1"
        ET.SubElement(question, "penalty").text = "0.3333333"
        ET.SubElement(question, "hidden").text = "0"
        ET.SubElement(question, "idnumber")
        if kind == "ordering":
            ET.SubElement(question, "layouttype").text = "VERTICAL"
            ET.SubElement(question, "selecttype").text = "ALL"
            # Every item shown: Moodle reads 0 as its default of 6 (or fewer).
            ET.SubElement(question, "selectcount").text = str(len(draft.key))
            ET.SubElement(question, "gradingtype").text = (
                "ALL_OR_NOTHING" if all_or_nothing else "RELATIVE_ALL_PREVIOUS_AND_NEXT"
            )
            ET.SubElement(question, "showgrading").text = "SHOW"
            ET.SubElement(question, "numberingstyle").text = "none"
            _combined_feedback(question)
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
            _combined_feedback(question)
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
