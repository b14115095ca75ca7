"""Pages of a list, linked by one partial (templates/_pagination.html).

A page knows the query parameter that picks it ("page", or "statements_page"
for a second list on the same page), so the partial builds its links with
Django's {% querystring %}, keeping every other parameter. Reading the number
is lenient, like Paginator.get_page: a page past the end shows the last one,
a number that is not one shows the first.
"""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.views.generic.list import MultipleObjectMixin


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
