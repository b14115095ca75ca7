import django_filters

from predictions import search
from predictions.api.pagination import ORDERINGS
from predictions.models import Prediction


class PredictionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Prediction.Status.choices)
    outcome = django_filters.ChoiceFilter(choices=Prediction.Outcome.choices)
    person = django_filters.CharFilter(
        field_name="predictor__slug", help_text="The predictor's slug."
    )
    tag = django_filters.CharFilter(field_name="tags__slug", help_text="A tag's slug.")
    due_before = django_filters.DateFilter(
        field_name="resolves_on", lookup_expr="lte", help_text="Deadline on or before this date."
    )
    due_after = django_filters.DateFilter(
        field_name="resolves_on", lookup_expr="gte", help_text="Deadline on or after this date."
    )
    made_after = django_filters.DateFilter(
        field_name="made_on", lookup_expr="gte", help_text="Said on or after this date."
    )
    q = django_filters.CharFilter(
        method="full_text",
        max_length=200,
        help_text="Words from the claim, the quote or the source title.",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(value, value) for value in ORDERINGS],
        method="keep",
        help_text="Sort order; the default is newest first.",
    )

    class Meta:
        model = Prediction
        fields = [
            "status",
            "outcome",
            "person",
            "tag",
            "due_before",
            "due_after",
            "made_after",
            "q",
            "ordering",
        ]

    def full_text(self, queryset, name, value):
        return search.search(queryset, value)

    def keep(self, queryset, name, value):
        """Validated here, applied by the cursor pagination (it must own the order)."""
        return queryset
