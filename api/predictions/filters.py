"""The list's query parameters: the ledger's filters, plus the sort order."""

import django_filters

from api.pagination import ORDERINGS
from predictions.filters import LedgerFilter
from predictions.models import Prediction


class PredictionFilter(LedgerFilter):
    review_state = django_filters.ChoiceFilter(
        choices=Prediction.ReviewState.choices,
        method="keep",
        help_text="Published unless asked: editors see every claim awaiting review (pending) "
        "or rejected, anyone else the ones they filed.",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(value, value) for value in ORDERINGS],
        method="keep",
        help_text="Sort order; the default is newest first.",
    )

    class Meta(LedgerFilter.Meta):
        fields = [*LedgerFilter.Meta.fields, "review_state", "ordering"]

    def keep(self, queryset, name, value):
        """Validated here, applied elsewhere: the order by the cursor pagination
        (it must own the order), the review state by the view's queryset (it
        decides what the user may see)."""
        return queryset
