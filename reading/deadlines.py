"""Deadlines in words: the first deadline phrase in a sentence, as a date.

``parse_deadline("... open sourcing its models within the next month ...", date(2025, 2, 1))``
is ``Deadline(resolves_on=date(2025, 3, 1), matched="within the next month")``. ``anchor`` is
the day the words were said; deadlines are inclusive (the last day the claim can come true).

This is a small grammar, not a list of sentences. Pieces from ``deadline_words`` (NUMBER,
UNIT, MONTH, YEAR, prepositions, hedges) compose five rules, each compiled once and paired
with a function that turns a match into a date:

* EXPLICIT, a calendar day: "by June 30, 2026", "30th of June 2026", "2026-06-30", "by June 30".
* SPAN, anchor + an amount of time: "within the next month", "in 12-18 months", "half a
  decade from now", "a year or two". relativedelta adds it, so month ends and 29 February
  clamp: 2024-01-31 + 1 month = 2024-02-29, 2024-02-29 + 1 year = 2025-02-28.
* CALENDAR, the end of a named period: "by the end of next year", "Q3 2026", "mid-2026",
  "by March", "H2 2026", "by summer", "in the 2030s", "by 2029 or 2030", "this year or next".
* DAYS: "by tomorrow", "by tonight", "before the day after tomorrow".
* VAGUE: "soon", "in a few years", "in the coming months", which name no date.

The decisions behind the harder cases (several phrases, floors such as "at least a
year", weeks, early/mid/late, numeric dates, bare years) are in docs/deadlines.md, and each
is pinned by a test in tests/reading/test_deadlines.py. The patterns are in
``deadline_grammar``.
"""

import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from fractions import Fraction
from math import ceil, floor
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from reading import deadline_grammar as grammar
from reading import deadline_words as words


@dataclass(frozen=True)
class Deadline:
    """A deadline found in words: its last day, and the phrase as written in the text."""

    resolves_on: date
    matched: str


class _Veto(Enum):
    """The outcome of a phrase that names no usable date (vague, a floor, in the past)."""

    VETO = "veto"


_VETO = _Veto.VETO
# A rule's verdict on a match: a date; a veto (hides the words from other rules); or None,
# "not a deadline phrase after all", and the search goes on from the next character.
type Outcome = date | _Veto | None
ONE_DAY = timedelta(days=1)


class Period(NamedTuple):
    """A stretch of the calendar named in words, with its kind ("year", "month", ...)."""

    first: date
    last: date
    kind: str


# --- Normalising: casefold and tidy, remembering where each character came from -------------

_FOLD = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201a\u201b\u2032`\u00b4", "'")
    | dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"')
    | dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-")
)
_ASCII_CONTROLS = str.maketrans(dict.fromkeys([*range(32), 127], " "))


def _normalise(text: str) -> tuple[str, Sequence[int]]:
    """``text`` casefolded (NFKC first, so full-width digits are digits), curly quotes and
    dashes made ASCII, whitespace and control characters made spaces (runs are kept: the
    grammar takes any run of them). Returns it with, for each character, its index in
    ``text``, so a match is sliced out of the original with its casing even where folding
    changed the length ("ß" -> "ss")."""
    if text.isascii():  # the usual case, done without a loop: offsets are one to one
        return text.lower().translate(_ASCII_CONTROLS), range(len(text))
    chars: list[str] = []
    origin: list[int] = []
    for index, raw in enumerate(text):
        for char in unicodedata.normalize("NFKC", raw).casefold().translate(_FOLD):
            if char.isspace() or unicodedata.category(char).startswith("C"):
                char = " "
            chars.append(char)
            origin.append(index)
    return "".join(chars), origin


def _squash(phrase: str | None) -> str:
    return " ".join((phrase or "").replace("-", " ").split())


# --- Turning matches into dates ------------------------------------------------------------


def _explicit(m: re.Match[str], anchor: date) -> Outcome:
    if m["iso_y"]:
        return date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
    if m["num_a"]:
        a, b, year = int(m["num_a"]), int(m["num_b"]), int(m["num_y"])
        if a != b and a <= 12 and b <= 12:
            return _VETO  # 05/06/2026: May or June? A guess would put a wrong date on record.
        return date(year, b, a) if a > 12 else date(year, a, b)
    written_year: str | None
    if m["holiday"]:
        (month, day), written_year = words.HOLIDAYS[_squash(m["holiday"])], m["hol_y"]
    else:
        month, written_year = words.MONTHS[m["md_m"] or m["dm_m"]], m["md_y"] or m["dm_y"]
        day = int((m["md_d"] or m["dm_d"]).rstrip("stndrh"))
    if written_year:
        return date(int(written_year), month, day)
    if not m["prep"]:
        return None  # "top 10 may be": a day and month without a year need "by"
    for year in range(anchor.year, anchor.year + 9):  # the next 29 February may be years away
        try:
            if (found := date(year, month, day)) >= anchor:
                return found
        except ValueError:
            continue
    return _VETO


def _length(amount: Fraction, unit: str) -> relativedelta:
    months, days = words.UNIT_LENGTHS[unit]
    total = amount * months
    whole = floor(total)
    # A part month counts 30 days; part days round up, since a deadline is a whole day.
    return relativedelta(months=whole, days=ceil((total - whole) * 30 + amount * days))


def _span(m: re.Match[str], anchor: date) -> Outcome:
    if m["floor"] or grammar.TIED.match(m.string, m.end()):
        return _VETO
    if m["bare"]:
        if not re.search(r"(?:next|coming|upcoming)$", m["prefix"] or ""):
            return None  # "in months" names no amount
        if m["bare"].endswith("s"):
            return _VETO  # "in the coming months": how many?
    first, second = m["u1"] or m["hu1"] or m["bare"], m["u2"] or m["hu2"]
    ends: list[date] = []
    for i, unit in ((1, first or second), (2, second or first)):
        if i == 2 and not (m["n2"] or m["hu2"]):
            continue
        if unit is None:
            return None  # "in 2025" is a year, not an amount
        amount = words.number_value(m[f"n{i}"]) if m[f"n{i}"] else Fraction(1)
        if m[f"hu{i}"]:
            amount = Fraction(1, 2)
        elif m[f"nh{i}"] or m[f"uh{i}"]:
            amount += Fraction(1, 2)
        ends.append(anchor + _length(amount, words.UNIT_OF[unit]))
    return max(ends)


def _months(year: int, first: int, last: int, kind: str) -> Period:
    """Months ``first``..``last`` of ``year``, counted on: a ``last`` of 14 is February of the
    next year. The last day comes from monthrange, so December 9999 does not overflow."""
    end_year, end_month = divmod(year * 12 + last - 1, 12)
    end = date(end_year, end_month + 1, monthrange(end_year, end_month + 1)[1])
    return Period(date(year, first, 1), end, kind)


def _upcoming(
    make: Callable[[int], Period], year: int | None, anchor: date, after: bool = False
) -> Period:
    """The period in ``year``; with none named, the next one not yet over, or ``after`` the
    anchor, the next one not yet begun ("next summer" said in July is next year's)."""
    if year is not None:
        return make(year)
    periods = (make(y) for y in (anchor.year - 1, anchor.year, anchor.year + 1))
    return next(p for p in periods if (p.first > anchor if after else p.last >= anchor))


def _relative(unit: str, step: int, anchor: date) -> Period:
    """This (step 0) or the next (step 1) week, month, quarter, year, decade or century."""
    if unit in ("week", "weekend"):
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        saturday = unit == "weekend"
        return Period(monday + timedelta(days=5 * saturday), monday + timedelta(days=6), "week")
    size = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
    # Counted in months from year 0, so decades are 2020-2029 and centuries 2000-2099.
    index = anchor.year * 12 + anchor.month - 1
    index += size * step - index % size
    year, month = divmod(index, 12)
    return _months(year, month + 1, month + size, unit)


def _period(m: re.Match[str], s: str, anchor: date) -> Period:
    """The period named by the groups ending in ``s``."""
    group = {name: m[name + s] for name in _PERIOD_GROUPS}
    year: int | None = None
    if named := grammar.YEAR_REF.search(group["period"]):
        if named["rel"]:
            year = anchor.year + {"next": 1, "last": -1}.get(named["rel"], 0)
        else:  # "'26" is 2026
            year = int(named["y"]) if named["y"] else 2000 + int(named["yy"])
    if group["decade"]:
        start = int(group["decade"])
        return Period(date(start, 1, 1), date(start + 9, 12, 31), "decade")
    if group["year"]:
        year, later = int(group["year"]), group["yy"]
        if later:  # "2029-30"
            year += (int(later) - year % 100) % 100
        return _months(year, 1, 12, "year")
    if quarter := group["q"] or group["q_"] or words.QUARTER_WORDS.get(_squash(group["qword"])):
        n = int(quarter)
        return _upcoming(lambda y: _months(y, 3 * n - 2, 3 * n, "quarter"), year, anchor)
    if half := group["h"] or words.HALF_WORDS.get(_squash(group["hword"])):
        n = int(half)
        return _upcoming(lambda y: _months(y, 6 * n - 5, 6 * n, "half"), year, anchor)
    if group["month"]:
        n = words.MONTHS[group["month"]]
        return _upcoming(lambda y: _months(y, n, n, "month"), year, anchor)
    if group["season"]:
        a, b = words.SEASONS[group["season"]]
        after = group["srel"] == "next"
        return _upcoming(lambda y: _months(y, a, b, "season"), year, anchor, after)
    if group["eunit"] or group["eoy"]:
        unit = group["eunit"] or {"eoy": "year", "eom": "month", "eoq": "quarter"}[group["eoy"]]
        return _relative(unit, 0, anchor)
    step = 1 if (group["rel"] or "").endswith("next") or group["ornext"] else 0
    return _relative(group["unit"], step, anchor)


_PERIOD_GROUPS: tuple[str, ...] = (
    *("period", "decade", "year", "yy", "q", "q_", "qword", "h", "hword", "month"),
    *("season", "srel", "eunit", "eoy", "rel", "unit", "ornext"),
)
# Where "early" and "mid" fall in a year (a month), a month (a day), a decade or a century
# (years after its first). Other periods are cut in proportion of their days.
_EARLY_MID = {"year": (4, 6), "month": (10, 15), "decade": (3, 5), "century": (33, 50)}


def _within(p: Period, mid: bool) -> date:
    if p.kind not in _EARLY_MID:
        return p.first + (p.last - p.first) // (2 if mid else 3)
    n = _EARLY_MID[p.kind][mid]
    if p.kind == "year":
        return _months(p.first.year, n, n, "month").last
    if p.kind == "month":
        return p.first.replace(day=n)
    return date(p.first.year + n, 12, 31)


def _point(m: re.Match[str], s: str, prep: str, anchor: date) -> Outcome:
    """The deadline a period gives, by its position word and the preposition before it."""
    pos = _squash(m["pos" + s] or m["pos_" + s])
    unit, rel = m["unit" + s], m["rel" + s]
    if m["eunit" + s] or m["eoy" + s] or m["out" + s]:  # "year-end", "before the year is out"
        pos = "end"
    # "this year" and "next month" stand alone; "the year" needs "the end of" (or "within",
    # "within the year" being before it ends), save "by the weekend".
    standalone = rel not in (None, "the") or pos or prep == "within"
    if unit and not standalone and not (unit == "weekend" and rel):
        return None
    period = _period(m, s, anchor)
    if pos in ("start", "beginning"):
        return period.first - ONE_DAY if prep in words.BY else _within(period, mid=False)
    if not pos:
        if prep in words.BEFORE or (m["decade" + s] and prep in words.BY):
            return period.first - ONE_DAY
        return period.last
    if pos in ("early", "mid", "middle"):
        return _within(period, mid=pos != "early")
    return period.last  # end, close, turn, late, later


def _calendar(m: re.Match[str], anchor: date) -> Outcome:
    prep = _squash(m["prep"])
    bare = not (m["unit"] or m["eunit"] or m["eoy"] or m["pos"] or m["pos_"])
    bare = bare and m["srel"] in (None, "the")  # "this fall" stands alone, "the fall" not
    if bare and not prep and (m["year"] or m["decade"] or not grammar.YEAR_REF.search(m["period"])):
        return None  # a bare "2024" or "may" is no deadline; "March 2027", "Q3 2026" are
    if prep == "between" and not m["period2"]:
        return None
    first = _point(m, "", prep, anchor)
    later = _point(m, "2", prep, anchor) if m["period2"] else None
    if isinstance(first, date) and isinstance(later, date):
        return max(first, later)
    return first


def _days(m: re.Match[str], anchor: date) -> Outcome:
    when = _squash(m["when"])
    ahead = 2 if when.endswith("after tomorrow") else 1 if when == "tomorrow" else 0
    return anchor + timedelta(days=ahead - (m["prep"] == "before"))


RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], date], Outcome]], ...] = (
    (grammar.EXPLICIT, _explicit),
    (grammar.SPAN, _span),
    (grammar.CALENDAR, _calendar),
    (grammar.DAYS, _days),
    (grammar.VAGUE_PHRASE, lambda m, anchor: _VETO),
)


def _vetoed(norm: str, start: int, end: int) -> bool:
    """Whether the words around a phrase make it a floor or a past reference."""
    before = norm[max(0, start - 40) : start]
    if grammar.FLOOR_BEFORE.search(before) or grammar.FLOOR_AFTER.match(norm, end):
        return True
    return bool(grammar.NEGATED.search(before) and grammar.UNTIL.match(norm, start))


def parse_deadline(text: str, anchor: date) -> Deadline | None:
    """The first deadline phrase in ``text`` said on ``anchor``, or None if there is none
    (or only vague ones). Never raises: any text and any date give a Deadline or None."""
    if not isinstance(text, str) or not isinstance(anchor, date):
        return None
    anchor = date(anchor.year, anchor.month, anchor.day)  # a datetime would leak into results
    norm, origin = _normalise(text)
    found: list[tuple[int, int, int, Outcome]] = []
    for order, (pattern, rule) in enumerate(RULES):
        position = 0
        while match := pattern.search(norm, position):
            try:
                outcome = rule(match, anchor)
            except (ValueError, OverflowError):  # 30 February, or a year past 9999
                outcome = _VETO
            if outcome is None:
                position = match.start() + 1
                continue
            found.append((match.start(), -match.end(), order, outcome))
            position = match.end()
    blocked = 0
    for start, negative_end, _order, outcome in sorted(found, key=lambda f: f[:3]):
        end = -negative_end
        if start < blocked:
            continue
        if isinstance(outcome, date) and outcome >= anchor and not _vetoed(norm, start, end):
            phrase = text[origin[start] : origin[end - 1] + 1].strip()
            return Deadline(resolves_on=outcome, matched=phrase)
        blocked = max(blocked, end)
    return None
