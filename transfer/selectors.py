"""What an export holds: published predictions (a claim awaiting review is in
no file of record), narrowed by the predictions list's own filters."""

from django.db.models import QuerySet
from django.http import QueryDict

from predictions.filters import LedgerFilter
from predictions.models import Prediction
from transfer.export import FORMATS


class ExportRequestError(ValueError):
    """The request names a filter or a format that cannot be read; ``errors``
    maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{field}: {' '.join(m)}" for field, m in errors.items()))
        self.errors = errors


def exported_predictions(query: QueryDict) -> tuple[str, QuerySet[Prediction]]:
    """The format ``?format=`` asks for (CSV unless it says) and the
    predictions the list's filters in ``query`` keep; ExportRequestError for
    anything that cannot be read, rather than a file of the wrong rows."""
    format = query.get("format", "csv") or "csv"
    errors: dict[str, list[str]] = {}
    if format not in FORMATS:
        errors["format"] = [f"Choose one of: {', '.join(FORMATS)}."]
    filters = LedgerFilter(query, queryset=Prediction.objects.published())
    if not filters.is_valid():
        errors.update({field: list(messages) for field, messages in filters.errors.items()})
    if errors:
        raise ExportRequestError(errors)
    return format, filters.qs
