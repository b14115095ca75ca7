"""core/ratelimit.py: fixed windows on the cache, counted atomically, each
key on its own; the refusal says how long to wait; a limit turned off or a
cache that is down refuses nothing."""

import datetime as dt

import pytest
from django.test import RequestFactory

from core import ratelimit
from core.errors import RateLimited

LIMIT = ratelimit.Limit("testing", "tests run")


@pytest.fixture
def rate(settings):
    def set_rate(count: int, seconds: int) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "testing": (count, seconds)}

    return set_rate


def test_the_try_after_the_limit_is_refused_until_the_window_ends(rate, frozen_now):
    rate(2, 600)
    ratelimit.attempt(LIMIT, "k")
    ratelimit.attempt(LIMIT, "k")

    with pytest.raises(RateLimited) as refusal:
        ratelimit.attempt(LIMIT, "k")

    # The fixed clock is on a window's start: all ten minutes remain.
    assert str(refusal.value) == "Too many tests run; try again in 10 minutes."
    assert refusal.value.retry_after == 600
    frozen_now.shift(dt.timedelta(minutes=10))
    ratelimit.attempt(LIMIT, "k")


def test_windows_are_fixed_not_sliding(rate, frozen_now):
    rate(1, 600)
    frozen_now.shift(dt.timedelta(minutes=9, seconds=30))
    ratelimit.attempt(LIMIT, "k")
    with pytest.raises(RateLimited) as refusal:
        ratelimit.attempt(LIMIT, "k")
    assert refusal.value.retry_after == 30
    assert "try again in 1 minute." in str(refusal.value)

    frozen_now.shift(dt.timedelta(seconds=30))
    ratelimit.attempt(LIMIT, "k")


def test_each_key_counts_alone_and_any_key_over_refuses(rate, frozen_now):
    rate(1, 600)
    ratelimit.attempt(LIMIT, "ip:1", "account:1")
    ratelimit.attempt(LIMIT, "ip:2", "account:2")

    with pytest.raises(RateLimited):
        ratelimit.attempt(LIMIT, "ip:3", "account:1")


def test_recording_counts_and_checking_does_not(rate, frozen_now):
    rate(2, 600)
    ratelimit.refuse_if_exhausted(LIMIT, "k")
    ratelimit.refuse_if_exhausted(LIMIT, "k")
    ratelimit.record(LIMIT, "k")
    ratelimit.refuse_if_exhausted(LIMIT, "k")
    ratelimit.record(LIMIT, "k")

    with pytest.raises(RateLimited):
        ratelimit.refuse_if_exhausted(LIMIT, "k")


def test_a_limit_turned_off_refuses_nothing(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "testing": None}
    for _ in range(50):
        ratelimit.attempt(LIMIT, "k")


def test_any_text_makes_a_key(rate, frozen_now):
    rate(1, 600)
    name = "Émile, with spaces: and more " * 20
    ratelimit.attempt(LIMIT, ratelimit.name_key("username", name))

    with pytest.raises(RateLimited):  # whatever its case
        ratelimit.attempt(LIMIT, ratelimit.name_key("username", name.upper()))


class DownCache:
    """What FailOpenRedisCache answers while Redis is unreachable."""

    def add(self, *args, **kwargs):
        return False

    def incr(self, key, *args, **kwargs):
        raise ValueError(f"Key '{key}' not found: the Redis cache is unavailable.")

    def get_many(self, keys, *args, **kwargs):
        return {}


def test_a_cache_that_is_down_refuses_nobody(rate, monkeypatch):
    rate(1, 600)
    monkeypatch.setattr(ratelimit, "cache", DownCache())

    for _ in range(3):
        ratelimit.attempt(LIMIT, "k")
        ratelimit.record(LIMIT, "k")
        ratelimit.refuse_if_exhausted(LIMIT, "k")


def test_the_client_address_is_core_client_ips(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert ratelimit.request_keys(request) == ["ip:10.0.0.2"]
    settings.TRUSTED_PROXIES = 1
    assert ratelimit.request_keys(request) == ["ip:1.2.3.4"]
