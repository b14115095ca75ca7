from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from predictions import sorting

# The API's `ordering` values: the pages' orders (and two of its own) named by
# their field, from the one table of orders.
ORDERINGS = list(sorting.BY_FIELD)


class LedgerCursorPagination(CursorPagination):
    """Stable pages however the ledger changes between requests."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")

    def get_ordering(self, request, queryset, view):
        # The filter set has already refused any ordering not in ORDERINGS.
        if sort := sorting.by_field(request.query_params.get("ordering", "")):
            return sort.order_by
        return getattr(view, "ordering", None) or self.ordering

    def decode_cursor(self, request):
        # DRF answers a bad cursor with 404; it is bad input, so 400 naming it.
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {"cursor": ["This cursor is not one this API gave out."]}
            ) from None
