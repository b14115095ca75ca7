"""predictions.records.scoring: counts, accuracy and its Wilson interval, Brier, calibration.

Plain functions; no database. Reference values are worked by hand in comments or computed
here with arithmetic written differently from the module's.
"""

import dataclasses
import itertools
import json
import math
from collections import Counter
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from predictions.records.scoring import (
    OUTCOMES,
    Z95,
    CalibrationBin,
    Record,
    accuracy,
    accuracy_in_words,
    bin_index,
    record_from_totals,
    score,
    wilson_interval,
)

EMPTY_BINS = [(0, 0)] * 10


def wilson_by_quadratic(successes: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson bounds as the roots in p of (p̂ − p)² = z²·p(1 − p)/n.

    Expanded: (1 + z²/n)·p² − (2p̂ + z²/n)·p + p̂² = 0, solved with the quadratic formula, not
    the centre ± margin form the module uses.
    """
    p_hat = successes / n
    a = 1 + z**2 / n
    b = -(2 * p_hat + z**2 / n)
    c = p_hat**2
    root = math.sqrt(max(b * b - 4 * a * c, 0.0))
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


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


# --- Wilson ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Checked to 40 significant digits with decimal.Decimal from the closed form:
        (1, 1, 0.2065, 1.0),  # 0.206549314…, 1
        (0, 1, 0.0, 0.7935),  # 0, 0.793450685…
        (8, 10, 0.4902, 0.9433),  # 0.490162471…, 0.943317848…
        # The high bound is 0.866633066…, which is 0.8666 to four places, not 0.8667.
        (80, 100, 0.7112, 0.8666),  # 0.711170834…
    ],
)
def test_wilson_pinned_values(successes, n, low, high):
    got_low, got_high = wilson_interval(successes, n)
    assert round(got_low, 4) == low
    assert round(got_high, 4) == high


@pytest.mark.parametrize(
    ("successes", "n"),
    [
        *[(0, 1), (1, 1), (0, 10), (3, 10), (8, 10), (10, 10), (0, 100), (80, 100), (100, 100)],
        *[(0.5, 1), (3.5, 5), (7.5, 10), (50.5, 100)],
    ],
)
def test_wilson_against_the_quadratic(successes, n):
    expected_low, expected_high = wilson_by_quadratic(successes, n)
    low, high = wilson_interval(successes, n)
    assert low == pytest.approx(max(expected_low, 0.0), abs=1e-12)
    assert high == pytest.approx(min(expected_high, 1.0), abs=1e-12)


def test_wilson_ends_are_exact():
    assert wilson_interval(0, 7)[0] == 0.0
    assert wilson_interval(7, 7)[1] == 1.0


def test_wilson_of_nothing():
    assert wilson_interval(0, 0) == (None, None)


@pytest.mark.parametrize(("successes", "n"), [(-1, 5), (6, 5), (0, -1), (5.5, 5)])
def test_wilson_rejects_impossible_counts(successes, n):
    with pytest.raises(ValueError):
        wilson_interval(successes, n)


def test_wilson_other_z():
    # z = 1 (about 68%): 1 of 2 -> centre 0.5, margin √(0.125 + 0.0625) / 1.5 = 0.288675.
    low, high = wilson_interval(1, 2, z=1.0)
    assert low == pytest.approx(0.5 - math.sqrt(0.1875) / 1.5)
    assert high == pytest.approx(0.5 + math.sqrt(0.1875) / 1.5)


def test_three_of_three_does_not_outrank_eighty_of_a_hundred():
    three = score([(None, "resolved", "right")] * 3)
    eighty = score([(None, "resolved", "right")] * 80 + [(None, "resolved", "wrong")] * 20)
    assert three.accuracy > eighty.accuracy  # 1.0 against 0.8 ...
    assert three.accuracy_low < eighty.accuracy_low  # ... but 0.4385 against 0.7112
    assert round(three.accuracy_low, 4) == 0.4385


@given(
    n=st.integers(min_value=1, max_value=10**6),
    share=st.floats(min_value=0, max_value=1),
)
def test_wilson_bounds_hold(n, share):
    successes = round(share * n * 2) / 2  # halves: a partly right counts half
    low, high = wilson_interval(successes, n)
    assert 0.0 <= low <= successes / n <= high <= 1.0


# --- Bins --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [
        (0.0, 0),
        (0.05, 0),
        (0.1, 1),
        (0.2, 2),
        (0.3, 3),
        (0.1 + 0.2, 3),  # 0.30000000000000004
        (0.7 - 0.4, 3),  # 0.29999999999999993: times 10 is 2.999999999999999, rounded 3
        (math.nextafter(0.3, 0), 3),
        (0.2999999, 2),  # a real 0.2999999 stays below 0.3
        (0.29999999999, 3),  # within 5e-11 of the edge: counts as on it
        (0.6, 6),
        (0.7, 7),
        (0.9, 9),
        (math.nextafter(0.9, 0), 9),
        (0.8999999, 8),
        (0.99, 9),
        (1.0, 9),
        (-0.5, 0),  # clamped
        (1.5, 9),  # clamped
    ],
)
def test_bin_index(confidence, expected):
    assert bin_index(confidence) == expected


def test_bin_index_every_tenth():
    assert [bin_index(k / 10) for k in range(11)] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9]
    literals = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    assert [bin_index(c) for c in literals] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9]


def test_bin_index_rejects_nan():
    with pytest.raises(ValueError):
        bin_index(math.nan)


def bin_by_decimal(confidence: float) -> int:
    """floor(round(confidence * 10, 9)) clamped to 9, by Decimal arithmetic on the float's value."""
    tenths = Decimal(confidence * 10).quantize(Decimal("1e-9"), rounding=ROUND_HALF_EVEN)
    return min(int(tenths), 9)


@given(st.floats(min_value=0, max_value=1))
def test_bin_index_matches_its_definition(confidence):
    k = bin_index(confidence)
    assert k == bin_by_decimal(confidence)
    # [k/10, (k+1)/10), give or take the 5e-11 sliver below each edge that rounds up onto it.
    assert confidence >= k / 10 - 6e-11
    assert confidence < (k + 1) / 10 - 4e-11 or k == 9


@given(st.integers(min_value=0, max_value=10**9))
def test_a_decimal_with_nine_places_lands_where_it_says(billionths):
    # confidence = billionths / 10⁹, e.g. 300000000 -> 0.3 -> bin 3, 299999999 -> bin 2.
    assert bin_index(billionths / 10**9) == min(billionths // 10**8, 9)


# --- Words -------------------------------------------------------------------------------------


def test_accuracy_in_words():
    eight = [(None, "resolved", "right")] * 5 + [(None, "resolved", "wrong")] * 3
    # 5 of 8: 0.625 -> "62%" (exactly half: rounds to even); Wilson 0.3057–0.8632.
    assert accuracy_in_words(score(eight)) == "right 5 of 8 scored, 62% (31%–86% at 95%)"


def test_accuracy_in_words_with_partly_right():
    rows = (
        [(None, "resolved", "right")] * 3
        + [(None, "resolved", "wrong"), (None, "resolved", "partly_right")]
        + [(None, "resolved", "unresolvable"), (None, "due", "")]
    )
    # 3.5 / 5 = 70%, Wilson 0.29879–0.92742 (worked above); unresolvable is not "scored".
    assert accuracy_in_words(score(rows)) == "right 3 of 5 scored, 1 partly, 70% (30%–93% at 95%)"


def test_accuracy_in_words_all_right_and_all_wrong():
    assert accuracy_in_words(score([(0.9, "resolved", "right")])) == (
        "right 1 of 1 scored, 100% (21%–100% at 95%)"
    )
    assert accuracy_in_words(score([(0.9, "resolved", "wrong")])) == (
        "right 0 of 1 scored, 0% (0%–79% at 95%)"
    )


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

GOOD_TOTALS = {
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
        **{**GOOD_TOTALS, "brier_sum": None, "brier_count": 0, "bins": EMPTY_BINS}
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


# --- Properties --------------------------------------------------------------------------------

EDGY = [
    0.0,
    1.0,
    *(k / 10 for k in range(1, 10)),
    *(math.nextafter(k / 10, 0) for k in range(1, 11)),
]
confidences = st.none() | st.floats(min_value=0, max_value=1) | st.sampled_from(EDGY)
resolved_rows = st.tuples(confidences, st.just("resolved"), st.sampled_from(OUTCOMES))
other_rows = st.tuples(confidences, st.sampled_from(["open", "due", "withdrawn"]), st.just(""))
ledgers = st.lists(resolved_rows | other_rows, max_size=60)


def scored_by_brier(rows):
    """The (confidence, o) pairs Brier and calibration are over."""
    return [
        (confidence, 1 if outcome == "right" else 0)
        for confidence, status, outcome in rows
        if status == "resolved" and outcome in ("right", "wrong") and confidence is not None
    ]


@given(ledgers)
def test_brier_is_the_mean_squared_error(rows):
    pairs = scored_by_brier(rows)
    record = score(rows)
    assert record.brier_count == len(pairs)
    if not pairs:
        assert record.brier is None
    else:
        mse = sum((c - o) * (c - o) for c, o in pairs) / len(pairs)
        assert abs(record.brier - mse) <= 1e-9
        assert 0.0 <= record.brier <= 1.0


@given(ledgers)
def test_bins_partition_the_scored_predictions(rows):
    record = score(rows)
    bins = record.calibration
    assert len(bins) == 10
    assert sum(b.count for b in bins) == record.brier_count
    assert sum(b.right for b in bins) == sum(o for _, o in scored_by_brier(rows))
    for confidence, _ in scored_by_brier(rows):
        tenths = round(confidence * 10, 9)  # the binned value (see the module docstring)
        homes = [k for k in range(10) if k <= tenths < k + 1 or (k == 9 and tenths == 10)]
        assert len(homes) == 1
        assert homes == [bin_index(confidence)]
    for confidence, k in [(0.0, 0), (0.1, 1), (0.3, 3), (1.0, 9)]:
        assert score([(confidence, "resolved", "right")]).calibration[k].count == 1
    for b in bins:
        assert b.observed == (b.right / b.count if b.count else None)
    # The bins tile [0, 1] without gaps or overlaps.
    assert bins[0].low == 0.0 and bins[-1].high == 1.0
    assert all(a.high == b.low for a, b in itertools.pairwise(bins))


@given(ledgers)
def test_accuracy_lies_within_its_interval(rows):
    record = score(rows)
    if record.accuracy is None:
        assert record.accuracy_low is None and record.accuracy_high is None
    else:
        assert 0.0 <= record.accuracy_low <= record.accuracy <= record.accuracy_high <= 1.0


@given(ledgers)
def test_score_equals_record_from_independent_totals(rows):
    kept = [(c, s, o) for c, s, o in rows if s != "withdrawn"]
    statuses = Counter(s for _, s, _ in kept)
    outcomes = Counter(o for _, s, o in kept if s == "resolved")
    pairs = scored_by_brier(rows)
    bins = [[0, 0] for _ in range(10)]
    for confidence, o in pairs:
        k = bin_by_decimal(confidence)
        bins[k][0] += 1
        bins[k][1] += o
    # The exact sum of the (float) squared errors, rounded once: what any correct sum gives.
    exact = sum((Fraction((c - o) ** 2) for c, o in pairs), Fraction(0))
    expected = record_from_totals(
        predictions=len(kept),
        resolved=statuses["resolved"],
        right=outcomes["right"],
        wrong=outcomes["wrong"],
        partly_right=outcomes["partly_right"],
        unresolvable=outcomes["unresolvable"],
        overdue=statuses["due"],
        brier_sum=float(exact) if pairs else None,
        brier_count=len(pairs),
        bins=[tuple(b) for b in bins],
    )
    assert score(rows) == expected
    assert score(rows).as_dict() == expected.as_dict()


@given(ledgers)
def test_order_does_not_matter(rows):
    record = score(rows)
    other = score(list(reversed(rows)))
    assert dataclasses.replace(other, brier=record.brier) == record
    if record.brier is not None:
        assert other.brier == pytest.approx(record.brier, abs=1e-15)
