"""The predictions list's rows in JSON, built from plain database rows.

The list is the API's busiest read. PredictionSerializer would build a model
instance for each prediction, its predictor, quote, speaker and source (every
column of each, a source's captured text and the search vector included), then
walk ~30 DRF fields per row, reversing two URLs for each. Here the list selects
only the columns it shows (``COLUMNS``, one query), the page's tags (a second
query), and builds each row as a dict with the same DRF fields'
``to_representation`` for the values whose formatting DRF decides (dates,
times, numbers), and the URLs from one reverse() per request.

The result is byte for byte what PredictionSerializer gives for the same
prediction (tests/api/test_api_list_rows.py compares the two over a varied
ledger); PredictionSerializer stays the list's declared serializer, so the
OpenAPI schema is unchanged. A field added to PredictionSerializer must be
added here too: that test fails until it is.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse as django_reverse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.reverse import reverse as drf_reverse

from core.display import deleted_username
from predictions.models import Prediction

# What a list row shows, as query lookups: nothing else is read.
COLUMNS = (
    "id",
    "claim",
    "predictor__slug",
    "predictor__name",
    "statement_id",
    "statement__text",
    "statement__speaker__slug",
    "statement__speaker__name",
    "statement__source_id",
    "statement__source__url",
    "statement__source__title",
    "statement__source__published_on",
    "made_on",
    "resolves_on",
    "deadline_text",
    "confidence",
    "confidence_basis",
    "confidence_hedge",
    "status",
    "outcome",
    "resolution_note",
    "evidence_url",
    "resolved_at",
    "self_judged",
    "review_state",
    "review_reason",
    "proposed_outcome",
    "proposed_note",
    "proposed_evidence_url",
    "proposed_by_id",
    "proposed_by__username",
    "proposed_by__is_active",
    "proposed_at",
    "disputes_open",
    "created_at",
    "updated_at",
    "version",
)

# A pk no ledger reaches: reversed once per request, then replaced by each row's.
_SENTINEL = "9081726354453627189"


def list_rows(queryset: QuerySet[Prediction]) -> QuerySet[Any]:
    """``queryset`` as the plain rows a list page needs (dicts of ``COLUMNS``).
    The cursor pagination orders and slices it as it would the instances."""
    return queryset.prefetch_related(None).values(*COLUMNS)


def _url_maker(url: str) -> Callable[[object], str]:
    """A function giving ``url`` (reversed for the sentinel pk) for another pk."""
    before, sentinel, after = url.partition(_SENTINEL)
    assert sentinel, "the sentinel pk is not in the reversed URL"
    return lambda pk: f"{before}{pk}{after}"


def _account_name(row: dict[str, Any]) -> str | None:
    """core.display.account_name of the proposer, from the row's columns."""
    pk = row["proposed_by_id"]
    if pk is None:
        return None
    username = row["proposed_by__username"]
    if not row["proposed_by__is_active"] and username == deleted_username(pk):
        return f"deleted user #{pk}"
    return username


class RowRenderer:
    """Turns the page's rows into PredictionSerializer's output, for one request."""

    # The DRF fields PredictionSerializer uses for these values, so that the
    # formatting (time zone, "Z", ISO dates) is DRF's own.
    datetime = serializers.DateTimeField()
    date = serializers.DateField()
    number = serializers.FloatField()

    def __init__(self, request: Request) -> None:
        self.api_url = _url_maker(
            drf_reverse("api:prediction-detail", kwargs={"pk": _SENTINEL}, request=request)
        )
        self.page_url = _url_maker(
            request.build_absolute_uri(django_reverse("predictions:detail", args=[_SENTINEL]))
        )

    def render(self, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        rows = list(rows)
        tags = tags_of([row["id"] for row in rows])
        return [self.row(row, tags.get(row["id"], [])) for row in rows]

    def _datetime(self, value):
        return None if value is None else self.datetime.to_representation(value)

    def _date(self, value):
        return None if value is None else self.date.to_representation(value)

    def row(self, row: dict[str, Any], tags: list[str]) -> dict[str, Any]:
        pk = row["id"]
        confidence = row["confidence"]
        return {
            "id": pk,
            "url": self.api_url(pk),
            "page_url": self.page_url(pk),
            "claim": row["claim"],
            "predictor": {"slug": row["predictor__slug"], "name": row["predictor__name"]},
            "statement": self.statement(row),
            "made_on": self._date(row["made_on"]),
            "resolves_on": self._date(row["resolves_on"]),
            "deadline_text": row["deadline_text"],
            "confidence": None if confidence is None else self.number.to_representation(confidence),
            "confidence_basis": row["confidence_basis"] or None,
            "confidence_hedge": row["confidence_hedge"],
            "status": row["status"],
            "outcome": row["outcome"],
            "resolution_note": row["resolution_note"],
            "evidence_url": row["evidence_url"],
            "resolved_at": self._datetime(row["resolved_at"]),
            "self_judged": row["self_judged"],
            "review_state": row["review_state"],
            "review_reason": row["review_reason"],
            "proposed_outcome": self.proposal(row),
            "tags": tags,
            "disputes_open": row["disputes_open"],
            "created_at": self._datetime(row["created_at"]),
            "updated_at": self._datetime(row["updated_at"]),
            "version": row["version"],
        }

    def statement(self, row: dict[str, Any]) -> dict[str, Any] | None:
        if row["statement_id"] is None:
            return None
        return {
            "id": row["statement_id"],
            "text": row["statement__text"],
            "speaker": {
                "slug": row["statement__speaker__slug"],
                "name": row["statement__speaker__name"],
            },
            "source": {
                "id": row["statement__source_id"],
                "url": row["statement__source__url"],
                "title": row["statement__source__title"],
                "published_on": self._date(row["statement__source__published_on"]),
            },
        }

    def proposal(self, row: dict[str, Any]) -> dict[str, Any] | None:
        if not row["proposed_outcome"]:
            return None
        return {
            "outcome": row["proposed_outcome"],
            "note": row["proposed_note"],
            "evidence_url": row["proposed_evidence_url"],
            "proposed_by": _account_name(row),
            "proposed_at": self._datetime(row["proposed_at"]),
        }


def tags_of(ids: list[int]) -> dict[int, list[str]]:
    """Each prediction's tag slugs, in the tags' order (by slug): one query."""
    tags: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return tags
    through = Prediction.tags.through.objects.filter(prediction_id__in=ids)
    for prediction_id, slug in through.order_by("tag__slug").values_list(
        "prediction_id", "tag__slug"
    ):
        tags[prediction_id].append(slug)
    return tags
