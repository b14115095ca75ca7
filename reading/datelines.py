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
# A place in capitals ("NEW YORK", "SÃO PAULO"), perhaps with an agency
# ("(Reuters)"), then perhaps a date, then a dash; or a date alone, then a dash.
_PLACE = r"[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+(?:\s[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+){0,3}"
_AGENCY = r"\([^()\n]{1,40}\)"
_DATELINE = re.compile(
    rf"^[ \t]*(?:{_PLACE}(?:,?\s+{_AGENCY})?(?:,\s+(?P<dated>{_DATE}))?(?:\s+{_AGENCY})?"
    rf"|(?P<bare>{_DATE}))[ \t]*[—–-]{{1,2}}[ \t]+",
    re.MULTILINE,
)
# Datelines open a story: only its first lines are looked at.
_LOOK = 1000


@dataclass(frozen=True)
class Dateline:
    matched: str
    said_on: date | None  # None when it names only a place


def read_dateline(text: str, published_on: date | None) -> tuple[Dateline | None, str]:
    """The dateline opening ``text`` (a date without a year takes
    ``published_on``'s, or this year's), and ``text`` with it taken out; or
    None and ``text`` as it was."""
    match = _DATELINE.search(text[:_LOOK])
    if match is None:
        return None, text
    written = match["dated"] or match["bare"]
    said_on = _parse(written, published_on) if written else None
    rest = text[: match.start()] + "\n\n" + text[match.end() :]
    return Dateline(match[0].strip(" \t—–-"), said_on), rest


def _parse(written: str, published_on: date | None) -> date | None:
    year = (published_on or date.today()).year
    try:
        parsed: datetime = date_parser.parse(written.replace(".", ""), default=datetime(year, 1, 1))
    except (ValueError, OverflowError):  # "31 February", a year past 9999
        return None
    return parsed.date()
