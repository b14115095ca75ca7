"""Pages of a list, linked by one partial (templates/_pagination.html).

The lists of predictions and sources are read a page at a time by keyset
(core.keyset): a page's "Next" link carries a cursor holding its last row's
sort key, so no request skips over earlier rows with an OFFSET, and a page
deep in the ledger costs what the first does. (The predictions list counts
what matches only as far as 1,000: core.counting.) A
page knows the query parameter that carries its cursor ("cursor", or
"statements_cursor" for a second list on the same page), so the partial
builds its links with Django's {% querystring %}, keeping every other
parameter.

Links from before the cursors (``?page=N``) lead, for good, to the same list
without the number: its first page. A cursor that cannot be read is a 400
saying so, with a link to the first page.

``Pages`` (numbered pages, with a count) remains for the people list, whose
rows are not predictions or sources.
"""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.generic.list import MultipleObjectMixin

from core import keyset
from core.keyset import BadCursor


class LinkedPage(Page):
    paginator: "Pages"

    @property
    def previous_query(self) -> dict[str, int]:
        return {self.paginator.param: self.previous_page_number()}

    @property
    def next_query(self) -> dict[str, int]:
        return {self.paginator.param: self.next_page_number()}


class Pages(Paginator):
    def __init__(
        self, object_list: Any, per_page: int, *args: Any, param: str = "page", **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, *args, **kwargs)
        self.param = param

    def _get_page(self, *args: Any, **kwargs: Any) -> LinkedPage:
        return LinkedPage(*args, **kwargs)

    def get_page(self, number: Any) -> LinkedPage:
        page = super().get_page(number)
        assert isinstance(page, LinkedPage)
        return page


def page_of(request, items, per_page: int, *, param: str = "page") -> LinkedPage:
    """The page of ``items`` that ``request`` asks for with ``param``."""
    return Pages(items, per_page, param=param).get_page(request.GET.get(param))


class PagedListMixin(MultipleObjectMixin):
    """A ListView's pagination with the pages above (page_obj in the context)."""

    paginator_class = Pages
    request: HttpRequest

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, param=self.page_kwarg)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


# --- keyset pages ------------------------------------------------------------


@dataclass
class CursorPage:
    """A keyset page as the partial links it: "Previous" and "Next" by cursor."""

    found: keyset.KeysetPage
    param: str

    @property
    def object_list(self) -> list[Any]:
        return self.found.object_list

    def has_previous(self) -> bool:
        return self.found.has_previous

    def has_next(self) -> bool:
        return self.found.has_next

    def has_other_pages(self) -> bool:
        return self.found.has_previous or self.found.has_next

    @property
    def previous_query(self) -> dict[str, str | None]:
        # Without a row to count back from, the previous page is the first.
        return {self.param: self.found.previous_cursor or None}

    @property
    def next_query(self) -> dict[str, str]:
        return {self.param: self.found.next_cursor}


def cursor_page(request, items, per_page: int, *, param: str = "cursor") -> CursorPage:
    """The page of the sorted queryset ``items`` that ``request``'s ``param``
    points to: the first page without one. Raises BadCursor."""
    return CursorPage(keyset.page(items, per_page, request.GET.get(param, "")), param)


def without_numbered_pages(request, *params: str) -> HttpResponse | None:
    """A permanent redirect to the same list without the old page numbers
    ``params``, when the request has any; None otherwise."""
    if not any(param in request.GET for param in params):
        return None
    query = request.GET.copy()
    for param in params:
        query.pop(param, None)
    rest = query.urlencode()
    return HttpResponsePermanentRedirect(f"{request.path}?{rest}" if rest else request.path)


def bad_cursor(request, error: BadCursor, *params: str) -> HttpResponse:
    """400: the cursor in ``params`` cannot be read; link to the first page."""
    query = request.GET.copy()
    for param in params:
        query.pop(param, None)
    rest = query.urlencode()
    return render(
        request,
        "bad_cursor.html",
        {"problem": str(error), "first_page": f"{request.path}?{rest}" if rest else request.path},
        status=400,
    )


class KeysetListMixin(MultipleObjectMixin):
    """A ListView's pagination by cursor (page_obj in the context is a CursorPage)."""

    page_kwarg = "cursor"
    request: HttpRequest

    def get(self, request, *args, **kwargs):
        if moved := without_numbered_pages(request, "page"):
            return moved
        try:
            return super().get(request, *args, **kwargs)  # type: ignore[misc]
        except BadCursor as error:
            return bad_cursor(request, error, self.page_kwarg)

    def paginate_queryset(self, queryset, page_size):
        page = cursor_page(self.request, queryset, page_size, param=self.page_kwarg)
        return None, page, page.object_list, page.has_other_pages()
