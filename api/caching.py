"""API lists kept for signed-out readers until the ledger changes
(core.page_cache, which the HTML lists share).

A viewset's ``list`` runs after DRF's ``initial()``: authentication,
permissions and throttling come first, so a kept page still counts against
a reader's rate limit. The media type is part of the key: the same URL
answers JSON or the browsable API.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpResponseBase
from rest_framework.request import Request

from core import page_cache


def kept_list(request: Request, respond: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """The kept page for ``request``, or ``respond()``'s, kept if it may be."""
    key = page_cache.page_key(request._request, variant=request.accepted_media_type or "")
    if key is None:
        return respond()
    kept = page_cache.kept_page(key)
    if kept is not None:
        return kept
    response = respond()
    page_cache.keep_when_rendered(request._request, response, key)
    return response


class KeptForReaders:
    """Mixed into a viewset before its list mixin."""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        parent = super().list  # type: ignore[misc]
        return kept_list(request, lambda: parent(request, *args, **kwargs))
