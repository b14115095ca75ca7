"""PredictionBook's JSON (the three shapes its API has answered with) and its CSV
export. The fixtures are made up for these tests."""

import json
import socket
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from transfer.formats.fatebook import parse_fatebook_csv
from transfer.formats.predictionbook import parse_predictionbook_json
from transfer.formats.predictionbook_csv import CSV_WARNING, parse_predictionbook_csv
from transfer.formats.records import (
    SKIPPED_NOT_PUBLIC,
    SKIPPED_WITHDRAWN,
    IncomingPrediction,
    ParsedFile,
    UnreadableFile,
)

FIXTURES = Path(__file__).parent / "fixtures"
JSON_FIXTURES = [
    "predictionbook_my_predictions.json",
    "predictionbook_array.json",
    "predictionbook_single.json",
]
CSV_HEADER = (
    "id,description,deadline,created_at,updated_at,creator_id,uuid,withdrawn,version,"
    "visibility,group_id,prediction_group_id,outcome,mean_confidence"
)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def from_json(name: str) -> ParsedFile:
    return parse_predictionbook_json(fixture(name))


def by_id(result: ParsedFile) -> dict[str, IncomingPrediction]:
    return {prediction.external_id: prediction for prediction in result.predictions}


def one_prediction(**changes: object) -> str:
    """One prediction object, as the API serialises it, with ``changes``."""
    prediction: dict[str, object] = {
        "id": 501,
        "description": "The orchard gives a record harvest",
        "deadline": "2025-10-01T00:00:00.000Z",
        "created_at": "2025-03-01T09:00:00.000Z",
        "creator_id": 3,
        "withdrawn": False,
        "visibility": "visible_to_everyone",
        "outcome": None,
        "mean_confidence": 50,
        "responses": [
            {"confidence": 50, "created_at": "2025-03-01T09:00:00.000Z", "id": 1, "user_id": 3}
        ],
    }
    prediction.update(changes)
    return json.dumps(prediction)


# --- the three JSON shapes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        (
            "predictionbook_my_predictions.json",
            ["101", "102", "103", "4321"],
        ),
        ("predictionbook_array.json", ["201", "203"]),
        ("predictionbook_single.json", ["301"]),
    ],
)
def test_each_shape_is_read(name: str, ids: list[str]) -> None:
    result = from_json(name)
    assert result.format == "predictionbook"
    assert [p.external_id for p in result.predictions] == [f"predictionbook:{i}" for i in ids]


def test_the_stated_confidence_is_the_creators_first_response_over_100() -> None:
    harbour = by_id(from_json("predictionbook_my_predictions.json"))["predictionbook:101"]
    assert harbour.confidence == Decimal("0.6")
    # Ben's 10 and Ada's comment without a figure are not in the history.
    assert [(point.at, point.confidence) for point in harbour.confidence_history] == [
        (datetime(2024, 2, 10, 9, 30, tzinfo=UTC), Decimal("0.6")),
        (datetime(2024, 5, 3, 18, 0, tzinfo=UTC), Decimal("0.75")),
    ]


def test_an_earlier_response_by_someone_else_is_not_the_stated_one() -> None:
    station = by_id(from_json("predictionbook_array.json"))["predictionbook:201"]
    assert station.confidence == Decimal("0.55")
    assert [point.confidence for point in station.confidence_history] == [
        Decimal("0.55"),
        Decimal("0.4"),
    ]
    assert station.person_name == "Cleo Park"


def test_the_prediction_fields() -> None:
    harbour = by_id(from_json("predictionbook_my_predictions.json"))["predictionbook:101"]
    assert harbour.row == 1
    assert harbour.claim == "The harbour wall repairs finish before August"
    assert harbour.person_name == "Ada Quill"
    assert harbour.created_at == datetime(2024, 2, 10, 9, 30, tzinfo=UTC)
    assert harbour.deadline == date(2024, 8, 1)
    assert harbour.source_url == "https://predictionbook.com/predictions/101"
    assert harbour.source_title == "PredictionBook prediction 101"
    assert harbour.notes == ""


def test_the_accounts_email_is_never_taken() -> None:
    assert "ada@example.org" not in repr(from_json("predictionbook_my_predictions.json"))


@pytest.mark.parametrize(
    ("external_id", "outcome"),
    [
        ("predictionbook:101", "right"),
        ("predictionbook:102", "wrong"),
        ("predictionbook:103", None),
    ],
)
def test_judgements_become_outcomes(external_id: str, outcome: str | None) -> None:
    prediction = by_id(from_json("predictionbook_my_predictions.json"))[external_id]
    assert prediction.outcome == outcome


def test_withdrawn_and_private_predictions_are_skipped_and_counted() -> None:
    result = from_json("predictionbook_my_predictions.json")
    assert result.skipped == {SKIPPED_WITHDRAWN: 1, SKIPPED_NOT_PUBLIC: 2}
    # The older files' "private" flag counts too.
    assert from_json("predictionbook_array.json").skipped == {SKIPPED_NOT_PUBLIC: 1}


def test_each_bad_prediction_is_named_by_index_and_field() -> None:
    result = from_json("predictionbook_my_predictions.json")
    assert [(problem.row, problem.column) for problem in result.problems] == [
        (7, "deadline"),
        (8, "responses[0].confidence"),
        (9, "outcome"),
        (11, "description"),
    ]
    assert "“next Tuesday”" in result.problems[0].message
    assert from_json("predictionbook_array.json").problems[0].row == 3


def test_a_zero_confidence_and_a_numbered_visibility_are_kept() -> None:
    choir = by_id(from_json("predictionbook_array.json"))["predictionbook:203"]
    assert choir.confidence == Decimal("0")
    assert len(choir.confidence_history) == 1


def test_times_with_offsets_become_utc() -> None:
    (lake,) = from_json("predictionbook_single.json").predictions
    assert lake.created_at == datetime(2023, 11, 20, 20, 5, tzinfo=UTC)
    assert lake.deadline == date(2024, 3, 1)
    assert lake.person_name == "Eli Stone"
    assert lake.confidence == Decimal("0.62")


# --- table tests on one prediction ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "outcome"),
    [(True, "right"), (False, "wrong"), (None, None), ("right", "right"), ("unknown", None)],
)
def test_outcome_table(value: object, outcome: str | None) -> None:
    (prediction,) = parse_predictionbook_json(one_prediction(outcome=value)).predictions
    assert prediction.outcome == outcome


@pytest.mark.parametrize(
    ("visibility", "kept"),
    [
        ("visible_to_everyone", True),
        (0, True),
        ("visible_to_creator", False),
        ("visible_to_group", False),
        (2, False),
    ],
)
def test_visibility_table(visibility: object, kept: bool) -> None:
    result = parse_predictionbook_json(one_prediction(visibility=visibility))
    assert len(result.predictions) == int(kept)
    assert result.skipped == ({} if kept else {SKIPPED_NOT_PUBLIC: 1})


def test_an_unknown_visibility_is_a_problem() -> None:
    result = parse_predictionbook_json(one_prediction(visibility="friends"))
    assert [(problem.row, problem.column) for problem in result.problems] == [(1, "visibility")]


@pytest.mark.parametrize("confidence", [101, -1, "high", True])
def test_a_creator_confidence_outside_0_to_100_is_a_problem(confidence: object) -> None:
    responses = [{"confidence": confidence, "created_at": "2025-03-01T09:00:00Z", "user_id": 3}]
    result = parse_predictionbook_json(one_prediction(responses=responses))
    assert result.predictions == []
    assert [problem.column for problem in result.problems] == ["responses[0].confidence"]


def test_a_bad_response_by_someone_else_is_no_concern() -> None:
    responses = [
        {"confidence": 70, "created_at": "2025-03-01T09:00:00Z", "user_id": 3},
        {"confidence": "lots", "created_at": "yesterday", "user_id": 8},
    ]
    (prediction,) = parse_predictionbook_json(one_prediction(responses=responses)).predictions
    assert prediction.confidence == Decimal("0.7")


def test_no_responses_by_the_creator_means_no_stated_confidence() -> None:
    (prediction,) = parse_predictionbook_json(one_prediction(responses=[])).predictions
    assert (prediction.confidence, prediction.confidence_history) == (None, ())


def test_a_group_prediction_keeps_its_group_in_the_claim() -> None:
    text = one_prediction(description="Party A", description_with_group="[Election] Party A")
    assert parse_predictionbook_json(text).predictions[0].claim == "[Election] Party A"


def test_a_judgement_time_is_taken_where_the_file_has_one() -> None:
    text = one_prediction(outcome=True, judged_at="2025-10-02T08:00:00Z")
    (prediction,) = parse_predictionbook_json(text).predictions
    assert prediction.resolved_at == datetime(2025, 10, 2, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["{not json", "[]", '{"user": {}}', "42"])
def test_json_that_isnt_predictionbooks_is_unreadable(text: str) -> None:
    with pytest.raises(UnreadableFile):
        parse_predictionbook_json(text)


def test_a_non_object_entry_is_a_problem_for_that_entry_alone() -> None:
    text = "[" + one_prediction() + ', "oops"]'
    result = parse_predictionbook_json(text)
    assert len(result.predictions) == 1
    assert [(problem.row, problem.column) for problem in result.problems] == [(2, "prediction")]


# --- the CSV export ---------------------------------------------------------------


def test_the_csv_never_takes_the_mean_for_the_creators_confidence() -> None:
    result = parse_predictionbook_csv(fixture("predictionbook.csv"))
    assert [p.external_id for p in result.predictions] == [
        "predictionbook:101",
        "predictionbook:103",
        "predictionbook:102",
    ]
    assert {p.confidence for p in result.predictions} == {None}
    assert {p.confidence_history for p in result.predictions} == {()}


def test_the_csv_warns_of_its_100_row_limit() -> None:
    warnings = parse_predictionbook_csv(fixture("predictionbook.csv")).warnings
    assert warnings[0] == CSV_WARNING
    assert "100" in CSV_WARNING
    assert any("mean_confidence" in warning for warning in warnings)


def test_the_csv_rows_outcomes_and_counts() -> None:
    result = parse_predictionbook_csv(fixture("predictionbook.csv"))
    rows = {p.external_id: (p.row, p.outcome, p.deadline) for p in result.predictions}
    assert rows == {
        "predictionbook:101": (2, "right", date(2024, 8, 1)),
        "predictionbook:103": (3, None, date(2026, 12, 31)),
        "predictionbook:102": (10, "wrong", date(2024, 5, 20)),
    }
    assert result.skipped == {SKIPPED_WITHDRAWN: 1, SKIPPED_NOT_PUBLIC: 1}


def test_each_bad_csv_row_is_named_by_line_and_column() -> None:
    result = parse_predictionbook_csv(fixture("predictionbook.csv"))
    assert [(problem.row, problem.column) for problem in result.problems] == [
        (6, "deadline"),
        (7, "outcome"),
        (8, "description"),
        (9, "id"),
    ]


def test_a_csv_with_the_creators_own_figure_uses_it() -> None:
    text = (
        "ID,Description,Deadline,Created at,Initial confidence,Mean confidence\r\n"
        "77,The ferry runs all winter,2025-12-01,2025-01-10 08:00:00 UTC,65,30\r\n"
    )
    result = parse_predictionbook_csv(text)
    (prediction,) = result.predictions
    assert prediction.confidence == Decimal("0.65")
    assert [point.confidence for point in prediction.confidence_history] == [Decimal("0.65")]
    assert result.warnings == [CSV_WARNING]


def test_a_csv_problem_names_the_files_own_column() -> None:
    text = "ID,Description,Deadline,Created at\n77,The ferry runs,2025-12-01,whenever\n"
    (problem,) = parse_predictionbook_csv(text).problems
    assert (problem.row, problem.column) == (2, "Created at")


def test_a_csv_without_predictionbooks_columns_is_unreadable() -> None:
    with pytest.raises(UnreadableFile, match="id, description, deadline"):
        parse_predictionbook_csv("name,when\nx,y\n")


# --- across formats, and no network ---------------------------------------------------


def test_a_question_fatebook_imported_from_predictionbook_dedupes_against_it() -> None:
    fatebook = parse_fatebook_csv((FIXTURES / "fatebook_2023.csv").read_text(encoding="utf-8"))
    from_fatebook = {p.external_id for p in fatebook.predictions}
    direct = {p.external_id for p in from_json("predictionbook_my_predictions.json").predictions}
    assert from_fatebook & direct == {"predictionbook:4321"}


def test_reading_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a reader opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    for name in JSON_FIXTURES:
        from_json(name)
    parse_predictionbook_csv(fixture("predictionbook.csv"))
