"""The API's per-request limits: anonymous requests per client address, signed-in
ones per account, and anonymous calls of the article suggester on a tighter
limit of their own. Rates are read from settings.API_THROTTLE_RATES on every
request, so they follow the environment (and tests) rather than being fixed at
import; a scope without a rate is not limited.

The client address is core.client_ip's, the same as the pages' limits: the
header a client writes gets it nothing, unless settings.TRUSTED_PROXIES says
proxies append to it, and then only the entry they appended counts.

Counting is atomic, unlike DRF's throttles, which read a list of times from
the cache, add one and write it back, so that clients calling at once all
read the same list and all pass. Here each request adds one to a counter on
the cache server (``cache.add`` then ``cache.incr``), so each sees a different
count. Counters are kept per fixed window of the rate's length; the limit
applies to a sliding window, estimated as this window's count plus the share
of the previous window's that still falls within the last period. A request
refused takes its count back, so a client is held to the rate of requests it
was allowed, as with DRF's. A cache that is down counts nothing and refuses
nobody, as the pages' limits (core/ratelimit.py).
"""

import contextlib
import hashlib
import math

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from core.client_ip import rate_limit_ident

SECONDS_IN = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"60/min"`` as (60, 60): a count and a period in seconds, the period
    known by its first letter as DRF reads it (config/env.py checks rates)."""
    count, period = rate.split("/")
    return int(count), SECONDS_IN[period.strip()[0].lower()]


class CountingThrottle(BaseThrottle):
    """Counts requests under one scope, per the key ``key_for`` gives (None:
    this throttle does not count that request)."""

    scope: str

    def __init__(self) -> None:
        self.seconds_to_wait: float | None = None

    def get_ident(self, request) -> str:
        return rate_limit_ident(request)

    def key_for(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        rate = settings.API_THROTTLE_RATES.get(self.scope)
        if rate is None:
            return True
        key = self.key_for(request)
        if key is None:
            return True
        allowed, period = parse_rate(rate)
        self.seconds_to_wait = take(f"{self.scope}:{key}", allowed, period)
        return self.seconds_to_wait is None

    def wait(self) -> float | None:
        return self.seconds_to_wait


class AnonymousRateThrottle(CountingThrottle):
    """Per client address, for requests without a user."""

    scope = "anon"

    def key_for(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return f"ip:{self.get_ident(request)}"


class UserRateThrottle(CountingThrottle):
    """Per account when signed in (per client address otherwise, if no
    anonymous rate is set)."""

    scope = "user"

    def key_for(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        if settings.API_THROTTLE_RATES.get("anon") is not None:
            # AnonymousRateThrottle counts this request (its rate is the
            # tighter one by default): counting it here as well cost every
            # anonymous read a second round trip to the cache.
            return None
        return f"ip:{self.get_ident(request)}"


class SuggestAnonymousThrottle(AnonymousRateThrottle):
    """Anonymous calls of the article suggester, per client address."""

    scope = "suggest"


def take(key: str, allowed: int, period: int) -> float | None:
    """Count one request for ``key``: None if it is within ``allowed`` per
    ``period`` seconds, else the seconds until one more would be."""
    now = timezone.now().timestamp()
    start = math.floor(now) - math.floor(now) % period
    elapsed = now - start
    current, previous = _counter(key, start), _counter(key, start - period)
    counted = _count(current, previous, timeout=2 * period + 1)
    if counted is None:
        # The cache is down (or dropped the key between two calls): this
        # request goes uncounted rather than refused.
        return None
    count, before = counted
    # before * (period - elapsed) / period + count <= allowed, without dividing.
    if before * (period - elapsed) <= (allowed - count) * period:
        return None
    with contextlib.suppress(ValueError):  # down: nothing to take back
        cache.decr(current)
    return _wait(allowed, period, elapsed, before, count - 1)


def _count(current: str, previous: str, timeout: int) -> tuple[int, int] | None:
    """One more request in the counter ``current`` (kept ``timeout`` seconds:
    through the next window too, where it is the previous one) and the count in
    ``previous``; None if the cache could not count."""
    count_in_window = getattr(cache, "count_in_window", None)
    if count_in_window is not None:  # Redis (config/cache.py): one round trip
        return count_in_window(current, previous, timeout)
    cache.add(current, 0, timeout=timeout)
    try:
        count = cache.incr(current)
    except ValueError:
        return None
    return count, int(cache.get(previous) or 0)


def _wait(allowed: int, period: int, elapsed: float, before: int, count: int) -> float:
    """Seconds until a request would be allowed, if no other came meanwhile:
    until the previous window's share has shrunk enough, or, when this
    window alone is full, into the next window until this one's has."""
    if count < allowed:
        # before * (period - elapsed - t) / period <= allowed - count - 1
        room = allowed - count - 1
        return max(1.0, period - elapsed - room * period / before)
    # count * (period - t') / period + 1 <= allowed, t' into the next window
    return max(1.0, period - elapsed + period * (count - allowed + 1) / count)


def _counter(key: str, start: int) -> str:
    # Hashed: an address or an id today, but cache keys must not depend on it.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"throttle:{digest}:{start}"
