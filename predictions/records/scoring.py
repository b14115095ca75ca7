"""Scoring a set of predictions: counts, accuracy with its Wilson interval, Brier, calibration.

Plain functions over ``(confidence, status, outcome)``; no database. The definitions (also in
docs/architecture.md, "Track records"):

- Withdrawn predictions are left out of every number, ``predictions`` included.
- ``resolved`` counts status "resolved" whatever the outcome; ``right``, ``wrong``,
  ``partly_right`` and ``unresolvable`` split it by outcome. ``overdue`` counts status "due"
  (deadline passed, still unresolved).
- ``accuracy`` = (right + ½·partly_right) / (right + wrong + partly_right): unresolvable is left
  out. None when that denominator is 0. ``accuracy_low``/``accuracy_high`` are its 95% Wilson
  score interval with n = right + wrong + partly_right (a partly right counts half a success).
- ``brier`` = mean of (confidence − o)², o = 1 for right and 0 for wrong, over the right/wrong
  predictions that have a confidence (``brier_count`` of them). None when there are none.
  Only the speaker's own confidences are scored (Prediction.scored_confidence_filter): callers
  pass None for a filer's estimate.
- ``calibration``: always ten bins, [0, 0.1), [0.1, 0.2) … [0.8, 0.9), [0.9, 1.0], over the same
  predictions as Brier; each has ``count``, ``right`` and ``observed`` = right / count (None
  when empty).

Two ways to a ``Record``: :func:`score` counts rows in Python (the reference implementation,
straight from the definitions); :func:`record_from_totals` takes totals counted elsewhere (by
the database). ``score`` is implemented by counting and calling ``record_from_totals``, so both
paths share the arithmetic.

Bins are over the confidence rounded to 9 decimal places: bin k holds the confidences with
``k <= round(confidence * 10, 9) < k + 1`` (``confidence == 1.0`` in bin 9). The rounding is
there for float edges: ``0.1 * 3 == 0.30000000000000004`` and ``0.7 - 0.4 ==
0.29999999999999993``, yet both are 0.3 to a person. So any confidence written with at most 9
decimal places lands in the bin its decimal says; the price is that a float within about 5e-11
below an edge counts as on it. The database side is meant to compute the same thing, as
``Least(Floor(Round(confidence * 10, 9)), 9)``.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

OUTCOMES = ("right", "wrong", "partly_right", "unresolvable")
STATUSES = ("open", "due", "resolved", "withdrawn")
Z95 = 1.959963984540054  # two-sided 95% normal quantile

BIN_COUNT = 10
BIN_DECIMALS = 9  # confidence * 10 is rounded to this many places before it is binned


@dataclass(frozen=True)
class CalibrationBin:
    low: float  # 0.0, 0.1, ... 0.9
    high: float  # 0.1, ... 1.0
    count: int  # right/wrong predictions with a confidence in [low, high); the last is [0.9, 1.0]
    right: int  # how many of those were right
    observed: float | None  # right / count, None when count == 0

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "low": round(self.low, 1),
            "high": round(self.high, 1),
            "count": self.count,
            "observed": _round3(self.observed),
        }


# Below this many outcomes a score says more about luck than about the person:
# the 95% interval around 3 of 4 runs from 30% to 95%. Pages give the counts
# and hold back the accuracy, the Brier score and the calibration chart until a
# record has this many; the leaderboard ranks from it too.
SCORE_MINIMUM = 5


@dataclass(frozen=True)
class Record:
    predictions: int  # all predictions in scope except withdrawn ones
    resolved: int  # status "resolved", any outcome
    right: int
    wrong: int
    partly_right: int
    unresolvable: int
    overdue: int  # status "due" (deadline passed, unresolved)
    accuracy: float | None
    accuracy_low: float | None
    accuracy_high: float | None
    brier: float | None
    brier_count: int
    calibration: tuple[CalibrationBin, ...]  # always 10 bins

    @property
    def scored(self) -> int:
        """The outcomes accuracy counts: unresolvable ones say nothing either way."""
        return self.right + self.wrong + self.partly_right

    @property
    def shows_accuracy(self) -> bool:
        return self.accuracy is not None and self.scored >= SCORE_MINIMUM

    @property
    def shows_brier(self) -> bool:
        return self.brier is not None and self.brier_count >= SCORE_MINIMUM

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; accuracy, its bounds, Brier and ``observed`` rounded to 3 decimals."""
        return {
            "predictions": self.predictions,
            "resolved": self.resolved,
            "right": self.right,
            "wrong": self.wrong,
            "partly_right": self.partly_right,
            "unresolvable": self.unresolvable,
            "overdue": self.overdue,
            "accuracy": _round3(self.accuracy),
            "accuracy_low": _round3(self.accuracy_low),
            "accuracy_high": _round3(self.accuracy_high),
            "brier": _round3(self.brier),
            "brier_count": self.brier_count,
            "calibration": [b.as_dict() for b in self.calibration],
        }


def _decimal(value: Decimal | float) -> Decimal:
    """A confidence (or a sum of squared errors) as the decimal it is written
    as: 0.7, not the binary fraction nearest to it, to 15 significant digits
    as PostgreSQL turns a float into a numeric. Brier sums are exact in
    decimals, so the score does not depend on the order rows are added in,
    which would otherwise move a mean such as 0.2725 to either side when it
    is rounded for display."""
    return value if isinstance(value, Decimal) else Decimal(format(value, ".15g"))


def _round3(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def bin_index(confidence: float) -> int:
    """The calibration bin (0..9) of ``confidence``: bin k is [k/10, (k+1)/10), bin 9 is [0.9, 1].

    Computed as ``floor(round(confidence * 10, 9))``, clamped to 0..9 (so values outside [0, 1]
    go to the end bins); NaN is a ValueError. 0.0 -> 0, 0.1 -> 1, 0.3 -> 3, 0.1 * 3 -> 3,
    0.7 - 0.4 -> 3, 0.29999 -> 2, 1.0 -> 9.
    """
    if math.isnan(confidence):
        raise ValueError("confidence is NaN")
    if confidence <= 0:
        return 0
    if confidence >= 1:
        return BIN_COUNT - 1
    return min(BIN_COUNT - 1, math.floor(round(confidence * BIN_COUNT, BIN_DECIMALS)))


def wilson_interval(
    successes: float, n: int, z: float = Z95
) -> tuple[float, float] | tuple[None, None]:
    """The Wilson score interval for ``successes`` out of ``n``; (None, None) when n is 0.

    ``successes`` may be fractional (a partly right counts half). The bounds are clamped into
    [0, 1] and widened, if float rounding demands, to contain successes / n, which the exact
    interval always does: at 0 of n the low bound is exactly 0.0, at n of n the high one 1.0.
    """
    if n < 0:
        raise ValueError(f"n must not be negative: {n}")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be within [0, {n}]: {successes}")
    if n == 0:
        return None, None
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = p + z2 / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = (centre - margin) / denominator
    high = (centre + margin) / denominator
    return max(0.0, min(low, p)), min(1.0, max(high, p))


def accuracy(right: int, wrong: int, partly_right: int) -> float | None:
    """(right + ½·partly_right) / (right + wrong + partly_right); None when nothing counts."""
    n = right + wrong + partly_right
    if n == 0:
        return None
    return (right + 0.5 * partly_right) / n


def record_from_totals(
    *,
    predictions: int,
    resolved: int,
    right: int,
    wrong: int,
    partly_right: int,
    unresolvable: int,
    overdue: int,
    brier_sum: Decimal | float | None,
    brier_count: int,
    bins: Sequence[tuple[int, int]],
) -> Record:
    """A Record from totals counted elsewhere.

    ``brier_sum`` is the sum of (confidence − o)² over the ``brier_count`` right/wrong
    predictions with a confidence (None or anything when ``brier_count`` is 0, as SQL ``SUM``
    gives None over no rows). ``bins`` is ten (count, right) pairs, bin 0 first, over those same
    predictions. Totals that cannot come from one set of predictions are a ValueError: negative
    counts, ``resolved`` not the sum of the four outcomes, ``predictions`` less than
    ``resolved + overdue``, not ten bins, a bin with more right than count, bin counts not
    summing to ``brier_count``, ``brier_count`` more than ``right + wrong``, or no
    ``brier_sum`` for a non-zero ``brier_count``.
    """
    counts = {
        "predictions": predictions,
        "resolved": resolved,
        "right": right,
        "wrong": wrong,
        "partly_right": partly_right,
        "unresolvable": unresolvable,
        "overdue": overdue,
        "brier_count": brier_count,
    }
    for name, value in counts.items():
        if value < 0:
            raise ValueError(f"{name} must not be negative: {value}")
    if resolved != right + wrong + partly_right + unresolvable:
        raise ValueError("resolved must equal right + wrong + partly_right + unresolvable")
    if predictions < resolved + overdue:
        raise ValueError("predictions must be at least resolved + overdue")
    if brier_count > right + wrong:
        raise ValueError("brier_count must not exceed right + wrong")
    if len(bins) != BIN_COUNT:
        raise ValueError(f"expected {BIN_COUNT} bins, got {len(bins)}")
    if sum(count for count, _ in bins) != brier_count:
        raise ValueError("bin counts must sum to brier_count")

    calibration = []
    for k, (count, right_in_bin) in enumerate(bins):
        if not 0 <= right_in_bin <= count:
            raise ValueError(f"bin {k}: right must be within [0, count]: {(count, right_in_bin)}")
        calibration.append(
            CalibrationBin(
                low=k / BIN_COUNT,
                high=(k + 1) / BIN_COUNT,
                count=count,
                right=right_in_bin,
                observed=right_in_bin / count if count else None,
            )
        )

    if brier_count == 0:
        brier = None
    elif brier_sum is None:
        raise ValueError("brier_sum is missing for a non-zero brier_count")
    else:
        brier = float(_decimal(brier_sum) / brier_count)

    scored = right + wrong + partly_right
    low, high = wilson_interval(right + 0.5 * partly_right, scored)
    return Record(
        predictions=predictions,
        resolved=resolved,
        right=right,
        wrong=wrong,
        partly_right=partly_right,
        unresolvable=unresolvable,
        overdue=overdue,
        accuracy=accuracy(right, wrong, partly_right),
        accuracy_low=low,
        accuracy_high=high,
        brier=brier,
        brier_count=brier_count,
        calibration=tuple(calibration),
    )


def score(rows: Iterable[tuple[float | None, str, str]]) -> Record:
    """The Record of ``rows`` of (confidence, status, outcome), counted from the definitions.

    Status is one of open/due/resolved/withdrawn; outcome is one of ``OUTCOMES`` when resolved
    and "" otherwise (the database's own constraint); confidence is None or within [0, 1].
    Anything else is a ValueError.
    """
    totals = dict.fromkeys(("predictions", "resolved", "overdue", *OUTCOMES), 0)
    squared_errors: list[Decimal] = []
    bins = [[0, 0] for _ in range(BIN_COUNT)]
    for confidence, status, outcome in rows:
        if status not in STATUSES:
            raise ValueError(f"unknown status: {status!r}")
        if status == "resolved" and outcome not in OUTCOMES:
            raise ValueError(f"a resolved prediction needs an outcome, got {outcome!r}")
        if status != "resolved" and outcome != "":
            raise ValueError(f"a {status} prediction has no outcome, got {outcome!r}")
        if confidence is not None and not 0 <= confidence <= 1:
            raise ValueError(f"confidence must be within [0, 1]: {confidence!r}")
        if status == "withdrawn":
            continue
        totals["predictions"] += 1
        if status == "due":
            totals["overdue"] += 1
        if status != "resolved":
            continue
        totals["resolved"] += 1
        totals[outcome] += 1
        if confidence is not None and outcome in ("right", "wrong"):
            o = 1 if outcome == "right" else 0
            squared_errors.append((_decimal(confidence) - o) ** 2)
            k = bin_index(confidence)
            bins[k][0] += 1
            bins[k][1] += outcome == "right"

    return record_from_totals(
        **totals,
        brier_sum=sum(squared_errors, Decimal(0)) if squared_errors else None,
        brier_count=len(squared_errors),
        bins=[(count, right) for count, right in bins],
    )


def accuracy_in_words(record: Record) -> str | None:
    """The accuracy as the end of a sentence ("Ada was …"); None when nothing
    counts towards it.

    "right in {right} of {scored} scored predictions", where scored = right +
    wrong + partly_right (unresolvable ones say nothing either way), with
    "right in {right} and partly right in {partly_right} of …" when some were
    partly right; then, from SCORE_MINIMUM scored, ": {accuracy}% (95%
    interval {low}%–{high}%)" in whole percentages. For example "right in 5
    of 8 scored predictions: 62% (95% interval 31%–86%)" and, below the
    minimum, "right in 2 of 3 scored predictions".
    """
    if record.accuracy is None or record.accuracy_low is None or record.accuracy_high is None:
        return None
    right = f"right in {record.right}"
    if record.partly_right:
        right += f" and partly right in {record.partly_right}"
    plural = "s" if record.scored != 1 else ""
    words = f"{right} of {record.scored} scored prediction{plural}"
    if not record.shows_accuracy:
        return words
    return (
        f"{words}: {record.accuracy:.0%} "
        f"(95% interval {record.accuracy_low:.0%}–{record.accuracy_high:.0%})"
    )
