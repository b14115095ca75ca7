"""Fixtures of the account tests: what the requests queued, the rate limits
a test turns on, and the site's address in emails."""

from collections.abc import Callable

import pytest

from accounts import tasks
from tests.accounts.support import SITE_URL


@pytest.fixture
def queued(monkeypatch) -> list[int]:
    """The outbox rows the requests asked a worker to send, by id, in order."""
    row_ids: list[int] = []
    monkeypatch.setattr(tasks.deliver_account_email, "delay", row_ids.append)
    return row_ids


@pytest.fixture
def limit(settings) -> Callable[[str, int, int], None]:
    """Turn on one rate limit (the suite runs with them off)."""

    def set_limit(name: str, count: int, seconds: int) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, name: (count, seconds)}

    return set_limit


@pytest.fixture
def site_url(settings) -> str:
    settings.SITE_URL = SITE_URL
    return SITE_URL
