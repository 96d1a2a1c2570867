from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from quizapp.facts.loading import facts_load
from quizapp.facts.models import Event, Person, Place, Source


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real fact base once; each test's transaction rolls its own changes back."""
    with django_db_blocker.unblock():
        facts_load(path=settings.FACTS_FIXTURE)


@pytest.fixture
def facts(db: None) -> None:
    """The real fact base from fixtures/facts.yaml.

    A transactional test (a live server) empties the tables when it ends, so the facts
    are loaded again if they are gone.
    """
    if not Event.objects.exists():
        facts_load(path=settings.FACTS_FIXTURE)


@pytest.fixture
def empty_fact_base(db: None) -> None:
    """No facts at all, for tests of loading from scratch (rolled back afterwards)."""
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
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def generous_rate_limits(settings) -> None:
    """Most tests start many attempts from one address; the rate-limit tests lower these."""
    settings.RATE_LIMITS = {
        "join": {"requests": 10_000, "seconds": 60},
        "login": {"requests": 10_000, "seconds": 300},
    }
