"""The article's own slips, marked where an explanation quotes them.

An explanation quotes the article word for word, slips too: a careful textbook keeps the
quotation faithful and marks the slip, 「肺體〔原文如此，應作「具體」〕」, rather than
correct it silently or leave a student to learn a wrong word. A word the article leaves
out is supplied in 〔〕 (「文〔在寅〕在芳名錄上寫道」). The empty brackets the wiki's
romanisation templates left behind (「……·平壤」（／）) are no words and are dropped.
"""

from __future__ import annotations

# (as the article writes it, as an explanation shows it), every one checked against the
# article's plain text (tests/generator/test_errata.py).
ARTICLE_ERRATA: tuple[tuple[str, str], ...] = (
    ("肺體", "肺體〔原文如此，應作「具體」〕"),
    ("下塌", "下塌〔原文如此，應作「下榻」〕"),
    ("文在芳名錄", "文〔在寅〕在芳名錄"),
    ("公共企界業", "公共企界業〔原文如此，應作「公共企業界」〕"),
    ("副總理相", "副總理相〔原文如此〕"),
    ("剛成完", "剛成完〔原文如此，應作「剛完成」〕"),
    ("覆行", "覆行〔原文如此，應作「履行」〕"),
    # The declaration links the east and west coast lines: 「東、西海線」.
    ("連接西海、西海線", "連接西海〔原文如此，應作「東海」〕、西海線"),
)

EMPTY_ROMANISATION = "（／）"


def mark_errata(text: str) -> str:
    """The text with every slip of the article marked (idempotent: a mark is not marked
    again)."""
    text = text.replace(EMPTY_ROMANISATION, "")
    for slip, marked in ARTICLE_ERRATA:
        if marked not in text:
            text = text.replace(slip, marked)
    return text
