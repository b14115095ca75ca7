"""Charts as inline SVG, drawn on the server: no JavaScript, no chart library.

A page includes the markup directly, so a chart prints, works with scripts off, and is read by
screen readers through its ``<title>`` and ``<desc>`` (the root carries ``role="img"``,
``aria-labelledby`` and ``aria-describedby``). Every piece of text is XML-escaped here, which is
why the functions may return ``mark_safe`` strings: claims are user text and reach the markup
only through ``_text``; attribute values are numbers or names from this module.

Colours live in ``class`` attributes (``outcome-right`` …) so the site stylesheet can theme them
(dark mode); a ``fill`` attribute is the fallback, and CSS rules override presentation
attributes. Outcomes are also told apart by shape, not colour alone (WCAG 1.4.1).

Ids are derived from the chart kind and its title, so a page can hold several charts and the
same input always gives the same markup.
"""

import hashlib
import math
import re
from collections.abc import Sequence
from datetime import date
from typing import Protocol
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

# Characters XML 1.0 forbids even when escaped; a stray one in a claim would break the page.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Calibration plot: a 320 × 320 box, the square plot inside its margins (room for labels).
SIZE = 320
LEFT, TOP, PLOT = 48, 16, 256
# Circle radius = R_UNIT · √count, so area tracks count on the same scale in every chart
# (one person's chart compares with another's); capped so a circle stays near its band.
R_UNIT, R_MAX = 3.0, 12.0

# Outcome strip: a wide, short box; marks sit on a baseline between two padded ends.
STRIP_W, STRIP_H, PAD, BASE = 600, 56, 12, 22

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
    "Each mark is a resolved prediction, placed by the date it was resolved. Marks above the "
    "line came true (green), half-height marks came partly true (amber), marks below the "
    "line did not (red), and short grey ticks could not be resolved."
)


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


def _num(value: float) -> str:
    """A coordinate to one decimal, without a trailing ``.0``: compact markup."""
    rounded = round(value, 1) or 0.0  # `or` folds -0.0 into 0.0
    return f"{rounded:.1f}".removesuffix(".0")


def _pct(share: float) -> str:
    """A share (0–1) as a whole percentage for people to read: ``0.8`` → ``80%``."""
    return f"{round(share * 100)}%"


def _text(value: str) -> str:
    """Text content, escaped: ``<``, ``>`` and ``&`` become entities."""
    return escape(_NOT_XML.sub("", value))


def _svg(kind: str, title: str, desc: str, box: tuple[int, int], body: list[str]) -> SafeString:
    """The root element: title first (its accessible name), then the description, then body."""
    key = hashlib.sha1(f"{kind}\n{title}".encode()).hexdigest()[:8]
    tid, did = f"{kind}-title-{key}", f"{kind}-desc-{key}"
    width, height = box
    size = (
        f' width="{width}" height="{height}" style="max-width:100%;height:auto"'
        if kind == "calibration"
        else ""  # the strip takes the width of its container
    )
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"{size} '
        f'class="chart chart-{kind}" role="img" aria-labelledby="{tid}" aria-describedby="{did}">'
        f'<title id="{tid}">{_text(title)}</title><desc id="{did}">{_text(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _x(share: float) -> float:
    return LEFT + share * PLOT


def _y(share: float) -> float:
    return TOP + (1 - share) * PLOT


def radius(count: int) -> float:
    """The circle radius for a band with ``count`` resolved predictions (area ∝ count)."""
    return min(R_UNIT * math.sqrt(count), R_MAX)


def calibration_svg(bins: Sequence[Bin], *, title: str) -> SafeString:
    """A calibration plot: for each confidence band, how often its predictions came true.

    Returns ``""`` when no band has a resolved prediction: an empty plot says nothing, so the
    template shows a sentence instead (it tests the string's truth).
    """
    shown = [b for b in bins if b.count and b.observed is not None]
    if not shown:
        return mark_safe("")
    left, right, top, bottom = LEFT, LEFT + PLOT, TOP, TOP + PLOT  # whole numbers
    body = [
        f'<rect class="chart-frame" x="{left}" y="{top}" width="{PLOT}" height="{PLOT}" '
        'fill="none" stroke="currentColor" stroke-opacity="0.4"/>',
        '<g class="chart-grid" stroke="currentColor" stroke-opacity="0.2">',
    ]
    ticks = [i / 5 for i in range(6)]
    for t in ticks[1:-1]:
        body.append(f'<line x1="{_num(_x(t))}" y1="{top}" x2="{_num(_x(t))}" y2="{bottom}"/>')
        body.append(f'<line x1="{left}" y1="{_num(_y(t))}" x2="{right}" y2="{_num(_y(t))}"/>')
    body.append("</g>")
    body.append(
        f'<line class="chart-diagonal" x1="{left}" y1="{bottom}" x2="{right}" y2="{top}" '
        'stroke="currentColor" stroke-opacity="0.6" stroke-dasharray="4 4"/>'
    )
    body.append('<g class="chart-label" fill="currentColor" font-size="11">')
    for t in ticks:
        body.append(
            f'<text x="{_num(_x(t))}" y="{bottom + 14}" text-anchor="middle">{_pct(t)}</text>'
        )
        body.append(
            f'<text x="{left - 6}" y="{_num(_y(t) + 4)}" text-anchor="end">{_pct(t)}</text>'
        )
    body.append(
        f'<text x="{_num(_x(0.5))}" y="{bottom + 34}" text-anchor="middle">Confidence given</text>'
        f'<text transform="translate(14 {_num(_y(0.5))}) rotate(-90)" text-anchor="middle">'
        "Share that came true</text></g>"
    )
    body.append('<g class="chart-points" fill="#1f56b3" fill-opacity="0.7">')
    for b in shown:
        observed = float(b.observed)  # type: ignore[arg-type]  # None filtered out above
        band = f"{round(b.low * 100)}–{_pct(b.high)}"
        label = f"{band}: {_num(b.right)} of {b.count} came true ({_pct(observed)})"
        body.append(
            f'<circle class="chart-point" cx="{_num(_x((b.low + b.high) / 2))}" '
            f'cy="{_num(_y(observed))}" r="{_num(radius(b.count))}">'
            f"<title>{_text(label)}</title></circle>"
        )
    body.append("</g>")
    return _svg("calibration", title, CALIBRATION_DESC, (SIZE, SIZE), body)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def outcome_strip_svg(items: Sequence[tuple[date, str, str]], *, title: str) -> SafeString:
    """A timeline of resolved predictions, one mark per ``(resolved_date, outcome, claim)``.

    Marks are placed by date between the earliest and the latest (all at the centre when
    there is one date) and drawn in date order. Returns ``""`` when there is nothing to draw.
    """
    if not items:
        return mark_safe("")
    ordered = sorted(items, key=lambda item: item[0])
    first, last = ordered[0][0], ordered[-1][0]
    span = last.toordinal() - first.toordinal()
    width = STRIP_W - 2 * PAD

    def x(day: date) -> float:
        if not span:
            return STRIP_W / 2
        return PAD + width * (day.toordinal() - first.toordinal()) / span

    body = [
        f'<line class="chart-baseline" x1="{PAD}" y1="{BASE}" x2="{STRIP_W - PAD}" y2="{BASE}" '
        'stroke="currentColor" stroke-opacity="0.4"/>'
    ]
    for day, outcome, claim in ordered:
        label, fill, top, bottom = OUTCOMES.get(outcome, _UNKNOWN)
        css = f"outcome-{outcome}" if outcome in OUTCOMES else "outcome-unknown"
        body.append(
            f'<rect class="chart-mark {css}" x="{_num(x(day) - 1.5)}" y="{BASE + top}" '
            f'width="3" height="{bottom - top}" fill="{fill}">'
            f"<title>{_text(f'{_day(day)} — {label}: {claim}')}</title></rect>"
        )
    body.append('<g class="chart-label" fill="currentColor" font-size="11">')
    base = STRIP_H - 4
    if span:
        body.append(f'<text x="{PAD}" y="{base}" text-anchor="start">{_text(_day(first))}</text>')
        body.append(
            f'<text x="{STRIP_W - PAD}" y="{base}" text-anchor="end">{_text(_day(last))}</text>'
        )
    else:
        body.append(
            f'<text x="{STRIP_W // 2}" y="{base}" text-anchor="middle">{_text(_day(first))}</text>'
        )
    body.append("</g>")
    desc = f"{STRIP_DESC} From {_day(first)} to {_day(last)}."
    return _svg("outcomes", title, desc, (STRIP_W, STRIP_H), body)
