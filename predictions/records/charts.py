"""Charts as inline SVG, drawn on the server: no JavaScript, no chart library.

This module computes what a chart shows: coordinates, sizes and the words of each label, as
plain data. The markup is in templates (``predictions/charts/calibration.svg`` and
``outcomes.svg``, on ``base.svg``), so Django's auto-escaping escapes every piece of text,
claims and names included. A page includes the markup directly, so a chart prints, works with
scripts off, and is read by screen readers through its ``<title>`` and ``<desc>`` (the root
carries ``role="img"``, ``aria-labelledby`` and ``aria-describedby``).

Colours live in ``class`` attributes (``outcome-right`` …) so the site stylesheet can theme them
(dark mode); a ``fill`` attribute is the fallback, and CSS rules override presentation
attributes. Outcomes are also told apart by shape, not colour alone (WCAG 1.4.1).

Ids are derived from the chart kind and its title, so a page can hold several charts and the
same input always gives the same markup.
"""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from core.text import xml_text
from predictions.records.scoring import SCORE_MINIMUM

# Characters XML 1.0 forbids even when escaped; a stray one in a claim would break the page.

# Calibration plot: a 400 × 400 box, the square plot inside its margins (room for labels).
SIZE = 400
LEFT, TOP, PLOT = 56, 20, 320
# A chart of fewer resolved predictions than this says nothing about calibration (each
# band would hold one or two): the page says how many there are instead. As many as any
# score asks for (records.scoring.SCORE_MINIMUM).
CHART_MINIMUM = SCORE_MINIMUM
# Circle radius = R_UNIT · √count, so area tracks count on the same scale in every chart
# (one person's chart compares with another's); capped so a circle stays near its band.
R_UNIT, R_MAX = 3.0, 12.0

# Outcome strip: a wide, short box; marks sit on a baseline between two padded ends.
STRIP_W, STRIP_H, PAD, BASE = 600, 56, 12, 22
MARK_WIDTH = 3

# outcome → (label, fallback fill, top and bottom of the mark relative to the baseline).
# Right rises above the line, wrong hangs below it, partly right rises half as far, and
# unresolvable is a short tick across it: readable without colour.
OUTCOMES: dict[str, tuple[str, str, int, int]] = {
    "right": ("Right", "#2e7d32", -16, 0),
    "wrong": ("Wrong", "#c62828", 0, 16),
    "partly_right": ("Partly right", "#d98e04", -8, 0),
    "unresolvable": ("Unresolvable", "#757575", -4, 4),
}
_UNKNOWN = ("Unknown", "#757575", -4, 4)

CALIBRATION_DESC = (
    "Each circle is a confidence band; circles above the diagonal came true more often "
    "than the confidence given."
)
STRIP_DESC = (
    "Each mark is a resolved prediction, placed by its deadline. Marks above the "
    "line came true (green), half-height marks came partly true (amber), marks below the "
    "line did not (red), and short grey ticks could not be resolved."
)

type Number = int | float


class Bin(Protocol):
    """What a calibration band must offer (``predictions.records.scoring.CalibrationBin`` does).

    Read-only properties, so a frozen dataclass or a namedtuple satisfies it.
    """

    @property
    def low(self) -> float: ...
    @property
    def high(self) -> float: ...
    @property
    def count(self) -> int: ...
    @property
    def right(self) -> float: ...
    @property
    def observed(self) -> float | None: ...


@dataclass(frozen=True)
class Line:
    x1: Number
    y1: Number
    x2: Number
    y2: Number


@dataclass(frozen=True)
class Label:
    x: Number
    y: Number
    text: str
    anchor: str = "middle"  # text-anchor: start, middle or end


@dataclass(frozen=True)
class Point:
    """A calibration band's circle; ``label`` says what happened in it."""

    cx: Number
    cy: Number
    r: Number
    label: str


@dataclass(frozen=True)
class Mark:
    """One resolved prediction on the outcome strip."""

    x: Number
    y: Number
    height: Number
    outcome: str  # the CSS class's suffix: an outcome, or "unknown"
    fill: str
    label: str
    width: Number = MARK_WIDTH


@dataclass(frozen=True)
class Chart:
    """What every chart's root needs: its box, its ids, its title and description."""

    kind: str
    width: int
    height: int
    title: str
    desc: str

    @property
    def _key(self) -> str:
        return hashlib.sha1(f"{self.kind}\n{self.title}".encode()).hexdigest()[:8]

    @property
    def title_id(self) -> str:
        return f"{self.kind}-title-{self._key}"

    @property
    def desc_id(self) -> str:
        return f"{self.kind}-desc-{self._key}"


@dataclass(frozen=True)
class CalibrationChart(Chart):
    frame: Line  # the plot's top-left and bottom-right corners
    grid: tuple[Line, ...]
    diagonal: Line
    labels: tuple[Label, ...]  # the ticks of both axes and the horizontal axis's name
    y_title: Label  # the vertical axis's name, drawn turned a quarter
    points: tuple[Point, ...]
    counts: tuple[Label, ...]  # each point's count, beside it

    @property
    def plot(self) -> Number:
        return self.frame.x2 - self.frame.x1


@dataclass(frozen=True)
class OutcomeStrip(Chart):
    baseline: Line
    marks: tuple[Mark, ...]
    labels: tuple[Label, ...]  # the first and last dates


def _num(value: float) -> Number:
    """A coordinate to one decimal, a whole number without ``.0``: compact markup."""
    rounded = round(value, 1) or 0.0  # `or` folds -0.0 into 0.0
    return int(rounded) if rounded.is_integer() else rounded


def _pct(share: float) -> str:
    """A share (0–1) as a whole percentage for people to read: ``0.8`` → ``80%``."""
    return f"{round(share * 100)}%"


def _x(share: float) -> Number:
    return _num(LEFT + share * PLOT)


def _y(share: float) -> Number:
    return _num(TOP + (1 - share) * PLOT)


def radius(count: int) -> float:
    """The circle radius for a band with ``count`` resolved predictions (area ∝ count)."""
    return min(R_UNIT * math.sqrt(count), R_MAX)


def calibrated_count(bins: Sequence[Bin]) -> int:
    """How many resolved predictions the calibration bands hold."""
    return sum(b.count for b in bins)


def calibration_chart(bins: Sequence[Bin], *, title: str) -> CalibrationChart | None:
    """A calibration plot: for each confidence band, how often its predictions came true.

    None when fewer than CHART_MINIMUM predictions with a confidence are resolved: a plot of
    one or two says nothing, so the template says how many there are instead.
    """
    shown = [b for b in bins if b.count and b.observed is not None]
    if sum(b.count for b in shown) < CHART_MINIMUM:
        return None
    left, right, top, bottom = LEFT, LEFT + PLOT, TOP, TOP + PLOT  # whole numbers
    ticks = [i / 5 for i in range(6)]
    grid = []
    for t in ticks[1:-1]:
        grid.append(Line(_x(t), top, _x(t), bottom))
        grid.append(Line(left, _y(t), right, _y(t)))
    labels = [Label(_x(t), bottom + 14, _pct(t)) for t in ticks]
    labels += [Label(left - 6, _num(_y(t) + 4), _pct(t), anchor="end") for t in ticks]
    labels.append(Label(_x(0.5), bottom + 34, "Confidence given"))
    points = []
    counts = []
    for b in shown:
        observed = float(b.observed)  # type: ignore[arg-type]  # None filtered out above
        band = f"{round(b.low * 100)}–{_pct(b.high)}"
        points.append(
            Point(
                cx=_x((b.low + b.high) / 2),
                cy=_y(observed),
                r=_num(radius(b.count)),
                label=f"{band}: {_num(b.right)} of {b.count} came true ({_pct(observed)})",
            )
        )
        # Each band's count beside its circle: its size alone is hard to read as a number.
        counts.append(
            Label(
                _num(_x((b.low + b.high) / 2) + radius(b.count) + 3),
                _num(_y(observed) + 4),
                str(b.count),
                anchor="start",
            )
        )
    return CalibrationChart(
        kind="calibration",
        width=SIZE,
        height=SIZE,
        title=xml_text(title),
        desc=CALIBRATION_DESC,
        frame=Line(left, top, right, bottom),
        grid=tuple(grid),
        diagonal=Line(left, bottom, right, top),
        labels=tuple(labels),
        counts=tuple(counts),
        y_title=Label(14, _y(0.5), "Share that came true"),
        points=tuple(points),
    )


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def outcome_strip(items: Sequence[tuple[date, str, str]], *, title: str) -> OutcomeStrip | None:
    """A timeline of resolved predictions, one mark per ``(deadline, outcome, claim)``.

    Marks are placed by date between the earliest and the latest (all at the centre when
    there is one date) and drawn in date order. None when there is nothing to draw.
    """
    if not items:
        return None
    ordered = sorted(items, key=lambda item: item[0])
    first, last = ordered[0][0], ordered[-1][0]
    span = last.toordinal() - first.toordinal()
    width = STRIP_W - 2 * PAD

    def x(day: date) -> float:
        if not span:
            return STRIP_W / 2
        return PAD + width * (day.toordinal() - first.toordinal()) / span

    marks = []
    for day, outcome, claim in ordered:
        label, fill, top, bottom = OUTCOMES.get(outcome, _UNKNOWN)
        marks.append(
            Mark(
                x=_num(x(day) - MARK_WIDTH / 2),
                y=BASE + top,
                height=bottom - top,
                outcome=outcome if outcome in OUTCOMES else "unknown",
                fill=fill,
                label=xml_text(f"{_day(day)} — {label}: {claim}"),
            )
        )
    base = STRIP_H - 4
    labels: tuple[Label, ...]
    if span:
        labels = (
            Label(PAD, base, _day(first), anchor="start"),
            Label(STRIP_W - PAD, base, _day(last), anchor="end"),
        )
    else:
        labels = (Label(STRIP_W // 2, base, _day(first)),)
    return OutcomeStrip(
        kind="outcomes",
        width=STRIP_W,
        height=STRIP_H,
        title=xml_text(title),
        desc=f"{STRIP_DESC} From {_day(first)} to {_day(last)}.",
        baseline=Line(PAD, BASE, STRIP_W - PAD, BASE),
        marks=tuple(marks),
        labels=labels,
    )
