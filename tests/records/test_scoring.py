"""predictions.records.scoring: counts, accuracy, Brier and calibration on hand-worked
ledgers, the record in words and as JSON, and records built from totals counted elsewhere.

Plain functions; no database. Reference values are worked by hand in comments or computed
here with arithmetic written differently from the module's. The Wilson interval, the bins and
the properties over random ledgers have files of their own.
"""

import json
import math
from typing import TypedDict

import pytest

from predictions.records.scoring import (
    CalibrationBin,
    Record,
    accuracy,
    accuracy_in_words,
    record_from_totals,
    score,
)
from tests.records.reference import wilson_by_quadratic

EMPTY_BINS = [(0, 0)] * 10


# --- Hand-worked examples ---------------------------------------------------------------------


def test_a_mixed_ledger_by_hand():
    rows = [
        (0.9, "resolved", "right"),
        (0.6, "resolved", "right"),
        (None, "resolved", "right"),  # right, but no confidence: no Brier, no bin
        (0.8, "resolved", "wrong"),
        (0.7, "resolved", "partly_right"),  # partly: half in accuracy, never in Brier
        (0.5, "resolved", "unresolvable"),  # out of accuracy and Brier
        (0.95, "withdrawn", ""),  # out of everything
        (0.4, "due", ""),
        (None, "due", ""),
        (0.2, "open", ""),
    ]
    record = score(rows)

    assert record.predictions == 9  # ten rows, less the withdrawn one
    assert record.resolved == 6
    assert (record.right, record.wrong, record.partly_right, record.unresolvable) == (3, 1, 1, 1)
    assert record.overdue == 2

    # accuracy = (3 + 0.5) / (3 + 1 + 1) = 3.5 / 5 = 0.7.
    # Wilson, z² = 3.841459, n = 5, p̂ = 0.7:
    #   denominator  1 + z²/n = 1.768292
    #   centre       p̂ + z²/2n = 0.7 + 0.384146 = 1.084146
    #   margin       z·√(p̂(1−p̂)/n + z²/4n²) = 1.959964·√(0.042 + 0.0384146)
    #                = 1.959964·0.283575 = 0.555797
    #   low  = (1.084146 − 0.555797) / 1.768292 = 0.29879
    #   high = (1.084146 + 0.555797) / 1.768292 = 0.92742
    assert record.accuracy == pytest.approx(0.7)
    assert record.accuracy_low == pytest.approx(0.29879, abs=1e-5)
    assert record.accuracy_high == pytest.approx(0.92742, abs=1e-5)

    # Brier over 0.9 right, 0.6 right, 0.8 wrong: (0.1² + 0.4² + 0.8²) / 3 = 0.81 / 3 = 0.27.
    assert record.brier == pytest.approx(0.27)
    assert record.brier_count == 3

    by_low = {round(b.low, 1): (b.count, b.right, b.observed) for b in record.calibration}
    assert by_low[0.6] == (1, 1, 1.0)
    assert by_low[0.8] == (1, 0, 0.0)
    assert by_low[0.9] == (1, 1, 1.0)
    assert sum(b.count for b in record.calibration) == 3
    assert all(b.observed is None for b in record.calibration if b.count == 0)


def test_brier_by_hand():
    rows = [(0.9, "resolved", "right"), (0.8, "resolved", "wrong"), (0.6, "resolved", "right")]
    record = score(rows)
    # ((1 − 0.9)² + (0.8 − 0)² + (1 − 0.6)²) / 3 = (0.01 + 0.64 + 0.16) / 3 = 0.27
    assert record.brier == pytest.approx(0.27, abs=1e-12)
    assert record.brier_count == 3
    # 2 right of 3: accuracy 2/3
    assert record.accuracy == pytest.approx(2 / 3)


def test_brier_at_the_extremes():
    assert score([(1.0, "resolved", "right"), (0.0, "resolved", "wrong")]).brier == 0.0
    assert score([(0.0, "resolved", "right"), (1.0, "resolved", "wrong")]).brier == 1.0
    assert score([(0.5, "resolved", "right")]).brier == 0.25


def test_empty_input():
    record = score([])
    assert record.predictions == record.resolved == record.overdue == 0
    assert record.right == record.wrong == record.partly_right == record.unresolvable == 0
    assert record.accuracy is record.accuracy_low is record.accuracy_high is None
    assert record.brier is None
    assert record.brier_count == 0
    assert len(record.calibration) == 10
    assert [(b.count, b.right, b.observed) for b in record.calibration] == [(0, 0, None)] * 10
    assert [b.low for b in record.calibration] == [k / 10 for k in range(10)]
    assert [b.high for b in record.calibration] == [k / 10 for k in range(1, 11)]
    assert accuracy_in_words(record) is None


def test_only_withdrawn_counts_nothing():
    record = score([(0.9, "withdrawn", ""), (None, "withdrawn", "")])
    assert record == score([])


def test_only_unresolvable_has_no_accuracy():
    record = score([(0.9, "resolved", "unresolvable")] * 3)
    assert (record.predictions, record.resolved, record.unresolvable) == (3, 3, 3)
    assert record.accuracy is record.accuracy_low is record.accuracy_high is None
    assert record.brier is None
    assert accuracy_in_words(record) is None


def test_no_confidence_no_brier():
    record = score([(None, "resolved", "right"), (None, "resolved", "wrong")])
    assert record.accuracy == 0.5
    assert record.brier is None
    assert record.brier_count == 0


@pytest.mark.parametrize(
    ("right", "wrong", "partly", "expected"),
    [(0, 0, 0, None), (1, 0, 0, 1.0), (0, 1, 0, 0.0), (0, 0, 1, 0.5), (3, 1, 1, 0.7)],
)
def test_accuracy(right, wrong, partly, expected):
    assert accuracy(right, wrong, partly) == expected


# --- Words -------------------------------------------------------------------------------------


def test_accuracy_in_words():
    eight = [(None, "resolved", "right")] * 5 + [(None, "resolved", "wrong")] * 3
    # 5 of 8: 0.625 -> "62%" (exactly half: rounds to even); Wilson 0.3057–0.8632.
    assert (
        accuracy_in_words(score(eight))
        == "right in 5 of 8 scored predictions: 62% (95% interval 31%–86%)"
    )


def test_accuracy_in_words_with_partly_right():
    rows = (
        [(None, "resolved", "right")] * 3
        + [(None, "resolved", "wrong"), (None, "resolved", "partly_right")]
        + [(None, "resolved", "unresolvable"), (None, "due", "")]
    )
    # 3.5 / 5 = 70%, Wilson 0.29879–0.92742 (worked above); unresolvable is not "scored".
    assert (
        accuracy_in_words(score(rows))
        == "right in 3 and partly right in 1 of 5 scored predictions: 70% (95% interval 30%–93%)"
    )


def test_accuracy_in_words_all_right_and_all_wrong():
    # Wilson at n = 5, z² = 3.8416: all right, low = 5 / 8.8416 = 0.566; all wrong, high = 0.434.
    assert accuracy_in_words(score([(0.9, "resolved", "right")] * 5)) == (
        "right in 5 of 5 scored predictions: 100% (95% interval 57%–100%)"
    )
    assert accuracy_in_words(score([(0.9, "resolved", "wrong")] * 5)) == (
        "right in 0 of 5 scored predictions: 0% (95% interval 0%–43%)"
    )


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([(0.9, "resolved", "right")], "right in 1 of 1 scored prediction"),
        (
            [(None, "resolved", "right")] * 3 + [(None, "resolved", "partly_right")],
            "right in 3 and partly right in 1 of 4 scored predictions",
        ),
        # Unresolvable outcomes are not scored, so five resolved can still be too few.
        (
            [(None, "resolved", "right")] * 4 + [(None, "resolved", "unresolvable")],
            "right in 4 of 4 scored predictions",
        ),
    ],
)
def test_accuracy_in_words_gives_no_percentage_below_the_minimum(rows, words):
    record = score(rows)
    assert record.accuracy is not None and not record.shows_accuracy
    assert accuracy_in_words(record) == words


# --- as_dict -----------------------------------------------------------------------------------


def test_as_dict():
    rows = [
        (0.9, "resolved", "right"),
        (0.8, "resolved", "wrong"),
        (0.6, "resolved", "right"),
        (None, "resolved", "partly_right"),
        (None, "due", ""),
    ]
    data = score(rows).as_dict()
    assert json.loads(json.dumps(data)) == data
    assert list(data) == [
        "predictions",
        "resolved",
        "right",
        "wrong",
        "partly_right",
        "unresolvable",
        "overdue",
        "accuracy",
        "accuracy_low",
        "accuracy_high",
        "brier",
        "brier_count",
        "calibration",
    ]
    # 2.5 / 4 = 0.625; Wilson by the quadratic, rounded.
    low, high = wilson_by_quadratic(2.5, 4)
    assert data["predictions"] == 5
    assert data["overdue"] == 1
    assert data["accuracy"] == 0.625
    assert data["accuracy_low"] == round(low, 3)
    assert data["accuracy_high"] == round(high, 3)
    assert data["brier"] == 0.27
    assert data["brier_count"] == 3
    assert len(data["calibration"]) == 10
    assert data["calibration"][0] == {"low": 0.0, "high": 0.1, "count": 0, "observed": None}
    assert data["calibration"][6] == {"low": 0.6, "high": 0.7, "count": 1, "observed": 1.0}
    assert data["calibration"][9] == {"low": 0.9, "high": 1.0, "count": 1, "observed": 1.0}
    assert [b["low"] for b in data["calibration"]] == [
        0.0,
        0.1,
        0.2,
        0.3,
        0.4,
        0.5,
        0.6,
        0.7,
        0.8,
        0.9,
    ]


def test_as_dict_rounds_observed_and_empty_is_null():
    rows = [(0.35, "resolved", "right")] + [(0.31, "resolved", "wrong")] * 2
    data = score(rows).as_dict()
    assert data["calibration"][3]["observed"] == 0.333
    assert score([]).as_dict()["accuracy"] is None
    assert score([]).as_dict()["brier"] is None


# --- record_from_totals ------------------------------------------------------------------------


class Totals(TypedDict):
    """The arguments of record_from_totals."""

    predictions: int
    resolved: int
    right: int
    wrong: int
    partly_right: int
    unresolvable: int
    overdue: int
    brier_sum: float | None
    brier_count: int
    bins: list[tuple[int, int]]


GOOD_TOTALS: Totals = {
    "predictions": 9,
    "resolved": 6,
    "right": 3,
    "wrong": 1,
    "partly_right": 1,
    "unresolvable": 1,
    "overdue": 2,
    "brier_sum": 0.81,
    "brier_count": 3,
    "bins": [(0, 0)] * 6 + [(1, 1), (0, 0), (1, 0), (1, 1)],
}


def test_record_from_totals_matches_score():
    record = record_from_totals(**GOOD_TOTALS)
    assert record.brier == pytest.approx(0.27)
    assert record.accuracy == pytest.approx(0.7)
    assert isinstance(record, Record)
    assert all(isinstance(b, CalibrationBin) for b in record.calibration)


def test_record_from_totals_accepts_null_sum_over_nothing():
    record = record_from_totals(
        **(GOOD_TOTALS | {"brier_sum": None, "brier_count": 0, "bins": EMPTY_BINS})
    )
    assert record.brier is None


@pytest.mark.parametrize(
    "change",
    [
        {"unresolvable": -1, "resolved": 4},  # negative
        {"resolved": 7},  # not the sum of the outcomes
        {"predictions": 7},  # fewer than resolved + overdue
        {"bins": EMPTY_BINS[:9]},  # nine bins
        {"bins": [(1, 2)] + [(0, 0)] * 6 + [(1, 1), (0, 0), (1, 0)]},  # right > count
        {"bins": EMPTY_BINS},  # counts do not sum to brier_count
        {"brier_sum": None},  # no sum for three predictions
        {"brier_count": 5, "bins": [(5, 3)] + [(0, 0)] * 9},  # more than right + wrong
    ],
)
def test_record_from_totals_rejects_inconsistent_totals(change):
    with pytest.raises(ValueError):
        record_from_totals(**{**GOOD_TOTALS, **change})


@pytest.mark.parametrize(
    "row",
    [
        (0.5, "closed", ""),  # no such status
        (0.5, "resolved", ""),  # resolved without an outcome
        (0.5, "resolved", "maybe"),  # no such outcome
        (0.5, "open", "right"),  # an outcome before resolution
        (0.5, "withdrawn", "wrong"),
        (1.5, "resolved", "right"),  # confidence out of range
        (math.nan, "resolved", "right"),
    ],
)
def test_score_rejects_impossible_rows(row):
    with pytest.raises(ValueError):
        score([row])
