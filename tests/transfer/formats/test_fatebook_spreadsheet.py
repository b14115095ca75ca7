"""The row written for Fatebook's spreadsheet import (the export's Fatebook
profile): its columns, the forecast as a percentage, YES/NO/AMBIGUOUS, cells
a spreadsheet would run neutralised, and a row that reads back alike."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from transfer.formats.fatebook import (
    FATEBOOK_SPREADSHEET_COLUMNS,
    fatebook_spreadsheet_row,
)


def spreadsheet_row(**changes: object) -> dict[str, str]:
    arguments: dict[str, object] = {
        "claim": "The harbour reopens by May",
        "created_at": datetime(2024, 2, 10, 9, 30, tzinfo=UTC),
        "deadline": date(2024, 5, 31),
        "confidence": Decimal("0.7"),
        "outcome": None,
        "notes": "From the council minutes.",
        "tags": ["harbour", "council"],
        "person_name": "Ada Quill",
    }
    arguments.update(changes)
    return fatebook_spreadsheet_row(**arguments)  # type: ignore[arg-type]


def test_the_row_has_every_column_in_order() -> None:
    row = spreadsheet_row()
    assert tuple(row) == FATEBOOK_SPREADSHEET_COLUMNS
    assert row["Question title"] == "The harbour reopens by May"
    assert row["Question created date"] == "2024-02-10T09:30:00Z"
    assert row["Forecast created date"] == "2024-02-10T09:30:00Z"
    assert row["Resolve by date"] == "2024-05-31"
    assert row["Tags"] == "harbour, council"
    assert row["Notes"] == "From the council minutes."
    assert row["Predicted by"] == "Ada Quill"


@pytest.mark.parametrize(
    ("confidence", "written"),
    [
        (Decimal("0.7"), "70%"),
        (Decimal("0.70"), "70%"),
        (Decimal("0.125"), "12.5%"),
        (Decimal("1"), "100%"),
        (Decimal("0"), "0%"),
        (None, ""),
    ],
)
def test_the_forecast_is_a_percentage(confidence: Decimal | None, written: str) -> None:
    assert spreadsheet_row(confidence=confidence)["Forecast"] == written


@pytest.mark.parametrize(
    ("outcome", "written"),
    [("right", "YES"), ("wrong", "NO"), ("unresolvable", "AMBIGUOUS"), (None, "")],
)
def test_the_outcome_is_fatebooks_resolution(outcome: str | None, written: str) -> None:
    resolved_at = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    row = spreadsheet_row(outcome=outcome, resolved_at=resolved_at)
    assert row["Resolution"] == written
    assert row["Resolved at date"] == ("2024-06-01T12:00:00Z" if outcome else "")


def test_a_comma_inside_a_tag_does_not_split_it() -> None:
    assert spreadsheet_row(tags=["rail, buses", "", "city"])["Tags"] == "rail buses, city"


@pytest.mark.parametrize("claim", ["=HYPERLINK(1)", "+1 rise", "-2 degrees", "@home"])
def test_text_a_spreadsheet_would_run_is_neutralised(claim: str) -> None:
    assert spreadsheet_row(claim=claim)["Question title"] == "'" + claim


def test_the_written_row_reads_back_through_fatebooks_rules() -> None:
    # What Fatebook's importer does with the forecast: strip "%", divide by 100.
    written = spreadsheet_row(confidence=Decimal("0.7"))["Forecast"]
    assert Decimal(written.replace("%", "").strip()) / 100 == Decimal("0.7")
