"""A Redis cache that fails open.

Redis is only a cache here (and Celery's broker); the database is the source of
truth. So when Redis cannot be reached, a cache call behaves as a miss instead
of raising: pages and the API answer from the database, only slower, rather
than with a 500.
"""

import logging
from time import monotonic

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis import exceptions as redis_errors

logger = logging.getLogger("hindsight.cache")

# "Redis is unavailable", as opposed to "the code is wrong". ConnectionError also
# covers a Redis still loading its data after a restart, a failed AUTH and a full
# pool; ReadOnlyError (a replica after a failover) and OutOfMemoryError (maxmemory
# with noeviction) are the server refusing writes for now. A bare OSError is a
# socket error redis-py did not wrap: nothing else in these calls does I/O. Other
# ResponseErrors (WRONGTYPE, incr of a pickled value) and DataError are bugs, and
# still raise.
UNAVAILABLE = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.ReadOnlyError,
    redis_errors.OutOfMemoryError,
    OSError,
)

_MISSING = object()


class FailOpenRedisCache(RedisCache):
    """RedisCache whose calls answer as misses while Redis is unavailable.

    Each method the rest of BaseCache builds on (get_or_set, decr, incr_version,
    ``in``, the async variants) is wrapped here, so those fail open too.
    """

    # After a failure, calls skip Redis for this long: a Redis that times out then
    # costs one socket timeout per window, not one per cache call (a page makes
    # several). Django keeps one backend per thread; gunicorn's sync workers have one.
    retry_after = 5.0
    # While Redis stays down, one warning this often rather than one per call.
    warn_every = 60.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = None  # None while Redis answers
        self._warned_at = None

    def _call(self, method, *args, miss):
        if self._down_until is not None and monotonic() < self._down_until:
            return miss
        try:
            result = method(*args)
        except UNAVAILABLE as error:
            self._failed(error)
            return miss
        if self._down_until is not None:
            self._down_until = None
            logger.info("Redis cache reachable again.")
        return result

    def _failed(self, error: Exception) -> None:
        now = monotonic()
        self._down_until = now + self.retry_after
        if self._warned_at is None or now - self._warned_at >= self.warn_every:
            self._warned_at = now
            logger.warning(
                "Redis cache unavailable (%s: %s); cache calls miss until it answers.",
                type(error).__name__,
                error,
            )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, key, value, timeout, version, miss=False)

    def get(self, key, default=None, version=None):
        return self._call(super().get, key, default, version, miss=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, key, value, timeout, version, miss=None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, key, timeout, version, miss=False)

    def delete(self, key, version=None):
        return self._call(super().delete, key, version, miss=False)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, keys, version, miss={})

    def has_key(self, key, version=None):
        return self._call(super().has_key, key, version, miss=False)

    def incr(self, key, delta=1, version=None):
        # A missing key: incr's contract is a ValueError, which counters already
        # handle (usually by add()ing the key). Returning a number would make up a
        # count no one stored.
        value = self._call(super().incr, key, delta, version, miss=_MISSING)
        if value is _MISSING:
            raise ValueError(f"Key '{key}' not found: the Redis cache is unavailable.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # set_many returns the keys it could not store: here, all of them.
        return self._call(super().set_many, data, timeout, version, miss=list(data))

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, keys, version, miss=None)

    def clear(self):
        return self._call(super().clear, miss=False)

    def count_in_window(self, key: str, previous_key: str, timeout: int) -> tuple[int, int] | None:
        """Add one to the counter ``key`` (made with ``timeout`` if new) and read
        the counter ``previous_key``: (count, previous count), in one round trip
        rather than the four add(), incr() (which checks the key exists first)
        and get() take. The API's throttles call it on every request. None while
        Redis is unavailable."""

        def pipelined() -> tuple[int, int]:
            current = self.make_and_validate_key(key)
            previous = self.make_and_validate_key(previous_key)
            # Writes all go to the first server, as add() and incr() do.
            pipeline = self._cache.get_client(current, write=True).pipeline(transaction=True)
            pipeline.set(current, 0, ex=timeout, nx=True)
            pipeline.incr(current)
            pipeline.get(previous)
            _, count, before = pipeline.execute()
            return int(count), int(before or 0)

        return self._call(pipelined, miss=None)
