"""Shared fixtures: personas (a reader, contributors, an editor), a fixed
clock, an empty cache, and the order tests run in."""

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache

from predictions import services
from tests.support.factories import UserFactory, make_editor

TESTS = Path(__file__).resolve().parent
LANES = {"integration", "browser"}

# A fixed "now" for tests that depend on the date: noon in London, 10 March 2026.
CURRENT_TIME = dt.datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Personas get real passwords; the slow production hasher adds nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    # Test clients all come from one address; the throttling and rate limit
    # tests set their own limits.
    settings.API_THROTTLE_RATES = {"anon": None, "user": None}
    settings.RATE_LIMITS = dict.fromkeys(django_settings.RATE_LIMITS)


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached track records are keyed by id; ids repeat across tests on SQLite.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_kept_pages(request, settings):
    # A page kept for signed-out readers ends when a write commits, and a
    # test's transaction never commits: the fast lane keeps no page
    # (tests/core/test_page_cache.py turns keeping on). The browser and
    # integration lanes commit, so they keep pages as production does.
    if not any(request.node.get_closest_marker(lane) for lane in LANES):
        settings.PAGE_CACHE_SECONDS = 0


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
    return make_editor(UserFactory(username="charlie"))


@pytest.fixture
def staff(db):
    return UserFactory(username="dana", is_staff=True, is_superuser=True)


def pytest_configure(config):
    # Under pytest-xdist each worker has its own test database (pytest-django
    # adds a suffix); give each its own Redis database too, so one worker's
    # cache.clear() cannot empty another's cache mid-test. Nothing has used
    # the cache yet, so changing its location here is enough.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    cache = django_settings.CACHES["default"]
    location = cache.get("LOCATION", "")
    if worker.startswith("gw") and isinstance(location, str) and location.startswith("redis"):
        base = location.rsplit("/", 1)[0]
        cache["LOCATION"] = f"{base}/{int(worker[2:]) + 1}"


def pytest_collection_modifyitems(items):
    # The folder is the lane: everything under integration/ (real workers,
    # SMTP, Redis, subprocesses) and browser/ (Chromium) is marked so, which
    # is what `make test-fast` leaves out.
    for item in items:
        lane = item.path.relative_to(TESTS).parts[0]
        if lane in LANES:
            item.add_marker(lane)
    # The browser tests leave Playwright's event loop running in the main
    # thread until the session ends; run them last so that no other test
    # meets it.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def filed(contributor, editor, frozen_now):
    """Alice (the contributor) files the seed's claim as the article's
    commentator said it, and an editor approves it: a published claim, hers
    but not hers to resolve."""
    claim = services.file_claim(
        filed_by=contributor,
        claim="OpenAI open-sources one of its models",
        predictor="Article commentator",
        quote="OpenAI may move towards open sourcing its models within the next month",
        source_url="https://example.com/openai-wrong-side",
        source_title="OpenAI: wrong side of history",
        published_on=dt.date(2025, 2, 1),
        resolves_on=dt.date(2025, 3, 1),
        deadline_text="within the next month",
        tags=["openai", "open-source"],
    )
    return services.review_claim(prediction=claim, actor=editor, decision="approve")
