"""QR codes for join links and login cards, drawn as SVG on the server (segno).

An inline SVG scales to any size — a projector, a printed card — and needs no script and
no image request; its <title> names it for screen readers. Error correction M leaves a
printed card readable with a smudge or a fold across it.
"""

from __future__ import annotations

import io

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, title: str) -> SafeString:
    """An inline SVG QR code for `url`, labelled `title`."""
    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=1,
        border=4,
        title=title,  # segno escapes it
        svgclass="qr",
        lineclass=None,
        omitsize=True,
    )
    # segno escapes the title and writes only its own markup: safe to inline.
    svg = buffer.getvalue().decode()
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
