"""The source article as plain text, the way a reader sees it.

The stored article is MediaWiki output converted to Markdown: links, escaped footnote
markers and language-variant markup surround the text. Fact sentences are quoted from
the plain text, so tests can check that each one really occurs in the article.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from quizapp.chinese.scripts import normalise_script

ARTICLE_PATH = (
    Path(__file__).resolve().parents[3] / "shared" / "article" / "pyongyang-summit-2018-09.zh.md"
)

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


@cache
def article_markdown(path: Path = ARTICLE_PATH) -> str:
    return path.read_text(encoding="utf-8")


@cache
def article_traditional_text(path: Path = ARTICLE_PATH) -> str:
    """Plain text normalised to Traditional script: what fact sentences are quoted from."""
    return normalise_script(plain_text(article_markdown(path)))
