"""The predictions list's rows in JSON, built from plain database rows.

The list is the API's busiest read. PredictionSerializer would build a model
instance for each prediction, its predictor, quote, speaker and source (every
column of each, a source's captured text included), then
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
from datetime import date, datetime
from typing import Any

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable
from django.urls import reverse as django_reverse
from django.utils import timezone
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
    "statement__is_paraphrase",
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
    rows = queryset.prefetch_related(None).values(*COLUMNS)
    if connections[rows.db].vendor == "postgresql":
        rows._iterable_class = PreparedValuesIterable
    return rows


class _PreparingCursor(psycopg.Cursor):
    """A cursor binding parameters on the server and preparing each statement
    (psycopg keeps the connection's last hundred prepared)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


class PreparedValuesIterable(ValuesIterable):
    """ValuesIterable through a cursor that binds parameters on the server and
    prepares the statement (Django's cursors bind on the client and never do).

    PostgreSQL took longer to plan the list's query (six tables and a
    subquery: 5-13 ms at 1,000,000 predictions) than to run it (1-3 ms), on
    every request. Prepared, PostgreSQL may keep a generic plan after five
    runs on a connection (plan_cache_mode ``auto``) and then plans it no
    more. The cursor is Django's wrapper around it, so the query is logged
    and counted as any other."""

    def __iter__(self):
        queryset = self.queryset
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return
        # As ValuesIterable names the row's columns.
        if query.selected:
            names = list(query.selected)
        else:
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
        connection = connections[queryset.db]
        connection.ensure_connection()
        raw = _PreparingCursor(connection.connection)
        cursor = (
            connection.make_debug_cursor(raw)  # type: ignore[arg-type]
            if connection.queries_logged
            else connection.make_cursor(raw)  # type: ignore[arg-type]
        )
        with cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        if converters := compiler.get_converters(fields):
            rows = compiler.apply_converters(rows, converters)
        for row in rows:
            yield dict(zip(names, row, strict=False))


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

    # The DRF field PredictionSerializer uses for confidence, so that its
    # formatting is DRF's own. Dates and times are formatted below as DRF's
    # DateField and DateTimeField do with the ISO 8601 format (the only one
    # this API uses): three thousand field calls a page cost more than the
    # page's SQL did.
    number = serializers.FloatField()

    def __init__(self, request: Request) -> None:
        # DateTimeField.enforce_timezone's zone, read once per request.
        self.zone = timezone.get_current_timezone()
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

    def _datetime(self, value: datetime | None) -> str | None:
        # DateTimeField.to_representation: in the current zone, "Z" for UTC.
        if value is None:
            return None
        text = value.astimezone(self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    @staticmethod
    def _date(value: date | None) -> str | None:
        # DateField.to_representation.
        return None if value is None else value.isoformat()

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
            "is_paraphrase": row["statement__is_paraphrase"],
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
