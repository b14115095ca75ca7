"""What a reader of another tracker's file hands the importer.

Each reader (``fatebook``, ``predictionbook``) turns a whole file into one
``ParsedFile``: the predictions it could read, a ``RowProblem`` for each row it
could not (named by the row and the file's own column, so the person can find
it), a count of rows left out on purpose, and notes about the file as a whole.
A file that cannot be read at all raises ``UnreadableFile``.

The few helpers at the end are shared by the readers, so that a timestamp or a
number means the same in every format.
"""

import collections
import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal

# Partly right comes only from Hindsight's own files: the other trackers'
# questions are yes or no.
Outcome = Literal["right", "wrong", "partly_right", "unresolvable"]

# Reasons for rows left out on purpose, the keys of ``ParsedFile.skipped``.
SKIPPED_OTHER_FORECASTER = "forecast by someone else"
SKIPPED_MULTIPLE_CHOICE = "multiple-choice option"
SKIPPED_WITHDRAWN = "withdrawn"
SKIPPED_NOT_PUBLIC = "not public"


@dataclass(frozen=True)
class ForecastPoint:
    at: datetime  # aware, UTC
    confidence: Decimal  # 0..1


@dataclass(frozen=True)
class IncomingPrediction:
    # CSV: the spreadsheet line number (the header is line 1); JSON: the
    # 1-based index in the predictions array.
    row: int
    external_id: str  # namespaced dedupe key, e.g. "predictionbook:123"
    claim: str
    person_name: str  # "" when the file doesn't say
    created_at: datetime  # aware, UTC
    deadline: date
    confidence: Decimal | None  # the stated one: the first forecast, 0..1
    confidence_history: tuple[ForecastPoint, ...]  # the creator's, in time order
    outcome: Outcome | None  # None: still open
    resolved_at: datetime | None
    notes: str
    tags: tuple[str, ...]
    source_url: str  # "" when there is none
    source_title: str
    # What only a Hindsight CSV carries; the other readers leave the defaults.
    quote: str = ""
    quote_is_paraphrase: bool = False
    deadline_text: str = ""
    confidence_basis: str = ""
    resolution_note: str = ""
    evidence_url: str = ""
    made_on: date | None = None  # when it was said; else the day it was created


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str  # the file's own column or field name
    message: str  # plain English


@dataclass
class ParsedFile:
    format: str  # "fatebook" | "predictionbook"
    predictions: list[IncomingPrediction] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    skipped: collections.Counter[str] = field(default_factory=collections.Counter)
    warnings: list[str] = field(default_factory=list)


class RowError(Exception):
    """One row can't be read: the file's column it is about, and why. A
    reader turns it into the row's RowProblem and goes on with the next row."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


class UnreadableFile(ValueError):
    """The file as a whole can't be read; the message says why."""


# Fatebook writes "2024-03-05 09:07:5": no zone, and its seconds (sometimes
# other fields too) unpadded, so ISO parsing alone refuses it. Optional
# fraction and zone let the same pattern take ISO-like forms as well, and
# Ruby's "2024-03-05 09:07:05 UTC" or "… +0000", as a Rails app writes a time.
_LOOSE_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6})\d*)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)


def parse_timestamp(text: str) -> datetime:
    """``text`` as an aware UTC datetime; a time without a zone is taken as UTC.

    Raises ValueError for anything that is not a date or a date and time.
    """
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("blank")
    match = _LOOSE_TIMESTAMP.fullmatch(cleaned)
    parsed = _from_match(match) if match else datetime.fromisoformat(cleaned)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _from_match(match: re.Match[str]) -> datetime:
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int(fraction.ljust(6, "0")) if fraction else 0
    naive = datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro
    )
    if zone is None:
        return naive
    # fromisoformat knows every offset spelling; only the zone is left to it.
    offset = "+00:00" if zone.upper() in ("Z", "UTC", "GMT") else zone
    return datetime.fromisoformat(naive.isoformat() + offset)


def parse_number(text: str) -> Decimal | None:
    """``text`` as a finite Decimal, or None if it isn't a number.

    Decimal keeps "0.7" exactly 0.7 where a float would not, and Decimal
    accepts "NaN" and "Infinity", which are no confidence.
    """
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def split_tags(text: str) -> tuple[str, ...]:
    """Tags written in one cell, separated by commas or semicolons; blanks and
    repeats dropped, the order kept."""
    names = (part.strip() for part in re.split(r"[;,]", text))
    return tuple(dict.fromkeys(name for name in names if name))


def csv_records(text: str) -> list[list[str]]:
    """Every record of a CSV file, a UTF-8 BOM dropped.

    newline="" lets the csv module see CRLF, and line breaks inside quoted
    cells, as they are; a record with one stays one spreadsheet row.
    """
    try:
        return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    except csv.Error as error:
        raise UnreadableFile(f"This isn't a CSV file that can be read ({error}).") from error


def csv_header(text: str) -> list[str]:
    """A CSV file's first record, read without reading the rest."""
    try:
        return next(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")), [])
    except csv.Error as error:
        raise UnreadableFile(f"This isn't a CSV file that can be read ({error}).") from error


def cells_by_name(columns: Mapping[str, int], record: list[str]) -> dict[str, str]:
    """A record's cells under their columns' names; a short row's missing
    cells are blank."""
    return {name: record[index] if index < len(record) else "" for name, index in columns.items()}
