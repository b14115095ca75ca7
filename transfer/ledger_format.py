"""The Hindsight file: one record per prediction with the same field names in
CSV and JSON (FIELDS). CSV is the flat form a spreadsheet opens; JSON is the
lossless one, each record carrying besides its predictor, its statement with
the statement's source (and the words it reports, with theirs), the fields a
spreadsheet has no use for, and its events with their hashes, so a ledger
restored from it proves its history as the original did (docs/transfer.md).

Values: dates YYYY-MM-DD; datetimes ISO 8601 in UTC with their offset;
confidence a decimal from 0 to 1 (never a percentage); tags joined with "; "
in CSV and a list in JSON; empty values "" in CSV and null in JSON.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from predictions.models import Prediction, PredictionEvent
from sources.models import Person, Source, Statement
from transfer.formats.cells import escape_cell
from transfer.formats.hindsight_csv import FIELDS, TAG_SEPARATOR

FORMAT = "hindsight"
VERSION = 1


def timestamp(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def confidence(value: float | None) -> Decimal | None:
    """The stored float as the decimal it was entered as: 0.7, not 0.69999…"""
    return Decimal(repr(value)) if value is not None else None


def record(prediction: Prediction, *, site_url: str, chain_head: str | None) -> dict[str, Any]:
    """The FIELDS of ``prediction``, JSON-typed (tags a list, empty values None)."""
    statement = prediction.statement
    source = statement.source if statement is not None else None
    return {
        "id": prediction.pk,
        "url": site_url + prediction.get_absolute_url(),
        "person": prediction.predictor.name,
        "person_url": f"{site_url}/people/{prediction.predictor.slug}/",
        "claim": prediction.claim,
        "quote": statement.text if statement is not None else None,
        "quote_is_paraphrase": statement.is_paraphrase if statement is not None else None,
        "made_on": day(prediction.made_on),
        "source_url": (source.url or None) if source is not None else None,
        "source_title": source.title if source is not None else None,
        "source_publisher": (source.publisher or None) if source is not None else None,
        "source_published_on": day(source.published_on) if source is not None else None,
        "source_sha256": (source.text_sha256 or None) if source is not None else None,
        "deadline": day(prediction.resolves_on),
        "deadline_text": prediction.deadline_text or None,
        "confidence": confidence(prediction.confidence),
        "confidence_basis": prediction.confidence_basis or None,
        "status": prediction.status,
        "review_state": prediction.review_state,
        "outcome": prediction.outcome or None,
        "resolved_at": timestamp(prediction.resolved_at),
        "resolution_note": prediction.resolution_note or None,
        "evidence_url": prediction.evidence_url or None,
        "tags": sorted(tag.name for tag in prediction.tags.all()),
        "created_at": timestamp(prediction.created_at),
        "updated_at": timestamp(prediction.updated_at),
        "external_id": prediction.external_id or None,
        "event_chain_head": chain_head,
    }


# --- CSV ---------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return escape_cell(TAG_SEPARATOR.join(value))
    if isinstance(value, Decimal):
        return format(value, "f")  # 0.00001, never 1E-5
    return escape_cell(str(value))


def csv_row(flat: dict[str, Any]) -> list[str]:
    return [csv_cell(flat[name]) for name in FIELDS]


# --- JSON's lossless extras ---------------------------------------------------------


def account_document(user: Any) -> dict[str, Any] | None:
    """An account as the history names it: its id (which the events' hashes
    cover) and its name then."""
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username()}


def person_document(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "slug": person.slug,
        "kind": person.kind,
        "description": person.description,
        "url": person.url,
    }


def source_document(source: Source) -> dict[str, Any]:
    return {
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "published_on": day(source.published_on),
        "kind": source.kind,
        "description": source.description,
        "text": source.text,
        "text_sha256": source.text_sha256,
        "archive_url": source.archive_url,
    }


def statement_document(statement: Statement, *, with_original: bool = True) -> dict[str, Any]:
    document: dict[str, Any] = {
        "text": statement.text,
        "is_paraphrase": statement.is_paraphrase,
        "said_on": day(statement.said_on),
        "context": statement.context,
        "speaker": person_document(statement.speaker),
        "source": source_document(statement.source),
    }
    if with_original:
        original = statement.original
        document["original"] = (
            None if original is None else statement_document(original, with_original=False)
        )
    return document


def event_document(event: PredictionEvent) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "actor": account_document(event.actor),
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "data": event.data,
        "previous_hash": event.previous_hash,
        "hash": event.hash,
    }


def details(prediction: Prediction) -> dict[str, Any]:
    """What a restore needs that the flat record leaves out."""
    return {
        "confidence_hedge": prediction.confidence_hedge,
        "self_judged": prediction.self_judged,
        "review_reason": prediction.review_reason,
        "reviewed_at": timestamp(prediction.reviewed_at),
        "reviewed_by": account_document(prediction.reviewed_by),
        "resolved_by": account_document(prediction.resolved_by),
        "filed_by": account_document(prediction.filed_by),
        "proposed_outcome": prediction.proposed_outcome,
        "proposed_note": prediction.proposed_note,
        "proposed_evidence_url": prediction.proposed_evidence_url,
        "proposed_by": account_document(prediction.proposed_by),
        "proposed_at": timestamp(prediction.proposed_at),
        "version": prediction.version,
    }


def lossless(
    prediction: Prediction, *, site_url: str, events: Iterable[PredictionEvent]
) -> dict[str, Any]:
    chain = [event_document(each) for each in events]
    document = record(
        prediction, site_url=site_url, chain_head=chain[-1]["hash"] if chain else None
    )
    document["predictor"] = person_document(prediction.predictor)
    document["statement"] = (
        statement_document(prediction.statement) if prediction.statement is not None else None
    )
    document["details"] = details(prediction)
    document["events"] = chain
    return document
