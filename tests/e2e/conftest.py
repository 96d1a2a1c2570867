"""Browser tests: pytest-playwright driving a real Chromium.

Debian's Chromium (`make test` installs it when run as root) or else Playwright's own
download (`make test` tries `playwright install chromium`). Without either, the browser
tests are skipped with one loud line, except under CI=true, where a missing browser fails
the run.
"""

from __future__ import annotations

import os
import shutil
from functools import cache
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
# run inside one unless told that this is safe. It is, for tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SYSTEM_CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_BROWSER = (
    "BROWSER TESTS NOT RUN: no Chromium (Debian's chromium package, or "
    "`.venv/bin/playwright install chromium`); `make test` installs one where it can"
)


no_browser_key = pytest.StashKey[int]()
# Keep Chromium off the network: the tests reach nothing but their own live server.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@cache
def playwright_chromium() -> str | None:
    """Playwright's own Chromium, if it has been downloaded and starts here (a download
    without the system libraries it needs does not)."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
        if not Path(path).exists():
            return None
        try:
            playwright.chromium.launch(args=CHROMIUM_ARGS).close()
        except Error:
            return None
    return path


def has_browser() -> bool:
    return bool(SYSTEM_CHROMIUM or playwright_chromium())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser_tests = [item for item in items if "e2e" in item.keywords]
    if not browser_tests or has_browser():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true, but {NO_BROWSER}")
    for item in browser_tests:
        item.add_marker(pytest.mark.skip(reason=NO_BROWSER))
    config.stash[no_browser_key] = len(browser_tests)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    skipped = terminalreporter.config.stash.get(no_browser_key, 0)
    if skipped:
        terminalreporter.write_line(f"{NO_BROWSER} ({skipped} tests)", red=True, bold=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        **({"executable_path": SYSTEM_CHROMIUM} if SYSTEM_CHROMIUM else {}),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def facts(transactional_db: None) -> None:
    """The real fact base, for tests whose live server needs committed data."""
    from django.conf import settings

    from quizapp.facts.loading import facts_load
    from quizapp.facts.models import Event

    if not Event.objects.exists():
        facts_load(path=settings.FACTS_FIXTURE)
