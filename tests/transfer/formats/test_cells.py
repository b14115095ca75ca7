"""Formula cells: escaped on the way out, restored on the way in, whatever
apostrophes a person typed; and files too deep or too odd to read are
refused whole with a message, never a crash."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transfer.formats.cells import FORMULA_STARTS, escape_cell, unescape_cell
from transfer.formats.detect import detect_format
from transfer.formats.predictionbook import parse_predictionbook_json
from transfer.formats.records import UnreadableFile

cells = st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", " ", "1"]))


@given(cells)
def test_every_cell_comes_back_as_it_was(text):
    assert unescape_cell(escape_cell(text)) == text


@given(cells)
def test_no_escaped_cell_starts_a_formula(text):
    assert not escape_cell(text).startswith(FORMULA_STARTS)


@pytest.mark.parametrize(
    ("typed", "written"),
    [("=1+1", "'=1+1"), ("'=1+1", "''=1+1"), ("'quoted", "'quoted"), ("plain", "plain")],
)
def test_what_is_written(typed, written):
    assert escape_cell(typed) == written


def test_json_nested_too_deep_is_refused_with_a_message():
    deep = "[" * 100_000 + "]" * 100_000

    with pytest.raises(UnreadableFile, match="can't be read"):
        detect_format(deep)
    with pytest.raises(UnreadableFile, match="JSON that can be read"):
        parse_predictionbook_json(deep)


@pytest.mark.parametrize("odd_id", ["²", "1" * 5000, "-3"])
def test_an_id_that_is_no_whole_number_is_that_rows_problem(odd_id):
    document = [
        {"id": odd_id, "description": "Odd", "deadline": "2026-01-01", "creator_id": 1,
         "created_at": "2025-01-01T00:00:00Z", "responses": []},
        {"id": 7, "description": "Fine", "deadline": "2026-01-01", "creator_id": 1,
         "created_at": "2025-01-01T00:00:00Z", "responses": []},
    ]  # fmt: skip

    parsed = parse_predictionbook_json(json.dumps(document))

    assert [p.claim for p in parsed.predictions] == ["Fine"]
    assert [(p.row, p.column) for p in parsed.problems] == [(1, "id")]
