"""A guest is known by a random token in a signed, HttpOnly cookie on their browser.

Identity lives with accounts; the quizzes side reads it (to find a guest's attempts) and
moves a guest's attempts into the account at login."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

GUEST_COOKIE = "quiz_guest"
GUEST_SALT = "quizapp.guest"
GUEST_MAX_AGE = 60 * 60 * 24 * 180


def guest_token(request: HttpRequest) -> str:
    return request.get_signed_cookie(GUEST_COOKIE, default="", salt=GUEST_SALT) or ""


def remember_guest(response: HttpResponse, token: str) -> None:
    response.set_signed_cookie(
        GUEST_COOKIE,
        token,
        salt=GUEST_SALT,
        max_age=GUEST_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


def forget_guest(response: HttpResponse) -> None:
    response.delete_cookie(GUEST_COOKIE, samesite="Lax")
