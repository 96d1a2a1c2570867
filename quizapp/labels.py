"""The vocabulary's words as a user reads them: every label goes through gettext here.

`quizapp.vocabulary` holds the codes and their message ids; models build their
`choices` from it and pages turn a code into its label with `label()`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template import Library
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from quizapp.vocabulary import Vocabulary


def choices(
    vocabulary: type[Vocabulary], *, only: Iterable[Vocabulary] | None = None
) -> list[tuple[str, Promise]]:
    """`choices=` for a model or form field: each code (all, or `only` these) with its
    translated label."""
    members = vocabulary if only is None else only
    return [(member.value, gettext_lazy(member.label)) for member in members]


def label(member: Vocabulary) -> str:
    return gettext(member.label)


# Built into every template (settings.TEMPLATES): {{ phase|label }}.
register = Library()


@register.filter(name="label")
def label_filter(member: Vocabulary | None) -> str:
    return label(member) if member else ""
