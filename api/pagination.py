from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

ORDERINGS = [
    "resolves_on",
    "-resolves_on",
    "made_on",
    "-made_on",
    "created_at",
    "-created_at",
    "-updated_at",
]


class LedgerCursorPagination(CursorPagination):
    """Stable pages however the ledger changes between requests."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")

    def get_ordering(self, request, queryset, view):
        # The filter set has already refused any ordering not in ORDERINGS.
        requested = request.query_params.get("ordering")
        if requested in ORDERINGS:
            return (requested, "-id" if requested.startswith("-") else "id")
        return getattr(view, "ordering", None) or self.ordering

    def decode_cursor(self, request):
        # DRF answers a bad cursor with 404; it is bad input, so 400 naming it.
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {"cursor": ["This cursor is not one this API gave out."]}
            ) from None
