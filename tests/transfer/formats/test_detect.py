"""Telling a file's format from its contents, and handing it to its reader."""

import json
from pathlib import Path

import pytest

from transfer.formats.detect import detect_format, parse
from transfer.formats.records import UnreadableFile

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("fatebook_2023.csv", "fatebook"),
        ("fatebook_2024_09.csv", "fatebook"),
        ("fatebook_2025_01.csv", "fatebook"),
        ("predictionbook_my_predictions.json", "predictionbook"),
        ("predictionbook_array.json", "predictionbook"),
        ("predictionbook_single.json", "predictionbook"),
        ("predictionbook.csv", "predictionbook"),
    ],
)
def test_each_fixture_is_told_and_parsed(name: str, expected: str) -> None:
    text = fixture(name)
    assert detect_format(text, name) == expected
    # The file name is only a hint: the contents decide.
    assert detect_format(text) == expected
    result = parse(text, expected)
    assert result.format == expected
    assert result.predictions


def test_a_hindsight_file_is_told_but_not_parsed_here() -> None:
    text = json.dumps({"format": "hindsight", "version": 1, "predictions": []})
    assert detect_format(text, "ledger.json") == "hindsight"
    with pytest.raises(ValueError, match="Hindsight"):
        parse(text, "hindsight")


def test_predictionbook_json_and_csv_go_to_their_readers() -> None:
    assert parse(fixture("predictionbook.csv"), "predictionbook").warnings
    assert not parse(fixture("predictionbook_single.json"), "predictionbook").warnings


def test_an_unknown_format_name_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown format"):
        parse("", "metaculus")


@pytest.mark.parametrize(
    ("text", "filename", "said"),
    [
        ("", "", "empty"),
        ("\ufeff  \r\n", "", "empty"),
        ("{not json", "x.json", "looks like JSON"),
        ("[]", "", "isn't one that can be imported"),
        ('{"format": "other"}', "", "isn't one that can be imported"),
        ("name,when\nx,y\n", "notes.csv", "header"),
        ("just some words", "words.json", "isn't JSON"),
        ("x" * 200_000, "", "isn't a CSV file"),
        ("PK\x03\x04", "forecasts.xlsx", "save it as CSV"),
    ],
)
def test_what_cant_be_read_says_why(text: str, filename: str, said: str) -> None:
    with pytest.raises(UnreadableFile, match=said):
        detect_format(text, filename)


def test_json_after_a_bom_and_whitespace_is_still_json() -> None:
    assert detect_format("\ufeff\n  " + fixture("predictionbook_single.json")) == "predictionbook"
