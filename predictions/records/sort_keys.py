"""The leaderboard's sort keys of a totals row, as SQL: the low end of the
accuracy interval and the Brier score, computed from the row's counts (plus
a delta being applied to them) in the same UPDATE that moves the counts."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Case, F, FloatField, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Greatest, Least, Sqrt
from django.db.models.lookups import Exact

from predictions.records.scoring import Z95


def _new(name: str, delta: Mapping[str, int | Decimal]) -> Combinable:
    return F(name) + delta[name] if delta.get(name) else F(name)


def _float(expression: Any) -> Cast:
    return Cast(expression, FloatField())


def accuracy_low(right: Any, wrong: Any, partly_right: Any) -> Case:
    """The low end of scoring.wilson_interval in SQL, operation for operation
    (None when nothing is scored)."""
    n = _float(right + wrong + partly_right)
    p = (_float(right) + Value(0.5) * _float(partly_right)) / n
    z2 = Value(Z95 * Z95)
    centre = p + z2 / (Value(2.0) * n)
    margin = Value(Z95) * Sqrt(p * (Value(1.0) - p) / n + z2 / (Value(4.0) * n * n))
    low = (centre - margin) / (Value(1.0) + z2 / n)
    return Case(
        When(Exact(right + wrong + partly_right, 0), then=Value(None)),
        default=Greatest(Value(0.0), Least(low, p)),
        output_field=FloatField(),
    )


def brier(brier_sum: Any, brier_count: Any) -> Case:
    """brier_sum / brier_count as a float; None when nothing is scored."""
    return Case(
        When(Exact(brier_count, 0), then=Value(None)),
        default=_float(brier_sum / brier_count),
        output_field=FloatField(),
    )


def sort_keys(delta: Mapping[str, int | Decimal] | None = None) -> dict[str, Case]:
    """accuracy_low and brier from the row's values once ``delta`` is added."""
    delta = delta or {}
    right, wrong, partly = (_new(name, delta) for name in ("right", "wrong", "partly_right"))
    return {
        "accuracy_low": accuracy_low(right, wrong, partly),
        "brier": brier(_new("brier_sum", delta), _new("brier_count", delta)),
    }
