from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from pytest_django.plugin import blocking_manager_key

from quizapp.facts.loading import facts_load
from quizapp.facts.models import Event, Person, Place, Source, Statement


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real fact base once; each test's transaction rolls its own changes back."""
    with django_db_blocker.unblock():
        facts_load(path=settings.FACTS_FIXTURE)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A transactional test (a live server, a migration) empties every table when it
    ends; put the fact base back at once, outside any test's transaction, so the tests
    after it (in whatever order they run) find it as the session left it."""
    yield
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    flushed = (
        bool(marker and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )
    if not flushed or nextitem is None:
        return
    with item.config.stash[blocking_manager_key].unblock():
        if not Event.objects.exists():
            facts_load(path=settings.FACTS_FIXTURE)
        # As a test's teardown would: no connection left open between tests.
        connections.close_all()


@pytest.fixture
def facts(db: None) -> None:
    """The real fact base from fixtures/facts.yaml, loaded once for the session."""
    assert Event.objects.exists(), "The session's fact base is gone."


@pytest.fixture
def empty_fact_base(db: None) -> None:
    """No facts at all, for tests of loading from scratch (rolled back afterwards)."""
    Statement.objects.all().delete()
    Event.objects.all().delete()
    Person.objects.all().delete()
    Place.objects.all().delete()
    Source.objects.all().delete()


@pytest.fixture
def admin_user(db: None):
    return get_user_model().objects.create_superuser(
        username="admin-test", password="a-long-test-password"
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Tests log users in often; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "quizapp.accounts.hashers.FirstPasswordHasher",
    ]


@pytest.fixture
def away_from_window_edge() -> None:
    """Rate limits count in fixed windows (multiples of 60 s since the epoch), so a
    test that fills one must not straddle the start of the next: wait it out when it is
    less than 15 s away. Every window length in use is a multiple of 60 s."""
    left = 60 - time.time() % 60
    if left < 15:
        time.sleep(left + 0.05)


@pytest.fixture(autouse=True)
def generous_rate_limits(settings) -> None:
    """Most tests start many attempts from one address; the rate-limit tests lower these."""
    settings.RATE_LIMITS = {
        "join": {"requests": 10_000, "seconds": 60},
        "login": {"requests": 10_000, "seconds": 300},
    }


@pytest.fixture(autouse=True)
def fresh_cache(settings) -> Iterator[None]:
    """Each test starts with an empty cache: a rollback restores the versions the test
    started with, and a test may change data without a fresh version (a bulk write sends
    no signal), so a page it kept could be served, stale, to the next. A Redis the suite
    runs against (REDIS_URL) may be shared, so it is never flushed: each test gets a key
    prefix of its own, and its keys are deleted afterwards."""
    from django.core.cache import cache, caches
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(caches["default"], RedisCache):
        cache.clear()
        yield
        return
    prefix = f"quizapp-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": prefix},
    }
    # Taken now: a test may point the cache elsewhere (a Redis that is away).
    client = caches["default"]._cache.get_client(write=True)
    yield
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(autouse=True)
def fresh_practice_pool() -> None:
    """Each test builds the practice pool from the facts it sees: a pool kept from a test
    whose fact edits were rolled back would be stale."""
    from quizapp.practice.pool import _kept

    _kept.clear()
