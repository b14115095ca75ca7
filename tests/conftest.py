"""Shared fixtures: personas (a reader, contributors, an editor), a fixed
clock, and Playwright pointed at the system Chromium."""

import datetime as dt
import os
from zoneinfo import ZoneInfo

# pytest-playwright runs an event loop in the main thread; Django's ORM refuses
# to run there unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache

from tests.factories import UserFactory

# A fixed "now" for tests that depend on the date: noon in London, 10 March 2026.
CURRENT_TIME = dt.datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Personas get real passwords; the slow production hasher adds nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    # Test clients all come from one address; the throttling test sets its own limits.
    settings.API_THROTTLE_RATES = {"anon": None, "user": None}


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached track records are keyed by id; ids repeat across tests on SQLite.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen_now():
    with time_machine.travel(CURRENT_TIME, tick=False) as traveller:
        yield traveller


@pytest.fixture
def contributor(db):
    return UserFactory(username="alice")


@pytest.fixture
def other_contributor(db):
    return UserFactory(username="bob")


@pytest.fixture
def editor(db):
    user = UserFactory(username="charlie")
    group, _ = Group.objects.get_or_create(name=settings.EDITORS_GROUP)
    user.groups.add(group)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(username="dana", is_staff=True, is_superuser=True)


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


requires_postgres = pytest.mark.skipif(
    not on_postgres(), reason="needs PostgreSQL: run through `make test`"
)
requires_redis = pytest.mark.skipif(
    not settings.REDIS_URL, reason="needs Redis: run through `make test`"
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
