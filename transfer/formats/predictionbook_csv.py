"""PredictionBook's CSV export, read by column name (the JSON reader, and
what the two share, is predictionbook). Its ``mean_confidence`` is
everyone's average, so the creator's own confidence comes only from a
column that holds it; and the export holds only the latest 100 predictions
unless it is paged, which the report says.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import partial

from transfer.formats.predictionbook import (
    FORMAT,
    PUBLIC,
    external_id,
    page_url,
    read_outcome,
    read_percentage,
    read_prediction_id,
    read_timestamp,
    skip_reason,
    source_title,
    take,
)
from transfer.formats.records import (
    ForecastPoint,
    IncomingPrediction,
    ParsedFile,
    RowError,
    UnreadableFile,
    cells_by_name,
    csv_records,
    split_tags,
)

CSV_WARNING = (
    "PredictionBook's CSV export holds only your latest 100 predictions unless it is "
    "paged; for all of them, export each page, or use its JSON API "
    "(/api/my_predictions with page_size up to 1000)."
)
CSV_NO_OWN_CONFIDENCE = (
    "This CSV has no column for your own confidence (its mean_confidence is everyone's "
    "average), so its predictions come in without a stated confidence."
)
# The CSV's columns that must be there; it is read by name.
CSV_REQUIRED = ("id", "description", "deadline")
# The creator's own first confidence (0-100), under the names it may have;
# ``initial_confidence`` is PredictionBook's own name for it (Prediction model).
CSV_OWN_CONFIDENCE = ("initial_confidence", "creator_confidence", "your_confidence")
CSV_CREATOR = ("creator_label", "creator", "creator_name")


def is_predictionbook_csv_header(header: Sequence[str]) -> bool:
    names = {_column_key(name) for name in header}
    return set(CSV_REQUIRED) <= names


def parse_predictionbook_csv(text: str) -> ParsedFile:
    """Read PredictionBook's CSV export, by column name. Its ``mean_confidence``
    is everyone's average and is never taken for the creator's confidence."""
    records = csv_records(text)
    header = records[0] if records else []
    if not is_predictionbook_csv_header(header):
        raise UnreadableFile(
            "This CSV isn't PredictionBook's: it needs the columns " + ", ".join(CSV_REQUIRED) + "."
        )
    columns = {_column_key(name): index for index, name in enumerate(header)}
    names = {_column_key(name): name.strip() for name in header}
    parsed = ParsedFile(format=FORMAT, warnings=[CSV_WARNING])
    own = next((name for name in CSV_OWN_CONFIDENCE if name in columns), None)
    if own is None:
        parsed.warnings.append(CSV_NO_OWN_CONFIDENCE)
    for line, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line is no prediction
        cells = cells_by_name(columns, record)
        take(parsed, line, partial(_read_csv_row, cells, own), names)
    return parsed


def _column_key(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


def _read_csv_row(cells: Mapping[str, str], own: str | None) -> IncomingPrediction | str:
    visibility = cells.get("visibility", "").strip() or PUBLIC
    skip = skip_reason(cells.get("withdrawn", ""), visibility)
    if skip:
        return skip
    prediction_id = read_prediction_id(cells["id"])
    created_at = read_timestamp(cells.get("created_at"), "created_at")
    confidence = read_percentage(cells[own], own) if own and cells[own].strip() else None
    claim = cells["description"].strip()
    if not claim:
        raise RowError("description", "“description” is blank; a prediction needs a claim.")
    return IncomingPrediction(
        row=0,  # set by _take
        external_id=external_id(prediction_id),
        claim=claim,
        person_name=next((cells[name].strip() for name in CSV_CREATOR if name in cells), ""),
        created_at=created_at,
        deadline=read_timestamp(cells["deadline"], "deadline").date(),
        confidence=confidence,
        # Only the stated figure is in a CSV: no history beyond it.
        confidence_history=() if confidence is None else (ForecastPoint(created_at, confidence),),
        outcome=read_outcome(cells.get("outcome", "")),
        resolved_at=_csv_resolved_at(cells),
        notes="",
        tags=split_tags(cells.get("tags", "")),
        source_url=page_url(prediction_id),
        source_title=source_title(prediction_id),
    )


def _csv_resolved_at(cells: Mapping[str, str]) -> datetime | None:
    if read_outcome(cells.get("outcome", "")) is None or not cells.get("judged_at", "").strip():
        return None
    return read_timestamp(cells["judged_at"], "judged_at")
