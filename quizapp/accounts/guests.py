"""A guest is known by a random token in a signed, HttpOnly cookie on their browser.

Identity lives with accounts; the quizzes side reads it (to find a guest's attempts) and
moves a guest's attempts into the account at login."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest, HttpResponse

GUEST_COOKIE = "quiz_guest"
GUEST_SALT = "quizapp.guest"
GUEST_MAX_AGE = 60 * 60 * 24 * 180


def guest_token(request: HttpRequest) -> str:
    value = request.COOKIES.get(GUEST_COOKIE)
    if not value:
        return ""
    return _token_in(
        value,
        settings.SECRET_KEY,
        tuple(settings.SECRET_KEY_FALLBACKS),
        settings.SIGNED_COOKIE_LEGACY_SALT_FALLBACK,
    )


# Checking the signature (keys derived from the secret, then an HMAC) takes ten times
# looking the answer up, and a page may check it more than once. Signed without an
# expiry, a cookie always holds the same token: each is checked once per process (the
# secrets are part of the key, so a changed secret checks again).
@functools.lru_cache(maxsize=4096)
def _token_in(value: str, *secrets: object) -> str:
    cookies = HttpRequest()
    cookies.COOKIES = {GUEST_COOKIE: value}
    return cookies.get_signed_cookie(GUEST_COOKIE, default="", salt=GUEST_SALT) or ""


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
