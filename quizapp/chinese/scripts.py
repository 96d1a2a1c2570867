"""Chinese script handling: the article mixes Traditional and Simplified script.

Text is stored in Traditional script (OpenCC s2t). Names are compared on a folded key
(NFKC, then OpenCC t2s) so that 郑义溶 and 鄭義溶, or 邁克 and 迈克, are one name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _convert(config: str, text: str) -> str:
    converted: str = _converter(config).convert(text)
    return converted


def to_traditional(text: str) -> str:
    return _convert("s2tw", text)


_SENTENCE = re.compile(r"[^。！？\n]*[。！？\n]?")


def _changed(before: str, after: str) -> int:
    return sum(a != b for a, b in zip(before, after, strict=False))


def normalise_script(text: str) -> str:
    """Convert the Simplified-script sentences of a mixed text to Traditional script.

    Running s2t over text that is already Traditional is not harmless: OpenCC rewrites
    證明了 as 證明瞭 and 東倉里 as 東倉裏. So each sentence is converted only when it reads
    as Simplified, that is when s2t would change more of it than t2s would.
    """
    converted = []
    for sentence in _SENTENCE.findall(text):
        traditional = to_traditional(sentence)
        simplified = _convert("t2s", sentence)
        is_simplified = _changed(sentence, traditional) > _changed(sentence, simplified)
        converted.append(traditional if is_simplified else sentence)
    return "".join(converted)


@cache
def fold_key(text: str) -> str:
    """Key that is equal for the same name in either script, width or spacing."""
    normalized = unicodedata.normalize("NFKC", text)
    # The middle dot in transliterated names comes in several code points (·, ‧, •, ・).
    for dot in "‧•・･":
        normalized = normalized.replace(dot, "·")
    return _convert("t2s", normalized).replace(" ", "").casefold()
