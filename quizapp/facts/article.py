"""A source's text as a reader sees it.

A source's text is MediaWiki output converted to Markdown: links, escaped footnote
markers and language-variant markup surround the words. Fact sentences are quoted from
the plain text, so tests (and, later, teachers picking a sentence) work on that.
"""

from __future__ import annotations

import re

from quizapp.chinese.scripts import fold_key, normalise_script

_LINK = re.compile(r'\[([^\]]*)\]\((?:[^()]|\([^)]*\))*?(?: "wikilink")?\)')
_FOOTNOTE = re.compile(r"\\\[(\d+)\\\]")
# -{zh-tw:麥克;zh-hans:迈克;zh-hant:邁克;zh-hk:米克}- : keep the Traditional variant.
_VARIANTS = re.compile(r"-\{([^}]*)\}-")
_EMPHASIS = re.compile(r"\*\*([^*]*)\*\*")


def _pick_variant(match: re.Match[str]) -> str:
    variants = dict(part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return variants.get("zh-hant") or variants.get("zh-tw") or next(iter(variants.values()), "")


def plain_text(markdown: str) -> str:
    """The article's text without markup or footnote markers, in the original script."""
    text = _VARIANTS.sub(_pick_variant, markdown)
    text = _LINK.sub(r"\1", text)
    text = _FOOTNOTE.sub("", text)
    return _EMPHASIS.sub(r"\1", text)


def traditional_text(markdown: str) -> str:
    """Plain text normalised to Traditional script: what fact sentences are quoted from."""
    return normalise_script(plain_text(markdown))


def footnote_numbers(markdown: str) -> set[int]:
    """Every footnote marker the article carries, e.g. 53 for 「\\[53\\]」."""
    return {int(number) for number in _FOOTNOTE.findall(markdown)}


# Line breaks, and the bullets of a list, end no sentence: 「名單﹕」, 「代表團成員﹕」 and the
# list's lines read on as one quotation.
_LINE_BREAK = re.compile(r"\s*\n\s*(?:[-*+]\s+)?")
# A quotation marks the words it leaves out with 「……」.
OMISSION = "……"


def quotable_text(markdown: str) -> str:
    """The article as quotations are looked up in: plain, Traditional, folded across
    scripts and widths, its lines run together."""
    return fold_key(_LINE_BREAK.sub("", traditional_text(markdown)))


def quotes(text: str, sentence: str) -> bool:
    """Whether `sentence` is quoted from `text` (a `quotable_text`): each of its parts
    between omission marks is found there, in order."""
    position = 0
    for part in _LINE_BREAK.sub("", sentence).split(OMISSION):
        part = fold_key(part)
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True
