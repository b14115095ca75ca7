"""predictions.records.scoring over random ledgers (hypothesis): what holds for every ledger,
edge confidences included. No database."""

import dataclasses
import itertools
import math
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from predictions.records.scoring import OUTCOMES, bin_index, record_from_totals, score
from tests.records.reference import bin_by_decimal

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
        assert record.brier is not None
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
        assert record.accuracy_low is not None and record.accuracy_high is not None
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
    # The exact sum of the squared errors of the confidences as written, to 15
    # digits (0.7, not the float nearest it): the same in whatever order.
    exact = sum(((Decimal(format(c, ".15g")) - o) ** 2 for c, o in pairs), Decimal(0))
    expected = record_from_totals(
        predictions=len(kept),
        resolved=statuses["resolved"],
        right=outcomes["right"],
        wrong=outcomes["wrong"],
        partly_right=outcomes["partly_right"],
        unresolvable=outcomes["unresolvable"],
        overdue=statuses["due"],
        brier_sum=exact if pairs else None,
        brier_count=len(pairs),
        bins=[(count, right) for count, right in bins],
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
