"""The ledger's filters, shared by the predictions page and the API."""

import django_filters
from django import forms

from core.counting import BoundedCount, count_up_to
from core.widgets import DATE_INPUT
from predictions import search, sorting
from predictions.forms.fields import person_name_input
from predictions.models import Prediction

# The predictions page counts matches this far ("more than 1,000 match"), and
# ranks a search's matches only when there are no more than this.
MATCH_COUNT_LIMIT = 1000


class LedgerFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Prediction.Status.choices, empty_label="Any")
    outcome = django_filters.ChoiceFilter(choices=Prediction.Outcome.choices, empty_label="Any")
    person = django_filters.CharFilter(
        method="by_person",
        label="Person",
        help_text="The predictor's name as written, or their slug.",
        widget=person_name_input("person-names"),
    )
    tag = django_filters.CharFilter(
        method="tagged",
        label="Tag",
        help_text="A tag's name or slug.",
        widget=forms.TextInput(attrs={"list": "tag-names", "autocomplete": "off"}),
    )
    due_after = django_filters.DateFilter(
        field_name="resolves_on",
        lookup_expr="gte",
        label="Deadline from",
        widget=DATE_INPUT,
        help_text="Deadline on or after this date.",
    )
    due_before = django_filters.DateFilter(
        field_name="resolves_on",
        lookup_expr="lte",
        label="Deadline to",
        widget=DATE_INPUT,
        help_text="Deadline on or before this date.",
    )
    made_after = django_filters.DateFilter(
        field_name="made_on",
        lookup_expr="gte",
        label="Said on or after",
        widget=DATE_INPUT,
        help_text="Said on or after this date.",
    )
    q = django_filters.CharFilter(
        method="full_text",
        max_length=200,
        label="Search",
        help_text="Words from the claim, who said it, the quote or the source title.",
    )

    class Meta:
        model = Prediction
        fields = [
            "q",
            "status",
            "outcome",
            "person",
            "tag",
            "due_after",
            "due_before",
            "made_after",
        ]

    def by_person(self, queryset, name, value):
        return queryset.by_person(value)

    def tagged(self, queryset, name, value):
        return queryset.tagged(value)

    def full_text(self, queryset, name, value):
        return search.search(queryset, value)


class PredictionPageFilter(LedgerFilter):
    """The predictions page's filters, with its choice of order (predictions.sorting)."""

    sort = django_filters.ChoiceFilter(
        choices=sorting.choices(),
        method="sorted_by",
        empty_label=None,
        label="Sort",
    )

    class Meta(LedgerFilter.Meta):
        fields = [*LedgerFilter.Meta.fields, "sort"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # How many predictions pass the filters, when counting them decided
        # the order (a search without a chosen sort); else None.
        self.matching: BoundedCount | None = None
        if self.is_bound and self.data.get("q", "").strip() and not self.data.get("sort"):
            # A search lists the best matches first unless the reader picks
            # another order; the form offers that as the default.
            self.filters["sort"].extra["empty_label"] = "Best match first"

    def filter_queryset(self, queryset):
        """The filters, then, for a search in no chosen order, the best
        matches first, provided there are at most MATCH_COUNT_LIMIT of them:
        ranking reads every match, so ranking more would make a common word
        cost what the ledger holds. More than that are listed by deadline
        (the default order), and the form offers that order instead."""
        queryset = super().filter_queryset(queryset)
        # The words as the form cleaned them: a search it refused (a NUL
        # byte) was left out, and nothing is ranked by it either.
        words = (self.form.cleaned_data.get("q") or "").strip()
        if not words or self.form.cleaned_data.get("sort"):
            return queryset
        self.matching = count_up_to(queryset, MATCH_COUNT_LIMIT)
        if self.matching.more:
            sort = self.form.fields["sort"]
            sort.empty_label = None
            sort.choices = sorting.choices()  # the widget's, without "Best match first"
            return queryset
        return search.best_first(queryset, words)

    @property
    def ranked(self) -> bool:
        """Whether the rows come best match first."""
        return self.matching is not None and not self.matching.more

    def sorted_by(self, queryset, name, value):
        return queryset.order_by(*sorting.order_by(value))
