"""predictions.records.scoring.wilson_interval: the 95% Wilson score interval of an accuracy,
against pinned values and the interval solved another way. No database."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from predictions.records.scoring import score, wilson_interval
from tests.records.reference import wilson_by_quadratic


def bounds(successes: float, n: int) -> tuple[float, float]:
    """The 95% interval of a count with something in it, which has both ends."""
    low, high = wilson_interval(successes, n)
    assert low is not None and high is not None
    return low, high


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
    got_low, got_high = bounds(successes, n)
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
    assert three.accuracy is not None and three.accuracy_low is not None
    assert eighty.accuracy is not None and eighty.accuracy_low is not None
    assert three.accuracy > eighty.accuracy  # 1.0 against 0.8 ...
    assert three.accuracy_low < eighty.accuracy_low  # ... but 0.4385 against 0.7112
    assert round(three.accuracy_low, 4) == 0.4385


@given(
    n=st.integers(min_value=1, max_value=10**6),
    share=st.floats(min_value=0, max_value=1),
)
def test_wilson_bounds_hold(n, share):
    successes = round(share * n * 2) / 2  # halves: a partly right counts half
    low, high = bounds(successes, n)
    assert 0.0 <= low <= successes / n <= high <= 1.0
