"""What every page may say about this browser's guest; read only by pages that show it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from quizapp.accounts.guests import guest_token
from quizapp.quizzes.selectors.student import guest_name


def guest(request: HttpRequest) -> dict[str, object]:
    """`guest_name`: the name this browser's guest answers under, for 「不是你？」 (no
    query unless a page shows it, and none for a logged-in user)."""

    def name() -> str:
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return ""
        return guest_name(guest_token=guest_token(request))

    return {"guest_name": SimpleLazyObject(name)}
