"""Whole list pages kept for signed-out readers until the ledger changes.

A public ledger is read far more often than it is written, and most of its
readers are signed out. A list (the predictions, the people, the sources, the
home page, their API forms) is then the same for every such reader until a
write changes what it could show. So its rendered response is kept in the
cache under the *ledger version*: a token that each such write replaces once
it commits (``forget_pages``: every prediction event through
predictions.services, and the saves that write no event, connected in
predictions.apps). A page kept under an old token is never found again and
expires (``PAGE_CACHE_SECONDS``). The version is read before the page's
queries and replaced only after a commit, so a page is never kept under a
version newer than what it shows.

Only a request that cannot be told apart from any other signed-out reader's
is served or kept: a GET with no credentials and no cookie but the CSRF one.
A response is kept only if it is a 200 that sets no cookie, holds no CSRF
token and adds no message. The key is the absolute URL with its query sorted
(the API's links are absolute), today's date (what is due moves with it) and
the version. With Redis down, every request is a miss: the fail-open cache
answers ``None`` (config.cache).
"""

from collections.abc import Callable
from functools import wraps
from hashlib import sha256
from typing import Any
from urllib.parse import urlencode
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import patch_vary_headers

VERSION_KEY = "ledger-version"
PAGE_KEY_PREFIX = "page"
# A kept page's headers set by the view itself; the middleware's (Vary,
# Content-Length, security headers) are added again on the way out.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")


def ledger_version() -> str:
    """The current version: a random token, made when the cache has none (a
    new cache, an eviction, Redis emptied). With Redis down it is a new
    token on every call, so nothing is ever found."""
    version = cache.get(VERSION_KEY)
    if version is None:
        fresh = uuid4().hex
        version = fresh if cache.add(VERSION_KEY, fresh, timeout=None) else cache.get(VERSION_KEY)
    return version or uuid4().hex


def forget_pages(**signal_kwargs: Any) -> None:
    """Once the current write commits, no reader gets a page kept before it.
    Also a signal receiver (predictions.apps), hence the keyword arguments."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid4().hex, timeout=None))


# A longer query string is not a reader following the site's own links; each
# one kept would be a page in Redis. (Redis itself should evict pages before
# anything else: docs/deploy.md.)
MAX_QUERY_LENGTH = 512


def forget_pages_now(**signal_kwargs: Any) -> None:
    """After ``migrate`` (every deploy runs it): pages rendered by the code
    before are not served by the code after."""
    cache.set(VERSION_KEY, uuid4().hex, timeout=None)


def _anonymous(request: HttpRequest) -> bool:
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def page_key(request: HttpRequest, variant: str = "") -> str | None:
    """The cache key of the page ``request`` asks for, or None when the
    request is not a signed-out reader's (or page caching is off).
    ``variant`` tells apart what the URL does not: the API's media type."""
    if settings.PAGE_CACHE_SECONDS <= 0 or not _anonymous(request):
        return None
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    url = request.build_absolute_uri(request.path) + "?" + query
    digest = sha256(f"{variant}\n{url}".encode()).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{timezone.localdate().isoformat()}:{ledger_version()}:{digest}"


def kept_page(key: str) -> HttpResponse | None:
    kept = cache.get(key)
    if kept is None:
        return None
    content, headers = kept
    response = HttpResponse(content, headers=headers)
    # As the page answered when it was made: it depends on who is asking.
    patch_vary_headers(response, ["Cookie"])
    return response


def _keepable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token: it is this reader's
    messages = getattr(request, "_messages", None)
    if messages is not None and messages.added_new:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def keep_when_rendered(request: HttpRequest, response: HttpResponseBase, key: str) -> None:
    """Keep ``response`` under ``key`` once it is rendered (a template
    response renders after the view returns), if any reader may have it."""

    def keep(rendered: HttpResponseBase) -> None:
        if _keepable(request, rendered):
            headers = {name: rendered[name] for name in KEPT_HEADERS if rendered.has_header(name)}
            content = rendered.content  # type: ignore[attr-defined]  # not streaming
            cache.set(key, (content, headers), timeout=settings.PAGE_CACHE_SECONDS)

    if getattr(response, "is_rendered", True):
        keep(response)
    else:
        response.add_post_render_callback(keep)  # type: ignore[attr-defined]


def cached_for_readers(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """A page view whose responses to signed-out readers are kept (above)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        key = page_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        kept = kept_page(key)
        if kept is not None:
            return kept
        response = view(request, *args, **kwargs)
        keep_when_rendered(request, response, key)
        return response

    return wrapper
