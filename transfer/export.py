"""Exporting predictions as a stream of text: CSV, JSON (ledger_format) or a
Fatebook spreadsheet. Rows are read through a server-side cursor in chunks,
with what each chunk needs prefetched, and written as they are read, so a
million predictions take the memory of one chunk."""

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from predictions.models import Prediction, PredictionEvent
from transfer import ledger_format
from transfer.formats.fatebook import FATEBOOK_SPREADSHEET_COLUMNS, fatebook_spreadsheet_row

CHUNK = 500
FORMATS = ("csv", "json", "fatebook")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "fatebook": "text/csv; charset=utf-8",
}
EXTENSIONS = {"csv": "csv", "json": "json", "fatebook": "csv"}


def filename(format: str, on: datetime) -> str:
    stem = "hindsight-fatebook" if format == "fatebook" else "hindsight-predictions"
    return f"{stem}-{on:%Y-%m-%d}.{EXTENSIONS[format]}"


def _rows(predictions: QuerySet[Prediction]) -> QuerySet[Prediction]:
    """What every format reads of a prediction, in id order (a file of the
    same ledger is the same file)."""
    return (
        predictions.select_related(
            "predictor",
            "statement__speaker",
            "statement__source",
            "statement__original__speaker",
            "statement__original__source",
        )
        .prefetch_related("tags")
        .order_by("id")
    )


def _with_chain_head(predictions: QuerySet[Prediction]) -> QuerySet[Prediction]:
    latest = PredictionEvent.objects.filter(prediction=OuterRef("pk")).order_by("-at", "-id")
    return predictions.annotate(chain_head=Subquery(latest.values("hash")[:1]))


class _Line:
    """csv.writer's file: hands back each line it writes."""

    def write(self, text: str) -> str:
        return text


def csv_lines(predictions: QuerySet[Prediction], *, site_url: str) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(ledger_format.FIELDS)
    rows = _with_chain_head(_rows(predictions)).defer("statement__source__text")
    for prediction in rows.iterator(chunk_size=CHUNK):
        flat = ledger_format.record(
            prediction,
            site_url=site_url,
            chain_head=prediction.chain_head,  # type: ignore[attr-defined]
        )
        yield writer.writerow(ledger_format.csv_row(flat))


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        # The float a confidence is stored as, which json writes in its
        # shortest form: the decimal it was entered as (0.7).
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=False, default=_json_value)


def json_chunks(
    predictions: QuerySet[Prediction], *, site_url: str, exported_at: datetime
) -> Iterator[str]:
    header = {
        "format": ledger_format.FORMAT,
        "version": ledger_format.VERSION,
        "exported_at": exported_at.astimezone(UTC).isoformat(),
        "site_url": site_url,
    }
    opening = dumps(header)
    yield opening[:-1] + ', "predictions": [\n'
    events = PredictionEvent.objects.select_related("actor").order_by("at", "id")
    rows = _rows(predictions).select_related(
        "filed_by", "resolved_by", "reviewed_by", "proposed_by"
    )
    rows = rows.prefetch_related(Prefetch("events", queryset=events))
    separator = ""
    for prediction in rows.iterator(chunk_size=CHUNK):
        document = ledger_format.lossless(
            prediction, site_url=site_url, events=prediction.events.all()
        )
        yield separator + dumps(document)
        separator = ",\n"
    yield "\n]}\n"


def fatebook_lines(predictions: QuerySet[Prediction]) -> Iterator[str]:
    writer = csv.DictWriter(_Line(), fieldnames=FATEBOOK_SPREADSHEET_COLUMNS)
    yield writer.writeheader()
    rows = _rows(predictions).defer("statement__source__text")
    for prediction in rows.iterator(chunk_size=CHUNK):
        yield writer.writerow(
            fatebook_spreadsheet_row(
                claim=prediction.claim,
                created_at=prediction.created_at,
                deadline=prediction.resolves_on,
                confidence=ledger_format.confidence(prediction.confidence),
                outcome=prediction.outcome or None,  # type: ignore[arg-type]
                notes=prediction.resolution_note,
                tags=[tag.name for tag in prediction.tags.all()],
                person_name=prediction.predictor.name,
                resolved_at=prediction.resolved_at,
            )
        )


def chunks(
    format: str, predictions: QuerySet[Prediction], *, site_url: str, exported_at: datetime
) -> Iterator[str]:
    if format == "json":
        return json_chunks(predictions, site_url=site_url, exported_at=exported_at)
    if format == "fatebook":
        return fatebook_lines(predictions)
    return csv_lines(predictions, site_url=site_url)
