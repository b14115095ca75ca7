"""The records tests' reference arithmetic: the definitions of predictions.records.scoring
computed another way (the quadratic formula, Decimal), so that a test does not check the
module against itself."""

import math
from decimal import ROUND_HALF_EVEN, Decimal

from predictions.records.scoring import Z95


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


def bin_by_decimal(confidence: float) -> int:
    """floor(round(confidence * 10, 9)) clamped to 9, by Decimal arithmetic on the float's value."""
    tenths = Decimal(confidence * 10).quantize(Decimal("1e-9"), rounding=ROUND_HALF_EVEN)
    return min(int(tenths), 9)
