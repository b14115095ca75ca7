"""Many clients at once, for the tests of counting that must be atomic: the
threads are released together so that their calls overlap as much as they can."""

import threading
from collections.abc import Callable

import pytest
from django.core.cache import caches

from config.cache import FailOpenRedisCache

THREADS = 16
EACH = 8


def require_shared_cache() -> None:
    """Counts shared by many processes live in Redis; the local-memory cache
    of a run without it proves nothing about them."""
    if not isinstance(caches["default"], FailOpenRedisCache):
        pytest.skip("the counts of many processes live in Redis: run with REDIS_URL set")


def at_once[T](call: Callable[[], T], threads: int = THREADS, each: int = EACH) -> list[T]:
    """``threads`` threads, released together, each calling ``call`` ``each``
    times; every result."""
    start = threading.Barrier(threads)
    results: list[T] = []
    lock = threading.Lock()

    def run() -> None:
        start.wait()
        mine = [call() for _ in range(each)]
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results
