"""A student's cookies kept by hand: they are Secure in production, and the load tests
talk plain HTTP to gunicorn, where a client's cookie jar would drop them."""

from __future__ import annotations

import httpx


def with_cookies(cookies: dict[str, str], headers: dict[str, str]) -> dict[str, str]:
    """`headers` plus a Cookie header carrying `cookies`, when there are any."""
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return {"Cookie": cookie, **headers} if cookie else headers


def keep_cookies(cookies: dict[str, str], response: httpx.Response) -> None:
    """Every cookie `response` sets, by name, into `cookies`."""
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
