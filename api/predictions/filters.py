"""The list's query parameters: the ledger's filters, plus the sort order."""

import django_filters

from api.pagination import ORDERINGS
from predictions.filters import LedgerFilter


class PredictionFilter(LedgerFilter):
    ordering = django_filters.ChoiceFilter(
        choices=[(value, value) for value in ORDERINGS],
        method="keep",
        help_text="Sort order; the default is newest first.",
    )

    class Meta(LedgerFilter.Meta):
        fields = [*LedgerFilter.Meta.fields, "ordering"]

    def keep(self, queryset, name, value):
        """Validated here, applied by the cursor pagination (it must own the order)."""
        return queryset
