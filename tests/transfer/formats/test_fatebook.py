"""Fatebook's CSV export, read in its three header versions. The fixtures are
made up for these tests. The row written for Fatebook's spreadsheet import:
test_fatebook_spreadsheet.py."""

import csv
import hashlib
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from transfer.formats.fatebook import (
    parse_fatebook_csv,
    question_id,
)
from transfer.formats.records import (
    SKIPPED_MULTIPLE_CHOICE,
    SKIPPED_OTHER_FORECASTER,
    IncomingPrediction,
    ParsedFile,
    UnreadableFile,
    parse_timestamp,
)

FIXTURES = Path(__file__).parent / "fixtures"
VERSIONS = ["fatebook_2023.csv", "fatebook_2024_09.csv", "fatebook_2025_01.csv"]
LIBRARY = "Will the village library reopen by June?"
HEADER_2025 = (
    "Question title,Multiple choice option,Forecast created by,Forecast (scale = 0-1),"
    "Forecast created at,Question created by,Question created at,Question resolve by,"
    "Resolution,Resolved at,Your Brier score for this question,"
    "Your relative Brier score for this question,Question notes,Question shared with,"
    "Question shared publicly,Question comments,Question tags"
)


def fixture(name: str) -> str:
    # Bytes decoded by hand: a BOM and CRLFs reach the parser as in the file.
    return (FIXTURES / name).read_bytes().decode("utf-8")


def parsed(name: str) -> ParsedFile:
    return parse_fatebook_csv(fixture(name))


def by_claim(result: ParsedFile) -> dict[str, IncomingPrediction]:
    return {prediction.claim: prediction for prediction in result.predictions}


def one_question(
    forecast: str = "0.7", resolution: str = "", resolved_at: str = "", tags: str = ""
) -> str:
    """A 2025-01 export of one question with one forecast."""
    row = [
        "Will it rain on the fete?",
        "",
        "Ada Quill",
        forecast,
        "2025-02-01 10:00:0",
        "Ada Quill",
        "2025-02-01 10:00:0",
        "2025-03-01 00:00:0",
        resolution,
        resolved_at,
        "",
        "",
        "",
        "",
        "true",
        "",
        tags,
    ]
    out = io.StringIO()
    csv.writer(out).writerow(row)
    return HEADER_2025 + "\n" + out.getvalue()


# --- every header version ------------------------------------------------------


@pytest.mark.parametrize("name", VERSIONS)
def test_every_version_reads_the_same_question_alike(name: str) -> None:
    library = by_claim(parsed(name))[LIBRARY]
    assert library.confidence == Decimal("0.7")
    assert library.outcome == "right"
    assert library.person_name == "Ada Quill"
    assert library.created_at == datetime(2023, 4, 2, 10, 15, 3, tzinfo=UTC)
    assert library.deadline == date(2023, 6, 30)
    assert library.resolved_at == datetime(2023, 6, 12, 8, 0, tzinfo=UTC)
    assert library.notes == "Council votes in May."
    assert library.source_url == ""


def test_the_external_id_is_stable_across_runs_and_versions() -> None:
    ids = {by_claim(parsed(name))[LIBRARY].external_id for name in VERSIONS + VERSIONS}
    expected = hashlib.sha256(f"{LIBRARY}\n2023-04-02T10:15:03+00:00".encode()).hexdigest()
    assert ids == {f"fatebook:{expected}"}
    assert question_id(LIBRARY, datetime(2023, 4, 2, 10, 15, 3, tzinfo=UTC)) == ids.pop()


# --- the 2023 file: histories, outcomes, skipped rows and bad rows -------------


def test_several_forecasts_make_the_history_the_first_being_stated() -> None:
    library = by_claim(parsed("fatebook_2023.csv"))[LIBRARY]
    assert [(point.at, point.confidence) for point in library.confidence_history] == [
        (datetime(2023, 4, 2, 10, 15, 3, tzinfo=UTC), Decimal("0.7")),
        (datetime(2023, 5, 20, 18, 40, 12, tzinfo=UTC), Decimal("0.85")),
    ]
    assert library.row == 2


def test_the_history_is_in_time_order_whatever_the_file_order() -> None:
    cafe = by_claim(parsed("fatebook_2025_01.csv"))["Will the cafe keep its old name?"]
    assert [point.confidence for point in cafe.confidence_history] == [
        Decimal("0.65"),
        Decimal("0.9"),
    ]
    assert cafe.confidence == Decimal("0.65")
    assert cafe.row == 5


@pytest.mark.parametrize(
    ("claim", "outcome"),
    [
        (LIBRARY, "right"),
        ("Will our team ship the beta in March?", "wrong"),
        ("Will the river flood the lower road?", "unresolvable"),
        ("Will the bakery add a vegan menu?", None),
    ],
)
def test_resolutions_become_outcomes(claim: str, outcome: str | None) -> None:
    prediction = by_claim(parsed("fatebook_2023.csv"))[claim]
    assert prediction.outcome == outcome
    assert (prediction.resolved_at is None) == (outcome is None)


def test_other_peoples_forecasts_are_skipped_and_counted() -> None:
    result = parsed("fatebook_2023.csv")
    # Ben's forecast on Ada's question, and Ada's on Ben's.
    assert result.skipped == {SKIPPED_OTHER_FORECASTER: 2}
    assert "Will Ben finish the marathon?" not in by_claim(result)


def test_each_bad_row_is_named_by_row_and_column() -> None:
    result = parsed("fatebook_2023.csv")
    assert [(problem.row, problem.column) for problem in result.problems] == [
        (5, "Forecast (scale = 0-1)"),
        (7, "Forecast (scale = 0-1)"),
        (8, "Question resolution"),
        (10, "Question title"),
        (11, "Question created at"),
    ]
    assert sorted(by_claim(result)) == [
        "Will our team ship the beta in March?",
        "Will the bakery add a vegan menu?",
        "Will the river flood the lower road?",
        LIBRARY,
    ]


def test_a_bad_later_forecast_leaves_the_question_without_it() -> None:
    result = parsed("fatebook_2023.csv")
    beta = by_claim(result)["Will our team ship the beta in March?"]
    assert [point.confidence for point in beta.confidence_history] == [Decimal("0.6")]
    message = next(problem.message for problem in result.problems if problem.row == 7)
    assert message.startswith("“Forecast (scale = 0-1)” is 1.7; a forecast is between 0 and 1.")
    assert "kept without this forecast" in message


def test_a_bad_first_forecast_leaves_the_question_out_and_says_so() -> None:
    result = parsed("fatebook_2023.csv")
    message = next(problem.message for problem in result.problems if problem.row == 5)
    assert "“seventy”" in message
    assert "The question is left out" in message
    assert "Will the ferry timetable change before winter?" not in by_claim(result)


def test_a_question_not_shared_publicly_is_warned_about() -> None:
    warnings = parsed("fatebook_2023.csv").warnings
    assert len(warnings) == 1
    assert "1 question" in warnings[0]


def test_a_predictionbook_link_in_the_notes_becomes_the_external_id() -> None:
    bakery = by_claim(parsed("fatebook_2023.csv"))["Will the bakery add a vegan menu?"]
    assert bakery.external_id == "predictionbook:4321"
    assert bakery.source_url == "https://predictionbook.com/predictions/4321"
    assert bakery.source_title == "PredictionBook prediction 4321"
    cafe = by_claim(parsed("fatebook_2025_01.csv"))["Will the cafe keep its old name?"]
    assert cafe.external_id == "predictionbook:987"


# --- the 2024-09 file: BOM, CRLF, multiple choice, bad dates -------------------


def test_a_bom_and_crlf_are_read_through() -> None:
    raw = (FIXTURES / "fatebook_2024_09.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    result = parsed("fatebook_2024_09.csv")
    bridge = by_claim(result)["Will the new bridge open to cyclists?"]
    assert bridge.notes == "Two lines of notes:\nthe second one."
    # A line break inside a quoted cell keeps it one spreadsheet row.
    assert bridge.row == 5


def test_bom_and_crlf_change_nothing() -> None:
    plain = fixture("fatebook_2025_01.csv")
    assert parse_fatebook_csv("\ufeff" + plain.replace("\n", "\r\n")) == parse_fatebook_csv(plain)


def test_multiple_choice_rows_are_skipped_and_counted() -> None:
    result = parsed("fatebook_2024_09.csv")
    assert result.skipped == {SKIPPED_MULTIPLE_CHOICE: 2}
    assert "Which city hosts the chess final?" not in by_claim(result)


def test_bad_and_blank_dates_are_named_by_column() -> None:
    result = parsed("fatebook_2024_09.csv")
    assert [(problem.row, problem.column) for problem in result.problems] == [
        (6, "Forecast created at"),
        (7, "Question resolve by"),
    ]


def test_unpadded_seconds_are_read() -> None:
    bridge = by_claim(parsed("fatebook_2024_09.csv"))["Will the new bridge open to cyclists?"]
    assert bridge.created_at == datetime(2024, 9, 14, 16, 2, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05 09:07:5", datetime(2024, 3, 5, 9, 7, 5, tzinfo=UTC)),
        ("2024-3-5 9:7:5", datetime(2024, 3, 5, 9, 7, 5, tzinfo=UTC)),
        ("2024-03-05 09:07:50", datetime(2024, 3, 5, 9, 7, 50, tzinfo=UTC)),
        ("2024-03-05 09:07", datetime(2024, 3, 5, 9, 7, tzinfo=UTC)),
        ("2024-03-05T09:07:05.250Z", datetime(2024, 3, 5, 9, 7, 5, 250000, tzinfo=UTC)),
        ("2024-03-05T09:07:05+02:00", datetime(2024, 3, 5, 7, 7, 5, tzinfo=UTC)),
        ("2024-03-05 09:07:05 UTC", datetime(2024, 3, 5, 9, 7, 5, tzinfo=UTC)),
        ("2024-03-05 09:07:05 -0500", datetime(2024, 3, 5, 14, 7, 5, tzinfo=UTC)),
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
    ],
)
def test_timestamps_are_read_as_utc(text: str, expected: datetime) -> None:
    parsed_at = parse_timestamp(text)
    assert parsed_at == expected
    assert parsed_at.utcoffset() is not None and not parsed_at.utcoffset()


@pytest.mark.parametrize("text", ["", "soon", "2024-13-45 99:99:99", "05/03/2024", "2024-02-30"])
def test_what_is_not_a_timestamp_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_timestamp(text)


# --- the 2025-01 file: tags, ISO times, columns by name ------------------------


@pytest.mark.parametrize(
    ("claim", "tags"),
    [
        (LIBRARY, ("local", "civic")),
        ("Will the garden give 10 kg of tomatoes?", ("garden", "food")),
        ("Will the cafe keep its old name?", ()),
    ],
)
def test_tags_are_split(claim: str, tags: tuple[str, ...]) -> None:
    assert by_claim(parsed("fatebook_2025_01.csv"))[claim].tags == tags


def test_iso_times_with_zones_are_read() -> None:
    garden = by_claim(parsed("fatebook_2025_01.csv"))["Will the garden give 10 kg of tomatoes?"]
    assert garden.created_at == datetime(2025, 1, 5, 8, 30, tzinfo=UTC)
    assert garden.resolved_at == datetime(2025, 9, 28, 15, 0, tzinfo=UTC)


def test_the_2025_file_counts_and_problems() -> None:
    result = parsed("fatebook_2025_01.csv")
    assert result.skipped == {SKIPPED_MULTIPLE_CHOICE: 1, SKIPPED_OTHER_FORECASTER: 1}
    assert [(problem.row, problem.column) for problem in result.problems] == [
        (7, "Forecast (scale = 0-1)")
    ]
    assert len(result.predictions) == 3


def test_columns_are_read_by_name_in_any_order() -> None:
    records = list(csv.reader(io.StringIO(fixture("fatebook_2025_01.csv"), newline="")))
    out = io.StringIO()
    csv.writer(out).writerows([list(reversed(record)) for record in records])
    assert parse_fatebook_csv(out.getvalue()) == parsed("fatebook_2025_01.csv")


# --- table tests on one question -------------------------------------------------


@pytest.mark.parametrize(
    ("forecast", "confidence"),
    [
        ("0.7", Decimal("0.7")),
        ("1", Decimal("1")),
        ("0", Decimal("0")),
        (" 0.05 ", Decimal("0.05")),
    ],
)
def test_the_forecast_is_already_0_to_1(forecast: str, confidence: Decimal) -> None:
    (prediction,) = parse_fatebook_csv(one_question(forecast=forecast)).predictions
    assert prediction.confidence == confidence


@pytest.mark.parametrize("forecast", ["1.7", "70", "-0.1", "70%", "seventy", "NaN", ""])
def test_a_forecast_outside_0_to_1_is_a_problem(forecast: str) -> None:
    result = parse_fatebook_csv(one_question(forecast=forecast))
    assert result.predictions == []
    ((row, column),) = [(problem.row, problem.column) for problem in result.problems]
    assert (row, column) == (2, "Forecast (scale = 0-1)")


@pytest.mark.parametrize(
    ("resolution", "outcome"),
    [("YES", "right"), ("NO", "wrong"), ("AMBIGUOUS", "unresolvable"), ("", None)],
)
def test_resolution_table(resolution: str, outcome: str | None) -> None:
    result = parse_fatebook_csv(one_question(resolution=resolution, resolved_at="2025-03-02"))
    assert result.predictions[0].outcome == outcome


@pytest.mark.parametrize("resolution", ["MAYBE", "N/A", "true"])
def test_an_unknown_resolution_is_a_problem_naming_the_column(resolution: str) -> None:
    result = parse_fatebook_csv(one_question(resolution=resolution))
    assert [(problem.row, problem.column) for problem in result.problems] == [(2, "Resolution")]
    assert f"“{resolution}”" in result.problems[0].message


@pytest.mark.parametrize(
    ("cell", "tags"),
    [("a, b", ("a", "b")), ("a;b; a", ("a", "b")), (" ", ()), ("one tag", ("one tag",))],
)
def test_tag_separators(cell: str, tags: tuple[str, ...]) -> None:
    assert parse_fatebook_csv(one_question(tags=cell)).predictions[0].tags == tags


def test_a_file_without_fatebooks_columns_is_unreadable() -> None:
    with pytest.raises(UnreadableFile, match="“Forecast \\(scale = 0-1\\)”"):
        parse_fatebook_csv("Question title,Forecast\nWill it rain?,0.5\n")


def test_a_header_alone_is_an_empty_file() -> None:
    result = parse_fatebook_csv(HEADER_2025 + "\r\n\r\n")
    assert (result.predictions, result.problems, result.skipped) == ([], [], {})
