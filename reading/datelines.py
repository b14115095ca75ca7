"""Datelines: "STOCKHOLM, 20 November 2026 —" opening a news story.

A dateline says where and when the story was filed, which is when the words
in it were said, and never a deadline: ``read_dateline`` finds one near the
start of an article and returns its date and the text without it, so that
nothing downstream reads it as a deadline phrase.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as date_parser

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?"  # 20 November 2026, 20 Nov
    rf"|{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?"  # November 20, 2026; Nov. 20
    r"|\d{4}-\d{2}-\d{2})"
)
# A place in capitals ("NEW YORK", "SÃO PAULO") with a date, an agency
# ("(Reuters)") or both, then a dash; or a date alone, then a dash. A place
# alone is not enough: "US - China talks" opens a headline, not a dateline.
_PLACE = r"[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+(?:\s[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+){0,3}"
_AGENCY = r"\([^()\n]{1,40}\)"
_DATELINE = re.compile(
    rf"[ \t]*(?:{_PLACE}(?:,\s+(?P<dated>{_DATE})(?:\s+{_AGENCY})?|,?\s+{_AGENCY})"
    rf"|(?P<bare>{_DATE}))[ \t]*[—–-]{{1,2}}[ \t]+"
)
# Datelines open a story: only its first few lines are looked at (a
# headline, perhaps a standfirst, then the dateline).
_LINES = 3


@dataclass(frozen=True)
class Dateline:
    matched: str
    said_on: date | None  # None when it names only a place


def read_dateline(text: str, published_on: date | None) -> tuple[Dateline | None, str]:
    """The dateline opening ``text`` (a date without a year takes
    ``published_on``'s, or this year's), and ``text`` with it taken out; or
    None and ``text`` as it was."""
    for start in _line_starts(text):
        match = _DATELINE.match(text, start)
        if match is not None:
            break
    else:
        return None, text
    written = match["dated"] or match["bare"]
    said_on = _parse(written, published_on) if written else None
    rest = text[: match.start()] + "\n\n" + text[match.end() :]
    return Dateline(match[0].strip(" \t—–-"), said_on), rest


def _line_starts(text: str) -> list[int]:
    """Where the first _LINES lines with words on them start."""
    starts: list[int] = []
    position = 0
    while position < len(text) and len(starts) < _LINES:
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        if text[position:end].strip():
            starts.append(position)
        position = end + 1
    return starts


def _parse(written: str, published_on: date | None) -> date | None:
    """The date ``written`` names; one without a year is the last such day on
    or before publication ("Dec. 31" in a story of 2 January 2027 is 2026's)."""
    anchor = published_on or date.today()
    try:
        parsed: datetime = date_parser.parse(
            written.replace(".", ""), default=datetime(anchor.year, 1, 1)
        )
    except (ValueError, OverflowError):  # "31 February", a year past 9999
        return None
    said_on = parsed.date()
    if not re.search(r"\d{4}", written) and said_on > anchor:
        try:
            said_on = said_on.replace(year=said_on.year - 1)
        except ValueError:  # 29 February, a year before a leap year
            return None
    return said_on
