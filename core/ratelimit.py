"""Rate limits of the site's forms and of filing: how many tries a client
address, an account, a username or an email address may make in a window.

The limits are named here, with the words a refusal uses; their rates are
settings (``RATE_LIMITS``, read from the environment). Counts live in
Django's cache in fixed windows: a counter's key names the start of its
window, computed from ``timezone.now()``, so nothing resets a counter, a new
window simply uses a new key, and a test that moves the clock moves the
window. Counting is atomic: ``cache.add`` creates the counter at 0 when it is
missing and ``cache.incr`` adds one on the cache server, so two requests
cannot both read 4 and both pass. The client address is core.client_ip's
(behind trusted proxies, taken from X-Forwarded-For). A cache that is down
(FailOpenRedisCache) counts nothing: the site stays up, unlimited, rather
than refusing everyone.
"""

import hashlib
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.client_ip import rate_limit_ident
from core.errors import RateLimited


@dataclass(frozen=True)
class Limit:
    """One limit: ``settings.RATE_LIMITS[name]`` is its (count, window in
    seconds), or None for no limit; ``what`` is what the refusal says there
    were too many of."""

    name: str
    what: str

    def rate(self) -> tuple[int, int] | None:
        rate: tuple[int, int] | None = settings.RATE_LIMITS.get(self.name)
        return rate


# Failures only: a sign-in that works is not counted, but once there were too
# many failures every sign-in is refused until the window ends.
SIGN_IN = Limit("sign_in", "failed sign-in attempts")
SIGN_UP = Limit("sign_up", "sign-ups")
PASSWORD_RESET = Limit("password_reset", "password reset requests")
CONFIRMATION = Limit("confirmation", "confirmation emails sent")
FILING = Limit("filing", "claims filed")
EXPORT = Limit("export", "exports")


def ip_key(request: HttpRequest) -> str:
    return f"ip:{rate_limit_ident(request)}"


def account_key(user) -> str:
    return f"account:{user.pk}"


def name_key(kind: str, value: str) -> str:
    """A key for a username or an email address, whatever its case."""
    return f"{kind}:{value.strip().casefold()}"


def request_keys(request: HttpRequest) -> list[str]:
    """The client's address and, when signed in, its account."""
    keys = [ip_key(request)]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        keys.append(account_key(user))
    return keys


def _window(seconds: int) -> tuple[int, int]:
    """The current window's start (seconds since the epoch) and how many
    seconds remain in it."""
    now = math.floor(timezone.now().timestamp())
    start = now - now % seconds
    return start, start + seconds - now


def _counter(limit: Limit, key: str, start: int) -> str:
    # Hashed: usernames and addresses are free text, and cache keys must not be.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{limit.name}:{digest}:{start}"


def _refusal(limit: Limit, seconds_left: int) -> RateLimited:
    minutes = max(1, math.ceil(seconds_left / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return RateLimited(
        f"Too many {limit.what}; try again in {minutes} {unit}.", retry_after=seconds_left
    )


def _increment(counter: str, timeout: int) -> int:
    cache.add(counter, 0, timeout=timeout)
    try:
        return cache.incr(counter)
    except ValueError:
        # The cache is down (or dropped the key between the two calls): this
        # try goes uncounted rather than refused.
        return 0


def attempt(limit: Limit, *keys: str) -> None:
    """Count one try against each key; raise RateLimited when that makes
    more than the limit for any of them."""
    rate = limit.rate()
    if rate is None:
        return
    allowed, seconds = rate
    start, left = _window(seconds)
    counts = [_increment(_counter(limit, key, start), left + 1) for key in keys]
    if any(count > allowed for count in counts):
        raise _refusal(limit, left)


def record(limit: Limit, *keys: str) -> None:
    """Count one try against each key without refusing it (a failed sign-in,
    counted after the fact)."""
    rate = limit.rate()
    if rate is None:
        return
    start, left = _window(rate[1])
    for key in keys:
        _increment(_counter(limit, key, start), left + 1)


def refuse_if_exhausted(limit: Limit, *keys: str) -> None:
    """Raise RateLimited if any key has used up its tries in this window;
    this try itself is not counted."""
    rate = limit.rate()
    if rate is None:
        return
    allowed, seconds = rate
    start, left = _window(seconds)
    counts = cache.get_many([_counter(limit, key, start) for key in keys])
    if any(count >= allowed for count in counts.values()):
        raise _refusal(limit, left)


def too_many_requests(request: HttpRequest, error: RateLimited) -> HttpResponse:
    """The page a refused form answers with: 429, saying when to try again."""
    response = render(request, "429.html", {"message": str(error)}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


class RateLimitMiddleware:
    """Turns a RateLimited raised by a page's view into the 429 page. (The
    API answers for itself, in JSON: api/errors.py.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None
