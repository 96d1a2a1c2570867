"""Every word a user reads goes through gettext, so `make messages` catches it.

Read as text, not run: a Chinese string in a template outside {% translate %} or
{% blocktranslate %}, in Python outside a gettext call, or in a script is a word the
catalogue would miss. Two places are exempt on purpose: the generator writes questions
in the article's own language (content, like the facts), and the Chinese wording of
dates and times is the article's; the demo sets' titles and the demo class are demo
content; a pasted class list's header words are input the roster reader recognises.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}
CONTENT = [
    "quizapp/generator",
    "quizapp/chinese",
    "quizapp/quizzes/management/commands/create_demo_sets.py",
    "quizapp/classes/management/commands/create_demo_class.py",
    # Words it recognises in a pasted class list (a header row), never words it shows.
    "quizapp/classes/roster.py",
]
TEMPLATE_TRANSLATED = re.compile(
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}"
    r"|{#.*?#}"
    r"|{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}"
    r"|{%\s*translate\b.*?%}"
    r"|{{.*?}}",
    re.DOTALL,
)


def python_files() -> list[Path]:
    return [
        path
        for path in (ROOT / "quizapp").rglob("*.py")
        if "migrations" not in path.parts
        and not any(path.relative_to(ROOT).as_posix().startswith(c) for c in CONTENT)
    ]


def is_gettext(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    return name in GETTEXT


def untranslated_strings(source: str) -> list[str]:
    """Chinese string literals that are neither a docstring nor (part of) the message of
    a gettext call, nor a vocabulary code written beside its label (`"早上",
    gettext_noop("早上")`: the code is stored, the label is shown)."""
    tree = ast.parse(source)
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and is_gettext(node):
            # The message, and for ngettext its plural too.
            for argument in node.args[:2]:
                allowed |= {id(inner) for inner in ast.walk(argument)}
        if isinstance(node, ast.Tuple) and len(node.elts) == 2 and is_gettext(node.elts[1]):
            allowed.add(id(node.elts[0]))
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                allowed.add(id(first.value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and HAN.search(node.value)
        and id(node) not in allowed
    ]


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_python_words_go_through_gettext(path):
    assert untranslated_strings(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "path", sorted((ROOT / "templates").rglob("*.html")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_template_words_are_in_translate_tags(path):
    outside = TEMPLATE_TRANSLATED.sub("", path.read_text(encoding="utf-8"))
    assert [line.strip() for line in outside.splitlines() if HAN.search(line)] == []


@pytest.mark.parametrize(
    "path", sorted((ROOT / "static" / "js").glob("*.js")), ids=lambda p: p.name
)
def test_scripts_take_their_words_from_the_page(path):
    assert HAN.findall(path.read_text(encoding="utf-8")) == []


def test_the_check_catches_a_bare_string():
    """The checks above would see an untranslated word (so their passing means something)."""
    source = 'from django.utils.translation import gettext as _\nA = _("好")\nB = "不好"\n'
    assert untranslated_strings(source) == ["不好"]
    assert HAN.search(TEMPLATE_TRANSLATED.sub("", '{% translate "好" %}<p>不好</p>'))


def msgids(catalogue: Path) -> set[str]:
    """The message ids of a .po file (header entry left out)."""
    ids, current, in_id = set(), "", False
    for line in catalogue.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current, in_id = line[len("msgid ") :].strip('"'), True
        elif in_id and line.startswith('"'):
            current += line.strip('"')
        elif in_id:
            ids.add(current)
            in_id = False
    return ids - {""}


def test_the_committed_catalogue_has_every_marked_string(tmp_path, settings, monkeypatch):
    """`make messages` was run after the last string changed: the catalogue translators
    work from is complete."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true, but GNU gettext (xgettext) is missing")
        pytest.skip("GNU gettext (xgettext) is missing: the catalogue is NOT CHECKED")
    # A copy of the sources, so that makemessages writes its catalogue beside them and
    # not over the committed one.
    for part in ("quizapp", "templates", "static"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("*.pyc"))
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    fresh = msgids(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")
    committed = msgids(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert len(fresh) > 300
    assert sorted(fresh - committed) == [], "run `make messages`"
