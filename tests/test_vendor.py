"""Vendored scripts are the exact pinned release their README names, with its licence:
an edit by hand, or an upgrade without new checksums, fails here."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "static" / "vendor"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sortablejs_is_the_pinned_release_with_its_licence():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    script = VENDOR / "sortablejs" / "Sortable.min.js"
    assert script.read_text(encoding="utf-8").startswith("/*! Sortable 1.15.6 - MIT")
    assert f"`Sortable.min.js` sha256 `{sha256(script)}`" in readme
    licence = VENDOR / "sortablejs" / "LICENSE"
    assert f"`LICENSE` sha256 `{sha256(licence)}`" in readme
    assert "MIT License" in licence.read_text(encoding="utf-8")


def test_no_vendored_script_is_fetched_from_another_site():
    templates = Path(__file__).resolve().parents[1] / "templates"
    for template in templates.rglob("*.html"):
        for tag in re.findall(r"<script[^>]*>", template.read_text(encoding="utf-8")):
            assert "//" not in tag, (template.name, tag)
