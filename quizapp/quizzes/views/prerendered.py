"""The question screen rendered once and filled in for each request: the answer post, the
hot path, sends one every time, and its template work was about a third of the post's
CPU.

A question's fieldset (its stem and its options) is the same for every student but for
the options: each attempt has its own order and its own opaque ids. The rest of the
htmx partial (the status, the progress, the form around the fieldset) is the same for
every question but for a few numbers and the attempt's address. So each is
rendered without the request, with stand-ins for what differs, and split at them;
a request puts its own values (escaped, as the template escapes them) in their places.
The result is the template's output to the byte (tests/quizzes/test_prerendered.py).

Kept in this process, keyed by everything the rendering was given but the stand-ins
(the kind, the stem and the number of options, the language): an edited stem is a new
entry, so nothing is ever stale. No key, no feedback and nothing of a student's is
rendered into them: screens that show those are rendered by the template, every time.
"""

from __future__ import annotations

import functools
import re
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.autoreload import file_changed
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from quizapp.quizzes.models import Attempt
from quizapp.quizzes.selectors.student import QuestionScreen, ShownOption

# Stand-ins: private-use characters around a random token that no question can contain,
# left alone by escaping. A UUID of this process's own stands in for the attempt's in
# the URLs the partial reverses (their patterns take UUIDs only).
_TOKEN = secrets.token_hex(8)
_STAND_IN = re.compile(f"\ue000{_TOKEN}:([a-z_]+(?:[.][0-9]+)?)\ue001")
_PUBLIC_ID = uuid.uuid4()
# Stems differ by question: enough for several sets in use at once, bounded.
KEPT_FIELDSETS = 1024
TEMPLATE = "student/attempt.html"


def _stand_in(name: str) -> str:
    return f"\ue000{_TOKEN}:{name}\ue001"


@dataclass(frozen=True)
class Skeleton:
    """A rendering split at its stand-ins: `literals` around the stand-ins `names`
    (one literal more than names)."""

    literals: tuple[str, ...]
    names: tuple[str, ...]

    @classmethod
    def render(cls, partial: str, context: dict[str, Any]) -> Skeleton:
        rendered = render_to_string(f"{TEMPLATE}#{partial}", context)
        pieces = _STAND_IN.split(rendered.replace(str(_PUBLIC_ID), _stand_in("public_id")))
        return cls(literals=tuple(pieces[0::2]), names=tuple(pieces[1::2]))

    def fill(self, values: Mapping[str, str]) -> SafeString:
        """`values` by name, each already HTML: escaped text, or the template's own."""
        parts = [self.literals[0]]
        for name, literal in zip(self.names, self.literals[1:], strict=True):
            parts.append(values[name])
            parts.append(literal)
        return mark_safe("".join(parts))  # noqa: S308 (the template's output and `values`)


@functools.lru_cache(maxsize=KEPT_FIELDSETS)
def _fieldset(partial: str, prompt: str, count: int, language: str | None) -> Skeleton:
    """`language`, the one active now, is an argument only to key the cache."""
    stand_ins = [
        ShownOption(id=_stand_in(f"id.{position}"), text=_stand_in(f"text.{position}"))
        for position in range(count)
    ]
    # Only what the partials read: a partial that reads more renders it empty here, and
    # the tests comparing with the partial itself fail.
    context = {"screen": {"question": {"prompt": prompt}}, "options": stand_ins, "moved": ""}
    return Skeleton.render(partial, context)


def question_fieldset(*, is_ordering: bool, prompt: str, options: Sequence[ShownOption]) -> str:
    """The `choices` or `ordering` partial for a question with `prompt`, showing
    `options` in their order, with no item just moved."""
    skeleton = _fieldset(
        "ordering" if is_ordering else "choices", prompt, len(options), get_language()
    )
    values = {}
    for position, option in enumerate(options):
        values[f"id.{position}"] = conditional_escape(option.id)
        values[f"text.{position}"] = conditional_escape(option.text)
    return skeleton.fill(values)


@functools.lru_cache(maxsize=16)
def _question_form(is_ordering: bool, language: str | None) -> Skeleton:
    context = {
        "request": {"htmx": True},
        "attempt": {"public_id": _PUBLIC_ID, "seq": _stand_in("seq"), "is_immediate": False},
        "screen": {
            "question": {"is_ordering": is_ordering},
            "number": _stand_in("number"),
            "total": _stand_in("total"),
            "progress": _stand_in("progress"),
            "feedback": None,
        },
        "fieldset": _stand_in("fieldset"),
        "announce": _stand_in("announce"),
        "error": "",
        "needs_confirm": False,
    }
    return Skeleton.render("quiz", context)


@receiver(file_changed, dispatch_uid="quizzes_prerendered_template_changed")
def _template_changed(sender: object, file_path: Path, **kwargs: Any) -> None:
    """Under runserver an edited template shows at once, as Django's own template loaders
    are reset: what was rendered from it is dropped too."""
    if file_path.suffix == ".html":
        _fieldset.cache_clear()
        _question_form.cache_clear()


def fits_question_form(
    *, attempt: Attempt, screen: QuestionScreen, error: str, needs_confirm: bool, moved: str
) -> bool:
    """Whether the htmx partial is a question's plain form, which `question_form` gives:
    no feedback, no running score (immediate feedback), nothing to confirm or just moved,
    no error."""
    return not (
        attempt.is_immediate
        or screen.feedback
        or screen.answered
        or error
        or needs_confirm
        or moved
    )


def question_form(
    *,
    attempt: Attempt,
    screen: QuestionScreen,
    options: Sequence[ShownOption],
    announce: str,
) -> SafeString:
    """The `quiz` partial for an htmx request, where `fits_question_form`."""
    skeleton = _question_form(screen.question.is_ordering, get_language())
    fieldset = question_fieldset(
        is_ordering=screen.question.is_ordering, prompt=screen.question.prompt, options=options
    )
    return skeleton.fill(
        {
            "public_id": str(attempt.public_id),
            "seq": str(attempt.seq),
            "number": str(screen.number),
            "total": str(screen.total),
            "progress": str(screen.progress),
            "fieldset": fieldset,
            "announce": conditional_escape(announce),
        }
    )
