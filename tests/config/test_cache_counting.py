"""The Redis cache counts a throttle's request in one round trip
(FailOpenRedisCache.count_in_window), interchangeably with add(), incr(),
decr() and get() on the same counters."""

import pytest
from django.core.cache import caches

from config.cache import FailOpenRedisCache


@pytest.fixture
def redis_cache():
    cache = caches["default"]
    if not isinstance(cache, FailOpenRedisCache):
        pytest.skip("needs the Redis cache (scripts/with-services.sh sets REDIS_URL)")
    return cache


def test_counts_and_reads_the_previous_window(redis_cache):
    redis_cache.add("previous", 0)
    redis_cache.incr("previous", 4)

    assert redis_cache.count_in_window("current", "previous", 121) == (1, 4)
    assert redis_cache.count_in_window("current", "previous", 121) == (2, 4)
    assert redis_cache.count_in_window("current", "none-before", 121) == (3, 0)


def test_its_counters_are_the_caches_own(redis_cache):
    redis_cache.count_in_window("current", "previous", 121)
    redis_cache.count_in_window("current", "previous", 121)

    assert redis_cache.decr("current") == 1
    assert redis_cache.get("current") == 1
    ttl = redis_cache._cache.get_client(write=True).ttl(redis_cache.make_key("current"))
    assert 0 < ttl <= 121


def test_a_down_redis_counts_nothing(redis_cache, monkeypatch):
    monkeypatch.setattr(redis_cache, "_down_until", float("inf"))

    assert redis_cache.count_in_window("current", "previous", 121) is None
