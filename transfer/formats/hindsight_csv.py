"""Hindsight's own CSV (transfer.ledger_format), read back as records.

The CSV has no history, so it imports as another tool's file does: a
prediction is known by its ``external_id`` if it came from elsewhere, else by
its ``url`` on the ledger that wrote it. Its cells lose the apostrophe the
export put before what a spreadsheet would take for a formula, and nothing else.
"""

from datetime import date

from transfer.formats.cells import unescape_cell
from transfer.formats.records import (
    IncomingPrediction,
    Outcome,
    ParsedFile,
    RowError,
    RowProblem,
    UnreadableFile,
    csv_records,
    parse_number,
    parse_timestamp,
)

FORMAT = "hindsight"
FIELDS = (
    "id",
    "url",
    "person",
    "person_url",
    "claim",
    "quote",
    "quote_is_paraphrase",
    "made_on",
    "source_url",
    "source_title",
    "source_publisher",
    "source_published_on",
    "source_sha256",
    "deadline",
    "deadline_text",
    "confidence",
    "confidence_basis",
    "status",
    "review_state",
    "outcome",
    "resolved_at",
    "resolution_note",
    "evidence_url",
    "tags",
    "created_at",
    "updated_at",
    "external_id",
    "event_chain_head",
)
TAG_SEPARATOR = "; "


OUTCOMES: dict[str, Outcome | None] = {
    "right": "right",
    "wrong": "wrong",
    "partly_right": "partly_right",
    "unresolvable": "unresolvable",
    "": None,
}


def is_hindsight_csv_header(header: list[str]) -> bool:
    return [name.strip() for name in header] == list(FIELDS)


def parse_hindsight_csv(text: str) -> ParsedFile:
    records = csv_records(text)
    if not records or not is_hindsight_csv_header(records[0]):
        raise UnreadableFile("The first line is not the header of a Hindsight CSV export.")
    parsed = ParsedFile(format=FORMAT)
    for line, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(FIELDS):
            parsed.problems.append(
                RowProblem(
                    line, "", f"The row has {len(cells)} cells; the header has {len(FIELDS)}."
                )
            )
            continue
        row = {name: unescape_cell(cell) for name, cell in zip(FIELDS, cells, strict=True)}
        try:
            parsed.predictions.append(_read(line, row))
        except RowError as error:
            parsed.problems.append(RowProblem(line, error.column, error.message))
    return parsed


def _read(line: int, row: dict[str, str]) -> IncomingPrediction:
    claim = row["claim"].strip()
    if not claim:
        raise RowError("claim", "The claim is empty.")
    key = row["external_id"].strip() or row["url"].strip()
    if not key:
        raise RowError("url", "Neither url nor external_id says which prediction this is.")
    outcome_text = row["outcome"].strip()
    if outcome_text not in OUTCOMES:
        raise RowError(
            "outcome",
            f"“{outcome_text}” is not an outcome: right, wrong, partly_right, "
            "unresolvable, or empty while it is open.",
        )
    confidence = None
    if row["confidence"].strip():
        confidence = parse_number(row["confidence"])
        if confidence is None or not 0 <= confidence <= 1:
            raise RowError("confidence", "A confidence is a decimal from 0 to 1, such as 0.7.")
    return IncomingPrediction(
        row=line,
        external_id=key if row["external_id"].strip() else f"hindsight:{key}",
        claim=claim,
        person_name=row["person"].strip(),
        created_at=_time(row, "created_at"),
        made_on=_date(row, "made_on"),
        deadline=_date(row, "deadline"),
        confidence=confidence,
        confidence_history=(),
        outcome=OUTCOMES[outcome_text],
        resolved_at=_time(row, "resolved_at") if row["resolved_at"].strip() else None,
        notes="",
        tags=tuple(tag.strip() for tag in row["tags"].split(TAG_SEPARATOR.strip()) if tag.strip()),
        source_url=row["source_url"].strip(),
        source_title=row["source_title"].strip(),
        quote=row["quote"],
        quote_is_paraphrase=row["quote_is_paraphrase"].strip().lower() == "true",
        deadline_text=row["deadline_text"].strip(),
        confidence_basis=row["confidence_basis"].strip(),
        resolution_note=row["resolution_note"],
        evidence_url=row["evidence_url"].strip(),
    )


def _time(row: dict[str, str], column: str):
    try:
        return parse_timestamp(row[column])
    except ValueError:
        raise RowError(column, f"“{row[column]}” is not a date and time.") from None


def _date(row: dict[str, str], column: str) -> date:
    try:
        return date.fromisoformat(row[column].strip())
    except ValueError:
        raise RowError(column, f"“{row[column]}” is not a date (YYYY-MM-DD).") from None
