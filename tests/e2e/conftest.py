"""Browser tests: pytest-playwright driving the system Chromium (Debian's package).

Playwright's own browser download cannot run here, so the launch points at
/usr/bin/chromium. Without it these tests skip with a loud reason, except under CI=true,
where a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
# run inside one unless told that this is safe. It is, for tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM:
        return
    reason = "Chromium is not installed (apt-get install chromium): browser tests NOT RUN"
    for item in items:
        if "e2e" in item.keywords:
            if os.environ.get("CI") == "true":
                raise pytest.UsageError(f"CI=true but {reason}")
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # Keep Chromium off the network: this machine reaches nothing but localhost.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def facts(transactional_db: None) -> None:
    """The real fact base, for tests whose live server needs committed data."""
    from django.conf import settings

    from quizapp.facts.loading import facts_load
    from quizapp.facts.models import Event

    if not Event.objects.exists():
        facts_load(path=settings.FACTS_FIXTURE)
