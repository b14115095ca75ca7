"""predictions.records.scoring.bin_index: which calibration bin a confidence falls in,
float edges included. No database."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from predictions.records.scoring import bin_index
from tests.records.reference import bin_by_decimal


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
