"""What every load test keeps of a student answering over HTTP: their cookies, their
attempt, the answers acknowledged, and whether they finished."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from bench.cookies import keep_cookies, with_cookies


@dataclass(kw_only=True)
class AnsweringStudent:
    name: str
    cookies: dict[str, str] = field(default_factory=dict)
    attempt_url: str = ""
    acknowledged: int = 0  # answers that got a 2xx
    finished: bool = False

    def headers(self, **extra: str) -> dict[str, str]:
        return with_cookies(self.cookies, dict(extra))

    def remember(self, response: httpx.Response) -> None:
        keep_cookies(self.cookies, response)

    def take_reply(self, response: httpx.Response) -> httpx.Response | None:
        """The reply to an answer: a 2xx is acknowledged, its cookies kept, and the
        next page it is (the last answer's reply redirects to the results: finished);
        None for any other status, whose student reads the page again."""
        if not 200 <= response.status_code < 300:
            return None
        self.acknowledged += 1
        self.remember(response)
        if "hx-redirect" in response.headers:
            self.finished = True
        return response
