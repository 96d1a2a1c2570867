"""The environment a production server runs with, for the scripts and tests that start one."""

from __future__ import annotations

import os
import secrets


def production_env(*, loopback: bool = True, **overrides: str) -> dict[str, str]:
    """Production settings: DEBUG off and a fresh secret key. Other DJANGO_ variables are
    dropped. With `loopback` (plain HTTP on 127.0.0.1), the HTTPS redirect is off, since
    TLS ends at a proxy in production; without it, every production default stands."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="quizapp.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
    )
    if loopback:
        env["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    env.update(overrides)
    return env


def gunicorn_workers() -> int:
    """Worker processes, as `make serve` runs them: 2 × the cores this process may use
    (what `nproc` counts) + 1, or WORKERS."""
    given = os.environ.get("WORKERS", "")
    if not given:
        return 2 * len(os.sched_getaffinity(0)) + 1
    if not given.isdigit() or int(given) < 1:
        raise SystemExit(f"WORKERS={given!r}: a whole number of worker processes, 1 or more.")
    return int(given)


def gunicorn_threads() -> int:
    """Threads per gunicorn worker, as `make serve` runs it (GUNICORN_THREADS overrides):
    above 1, gunicorn's gthread worker."""
    return int(os.environ.get("GUNICORN_THREADS", "1"))
