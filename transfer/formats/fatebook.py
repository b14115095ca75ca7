"""Fatebook's CSV export, and a row for Fatebook's spreadsheet import.

Fatebook (github.com/Sage-Future/fatebook) writes its export in
lib/web/export.ts (``questionsToCsv``): one row per forecast, every question's
fields repeated on each of its rows. Its headers, in the order written:

- 2023: Question title, Forecast created by, Forecast (scale = 0-1), Forecast
  created at, Question created by, Question created at, Question resolution,
  Question resolve by, Question resolved at, Your Brier score for this
  question, Your relative Brier score for this question, Question notes,
  Question shared with, Question shared publicly, Question comments.
- 2024-09 (multiple-choice questions): "Multiple choice option" after the
  title; the resolution columns renamed "Resolution" and "Resolved at" and
  moved after "Question resolve by".
- 2025-01: "Question tags" at the end (Fatebook issue #91).

Columns are read by name, so their order doesn't matter; the tournament
export's extra "Tournament name" is ignored. Timestamps are written by
``getDateTimeYYYYMMDDHHMMSS``: no zone and unpadded seconds
("2024-03-05 09:07:5", Fatebook issue #90); they are taken as UTC. The
forecast is already 0-1. The file names no question id, so a question is
known by its title and creation time.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from transfer.formats import predictionbook
from transfer.formats.cells import escape_cell
from transfer.formats.records import (
    SKIPPED_MULTIPLE_CHOICE,
    SKIPPED_OTHER_FORECASTER,
    ForecastPoint,
    IncomingPrediction,
    Outcome,
    ParsedFile,
    RowError,
    RowProblem,
    UnreadableFile,
    cells_by_name,
    csv_records,
    parse_number,
    parse_timestamp,
    split_tags,
)

FORMAT = "fatebook"

TITLE = "Question title"
OPTION = "Multiple choice option"
FORECASTER = "Forecast created by"
FORECAST = "Forecast (scale = 0-1)"
FORECAST_AT = "Forecast created at"
CREATOR = "Question created by"
CREATED_AT = "Question created at"
RESOLVE_BY = "Question resolve by"
NOTES = "Question notes"
TAGS = "Question tags"
SHARED_PUBLICLY = "Question shared publicly"
# Renamed in 2024-09; each is looked for under both names.
RESOLUTION = ("Resolution", "Question resolution")
RESOLVED_AT = ("Resolved at", "Question resolved at")

REQUIRED = (TITLE, FORECASTER, FORECAST, FORECAST_AT, CREATOR, CREATED_AT, RESOLVE_BY)
OUTCOMES: dict[str, Outcome | None] = {
    "YES": "right",
    "NO": "wrong",
    "AMBIGUOUS": "unresolvable",
    "": None,
}


@dataclass(frozen=True)
class _Row:
    """One forecast row read whole: the question's fields and the forecast."""

    line: int
    title: str
    person_name: str
    created_at: datetime
    deadline: date
    outcome: Outcome | None
    resolved_at: datetime | None
    notes: str
    tags: tuple[str, ...]
    shared_publicly: bool
    forecast: ForecastPoint


@dataclass(frozen=True)
class _BadRow:
    line: int
    column: str
    message: str
    at: datetime | None  # when its forecast was made, if that much could be read


@dataclass
class _Question:
    rows: list[_Row] = field(default_factory=list)
    bad: list[_BadRow] = field(default_factory=list)


# --- reading ------------------------------------------------------------------


def is_fatebook_header(header: Sequence[str]) -> bool:
    return not _missing_columns({name.strip() for name in header})


def _missing_columns(names: set[str]) -> list[str]:
    missing = [name for name in REQUIRED if name not in names]
    missing += [group[0] for group in (RESOLUTION, RESOLVED_AT) if not names & set(group)]
    return missing


def parse_fatebook_csv(text: str) -> ParsedFile:
    """Read a Fatebook export (any of its three header versions)."""
    records = csv_records(text)
    header = [name.strip() for name in records[0]] if records else []
    missing = _missing_columns(set(header))
    if missing:
        raise UnreadableFile(
            "This CSV isn't a Fatebook export: it has no "
            + ", ".join(f"“{name}”" for name in missing)
            + (" column." if len(missing) == 1 else " columns.")
        )
    columns = {name: index for index, name in enumerate(header)}
    parsed = ParsedFile(format=FORMAT)
    questions: dict[tuple[str, str], _Question] = {}
    for line, record in enumerate(records[1:], start=2):
        if any(cell.strip() for cell in record):  # a blank line is no forecast
            _read_line(parsed, questions, line, cells_by_name(columns, record))
    kept = [row for question in questions.values() if (row := _finish(parsed, question))]
    parsed.problems.sort(key=lambda problem: problem.row)
    _warn_if_private(parsed, kept)
    return parsed


def _warn_if_private(parsed: ParsedFile, kept: Sequence[_Row]) -> None:
    # Fatebook questions are private unless shared; this ledger is public.
    private = sum(1 for row in kept if not row.shared_publicly)
    if private:
        count = "1 question" if private == 1 else f"{private} questions"
        parsed.warnings.append(
            f"On Fatebook, {count} of these had not been shared publicly "
            f"(“{SHARED_PUBLICLY}” is false); this ledger is public, so check them "
            "before importing."
        )


def _read_line(
    parsed: ParsedFile,
    questions: dict[tuple[str, str], _Question],
    line: int,
    cells: Mapping[str, str],
) -> None:
    title = cells[TITLE].strip()
    if not title:
        parsed.problems.append(
            RowProblem(line, TITLE, f"“{TITLE}” is blank; a question needs a title.")
        )
        return
    # A multiple-choice question is several claims sharing one title, each
    # option forecast on its own; none of them is the question's single
    # yes/no claim, so their rows are left out and counted, not guessed at.
    if cells.get(OPTION, "").strip():
        parsed.skipped[SKIPPED_MULTIPLE_CHOICE] += 1
        return
    # The export holds everyone's forecasts on the person's questions, and
    # their own forecasts on other people's: a prediction here is the
    # creator's own, so any other forecaster's row is left out.
    if cells[FORECASTER].strip() != cells[CREATOR].strip():
        parsed.skipped[SKIPPED_OTHER_FORECASTER] += 1
        return
    question = questions.setdefault((title, cells[CREATED_AT].strip()), _Question())
    try:
        question.rows.append(_read_row(line, title, cells))
    except RowError as error:
        at = _forecast_time_or_none(cells)
        question.bad.append(_BadRow(line, error.column, error.message, at))


def _read_row(line: int, title: str, cells: Mapping[str, str]) -> _Row:
    outcome = _outcome(cells, _present(cells, RESOLUTION))
    resolved_column = _present(cells, RESOLVED_AT)
    return _Row(
        line=line,
        title=title,
        person_name=cells[CREATOR].strip(),
        created_at=_timestamp(cells, CREATED_AT),
        deadline=_timestamp(cells, RESOLVE_BY).date(),
        outcome=outcome,
        # A resolution time means nothing without a resolution.
        resolved_at=_resolved_at(cells, resolved_column) if outcome else None,
        # A sheet saved on Windows has CRLF inside cells; notes keep plain \n.
        notes=cells.get(NOTES, "").replace("\r\n", "\n").strip(),
        tags=split_tags(cells.get(TAGS, "")),
        shared_publicly=cells.get(SHARED_PUBLICLY, "").strip().lower() != "false",
        forecast=ForecastPoint(_timestamp(cells, FORECAST_AT), _forecast(cells[FORECAST])),
    )


def _present(cells: Mapping[str, str], names: Sequence[str]) -> str:
    """Which of a column's names this file uses."""
    return next(name for name in names if name in cells)


def _resolved_at(cells: Mapping[str, str], column: str) -> datetime | None:
    return _timestamp(cells, column) if cells[column].strip() else None


def _timestamp(cells: Mapping[str, str], column: str) -> datetime:
    text = cells[column].strip()
    if not text:
        raise RowError(column, f"“{column}” is blank; it should be a date and time.")
    try:
        return parse_timestamp(text)
    except ValueError:
        raise RowError(column, f"“{column}” is “{text}”, which isn't a date.") from None


def _forecast_time_or_none(cells: Mapping[str, str]) -> datetime | None:
    try:
        return _timestamp(cells, FORECAST_AT)
    except RowError:
        return None


def _forecast(text: str) -> Decimal:
    # Fatebook's scale is 0-1 already: 0.7 is 70%, and it is not divided.
    number = parse_number(text)
    if number is None:
        raise RowError(FORECAST, f"“{FORECAST}” is “{text.strip()}”, which isn't a number.")
    if not 0 <= number <= 1:
        raise RowError(FORECAST, f"“{FORECAST}” is {text.strip()}; a forecast is between 0 and 1.")
    return number


def _outcome(cells: Mapping[str, str], column: str) -> Outcome | None:
    text = cells[column].strip()
    if text.upper() not in OUTCOMES:
        raise RowError(
            column, f"“{column}” is “{text}”; Fatebook's are YES, NO, AMBIGUOUS or blank."
        )
    return OUTCOMES[text.upper()]


# --- one question from its rows -----------------------------------------------


def _finish(parsed: ParsedFile, question: _Question) -> _Row | None:
    """Make the question's prediction from its readable rows, and report its
    unreadable ones; return its first row if it was kept. The first forecast
    is the stated confidence, so a question whose first forecast can't be
    read (or may be the one that can't) is left out whole."""
    rows = sorted(question.rows, key=lambda row: (row.forecast.at, row.line))
    first_at = rows[0].forecast.at if rows else None
    lost = any(bad.at is None or first_at is None or bad.at <= first_at for bad in question.bad)
    for bad in question.bad:
        consequence = (
            "The question is left out, as its first forecast is on a row that can't be read."
            if lost
            else "The question is kept without this forecast."
        )
        parsed.problems.append(RowProblem(bad.line, bad.column, f"{bad.message} {consequence}"))
    if not rows or lost:
        return None
    parsed.predictions.append(_prediction(rows))
    return rows[0]


def _prediction(rows: Sequence[_Row]) -> IncomingPrediction:
    first = rows[0]
    history = tuple(row.forecast for row in rows)
    linked = predictionbook.linked_prediction_id(first.notes)
    return IncomingPrediction(
        row=first.line,
        external_id=(
            predictionbook.external_id(linked)
            if linked
            else question_id(first.title, first.created_at)
        ),
        claim=first.title,
        person_name=first.person_name,
        created_at=first.created_at,
        deadline=first.deadline,
        confidence=history[0].confidence,
        confidence_history=history,
        outcome=first.outcome,
        resolved_at=first.resolved_at,
        notes=first.notes,
        tags=first.tags,
        source_url=predictionbook.page_url(linked) if linked else "",
        source_title=predictionbook.source_title(linked) if linked else "",
    )


def question_id(title: str, created_at: datetime) -> str:
    """Fatebook names no id, so a question's is its title and creation time
    (in UTC, ISO 8601), hashed: the same in every export and header version."""
    key = f"{title}\n{created_at.astimezone(UTC).isoformat()}"
    return f"{FORMAT}:{hashlib.sha256(key.encode()).hexdigest()}"


# --- the spreadsheet import ---------------------------------------------------


FATEBOOK_SPREADSHEET_COLUMNS: tuple[str, ...] = (
    "Question title",
    "Forecast",
    "Question created date",
    "Resolution",
    "Resolved at date",
    "Resolve by date",
    "Forecast created date",
    "Tags",
    "Notes",
    "Predicted by",
)
SPREADSHEET_RESOLUTIONS: dict[Outcome, str] = {
    "right": "YES",
    "wrong": "NO",
    "partly_right": "AMBIGUOUS",  # a yes-or-no question has no "partly"
    "unresolvable": "AMBIGUOUS",
}


def fatebook_spreadsheet_row(
    *,
    claim: str,
    created_at: datetime,
    deadline: date,
    confidence: Decimal | None,
    outcome: Outcome | None,
    notes: str,
    tags: Sequence[str],
    person_name: str,
    resolved_at: datetime | None = None,
) -> dict[str, str]:
    """One prediction as a row for Fatebook's "Import from spreadsheet" page,
    keyed by ``FATEBOOK_SPREADSHEET_COLUMNS``.

    That page (pages/import-from-spreadsheet.tsx, sent to ``importFromCsv`` in
    lib/web/import_router.ts) asks the person to match their columns to its
    fields: question title; forecast, a percentage ("%" stripped, then divided
    by 100); question created date; resolution, YES, NO, AMBIGUOUS or blank
    (anything else non-blank it takes as AMBIGUOUS); and, optional, resolved
    at date, resolve by date, forecast created date, comma-separated tags and
    notes. Blank dates become the creation date plus a day there, so every
    date we have is written. The column names here are those fields' names;
    "Predicted by" isn't one (an import belongs to whoever uploads it) and is
    there for the person reading the sheet. Dates are ISO 8601, which
    JavaScript's Date reads alike in every browser.

    Text that a spreadsheet app would run as a formula gets a leading
    apostrophe (OWASP's advice for CSV files): safer to open, at the cost of
    the apostrophe reaching Fatebook if such a cell is imported unedited.
    """
    return dict(
        zip(
            FATEBOOK_SPREADSHEET_COLUMNS,
            (
                escape_cell(claim),
                _percent(confidence),
                _iso(created_at),
                SPREADSHEET_RESOLUTIONS[outcome] if outcome else "",
                _iso(resolved_at) if outcome and resolved_at else "",
                deadline.isoformat(),
                _iso(created_at),
                escape_cell(", ".join(_tag(name) for name in tags if _tag(name))),
                escape_cell(notes),
                escape_cell(person_name),
            ),
            strict=True,
        )
    )


def _percent(confidence: Decimal | None) -> str:
    """0.7 as "70%", 0.125 as "12.5%"; no figure as blank."""
    if confidence is None:
        return ""
    digits = format(confidence * 100, "f")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return f"{digits}%"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _tag(name: str) -> str:
    # Fatebook splits the tags cell on commas, so a comma inside a name
    # would make two tags of it.
    return " ".join(name.replace(",", " ").split())
