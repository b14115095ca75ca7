"""The vocabulary of the deadline grammar in ``reading.deadlines``.

Each kind of word is a table (word -> meaning) and a regex fragment built from that table,
so the grammar and its interpretation cannot drift apart. Fragments match the normalised
text (casefolded, ASCII quotes and dashes); none of them captures a group.
"""

import re
from collections.abc import Iterable
from fractions import Fraction


def alternation(phrases: Iterable[str]) -> str:
    """A non-capturing alternation of ``phrases``.

    Longest first, because ``re`` takes the first alternative that fits: "a couple of" must be
    tried before "a", "sept" before "sep". A space in a phrase matches any run of spaces or
    hyphens ("twenty four", "twenty-four").
    """
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"[\s-]+") for p in ordered) + ")"


# --- Numbers -------------------------------------------------------------------------------

ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
ONES |= {"nine": 9}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15}
TEENS |= {"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
TENS |= {"eighty": 80, "ninety": 90}
# Phrases that stand for a number. "a few", "several", "some" are absent on purpose: they
# name no number, so "in a few years" finds no amount and stays vague.
NUMBER_PHRASES = {
    "a": 1,
    "an": 1,
    "a single": 1,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a pair of": 2,
    "half a dozen": 6,
    "a dozen": 12,
    "a hundred": 100,
    "one hundred": 100,
}
_WORD_VALUES = ONES | TEENS | TENS

# Digits (at most five, so int() stays cheap and a year past 9999 is merely an overflow),
# optionally with a decimal part ("1.5 years"); compound tens ("twenty-four"); or a word.
NUMBER = (
    r"(?:[0-9]{1,5}(?:\.[0-9]{1,3})?(?![0-9])"
    rf"|{alternation(TENS)}(?:[\s-]+{alternation(ONES)})?\b"
    rf"|{alternation([*ONES, *TEENS, *NUMBER_PHRASES])}\b)"
)


def number_value(text: str) -> Fraction:
    """The value of a NUMBER match: "1.5" -> 3/2, "twenty-four" -> 24, "a couple of" -> 2."""
    words = " ".join(text.replace("-", " ").split())
    if words[0].isdigit():
        return Fraction(words)
    if words in NUMBER_PHRASES:
        return Fraction(NUMBER_PHRASES[words])
    return Fraction(sum(_WORD_VALUES[word] for word in words.split()))


# --- Units of time -------------------------------------------------------------------------

# Length of one unit as (months, days). Month-based units go through relativedelta so month
# ends clamp; day-based ones are exact. An hour is 1/24 day and rounds up to a whole day.
UNIT_LENGTHS: dict[str, tuple[int, Fraction]] = {
    "hour": (0, Fraction(1, 24)),
    "day": (0, Fraction(1)),
    "week": (0, Fraction(7)),
    "fortnight": (0, Fraction(14)),
    "month": (1, Fraction(0)),
    "quarter": (3, Fraction(0)),
    "year": (12, Fraction(0)),
    "decade": (120, Fraction(0)),
    "century": (1200, Fraction(0)),
}
_UNIT_FORMS = {
    "hour": ("hour", "hours", "hr", "hrs"),
    "day": ("day", "days"),
    "week": ("week", "weeks", "wk", "wks"),
    "fortnight": ("fortnight", "fortnights"),
    "month": ("month", "months", "mos", "mth", "mths"),
    "quarter": ("quarter", "quarters", "qtr", "qtrs"),
    "year": ("year", "years", "yr", "yrs"),
    "decade": ("decade", "decades"),
    "century": ("century", "centuries"),
}
UNIT_OF = {form: unit for unit, forms in _UNIT_FORMS.items() for form in forms}
UNIT = alternation(UNIT_OF) + r"\b"

# --- The calendar --------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
MONTH = alternation(MONTHS) + r"\b"
# "last quarter" is left out: it nearly always means the one just gone.
QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
QUARTER_WORDS |= {"fourth": 4, "4th": 4, "final": 4}
HALF_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "latter": 2, "back": 2}
# Meteorological seasons of the northern hemisphere, as (first month, last month); a last
# month past 12 runs into the next year, so "winter 2026" is December 2026 to February 2027.
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
SEASONS |= {"winter": (12, 14)}

# Fixed-date holidays, as (month, day): "by Christmas".
HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "xmas": (12, 25)}
HOLIDAYS |= {"christmas eve": (12, 24), "new year's eve": (12, 31), "halloween": (10, 31)}
HOLIDAYS |= {"new years eve": (12, 31), "independence day": (7, 4)}

# A year is 1900-2199 and not part of a longer number, an amount ("$2030") or a decade.
YEAR = r"(?<![0-9$£€.,])(?:19|20|21)[0-9]{2}(?![0-9]|'?s\b|\s*%)"
# A year, an abbreviated one ("'26") or a relative one, after a month, quarter or season.
YEAR_REF = rf"(?:{YEAR}|'[0-9]{{2}}\b|(?:this|next|last|the)[\s-]+year\b)"
OF_YEAR = rf"(?:,?[\s-]+(?:of\s+)?{YEAR_REF}|'[0-9]{{2}}\b)"
DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?(?![0-9])"
# Words joining the two ends of a range: "three to six months", "2029 or 2030", "12-18".
# "Or" may follow a comma or dash: "by the end of 2025 - or early 2026".
RANGE = r"\s*(?:(?:[,-]\s*)?or|to|and|-|/|through|thru)\s*"

# --- Words around a deadline ---------------------------------------------------------------

# Prepositions that make a bare year, month or date a deadline: "by 2030", "in March".
# "around", "circa", "as early as" stand in for one ("AGI around 2030").
PREPOSITIONS = alternation(
    [
        "by", "in", "on", "before", "until", "till", "til", "up to", "up until", "through",
        "thru", "throughout", "during", "within", "no later than", "not later than",
        "sometime in", "some time in", "sometime before", "some time before",
        "sometime during", "ahead of", "prior to", "between", "around", "circa",
        "as early as", "as soon as", "between now and", "from now until",
    ]
)  # fmt: skip
# Prepositions meaning "before the period starts": "before 2030" is 2029-12-31.
BEFORE = frozenset({"before", "ahead of", "prior to", "sometime before", "some time before"})
# Prepositions that, with "the start of" or a decade ("by the 2030s"), mean the same.
BY = BEFORE | {"by", "until", "till", "til", "up to", "up until", "no later than"}
BY |= {"not later than"}

# Hedges do not move a date: "in about two years" is "in two years". "less than", "under"
# and "at most" are ceilings, which is what a deadline is anyway.
HEDGES = alternation(
    [
        "about", "around", "roughly", "approximately", "approx", "circa", "some", "just",
        "only", "maybe", "perhaps", "possibly", "probably", "likely", "less than", "under",
        "no more than", "not more than", "at most", "up to", "as little as", "a mere",
        "another", "an additional", "a further", "an estimated", "sometime", "some time",
        "as early as", "as soon as", "even",
    ]
)  # fmt: skip
# Floors give the earliest something may happen, not a deadline: "at least a year".
FLOORS = alternation(
    [
        "at least", "more than", "over", "well over", "upwards of", "no less than",
        "not less than", "no fewer than", "longer than", "a minimum of", "north of",
    ]
)  # fmt: skip

# Just before a phrase, words that make it a floor or a past reference: "at least a year",
# "from next year", "earlier this year", "a report published in May 2025" (but not "to be
# published in May").
FLOOR_BEFORE = r"""\b(?:at\s+least|no\s+(?:sooner|earlier)\s+than|more\s+than|longer\s+than|after
    |beyond|since|earlier|from|starting(?:\s+(?:in|from))?|beginning|past|as\s+of
    |(?:first|last|only)\s+time  # "the first time in a decade"
    |(?<!be\s)(?:published|dated|founded|born|posted|filed|aired|written))\s*$"""
# Just after a phrase, words that make it a floor: "two years or more", "2030 at the earliest".
FLOOR_AFTER = r"""\s*,?\s*(?:or\s+(?:more|longer|later|beyond|after)|at\s+the\s+(?:very\s+)?earliest
    |and\s+(?:beyond|later|after|onwards?)|onwards?\b|plus\b|\+)"""
# After an amount of time, words that tie it to another event: "two years after launch",
# "within 30 days of the filing".
TIED = r"\s+(?:ago|before|earlier|prior\s+to|after|later|since|into|of)\b"

# Words before an amount of time that make it a span from the anchor: "within", "in the next",
# "it will take". A bare unit ("within the next month") is allowed after next/coming.
SPAN_PREFIX = r"""(?:
    (?:within|in|inside(?:\s+of)?|over|during|for|across|throughout
      |(?:some\s*time|at\s+some\s+point)\s+(?:in|over|during|within))
    \s+(?:the\s+)?(?:next|coming|upcoming)
  | the\s+(?:next|coming|upcoming)
  | within|in|inside(?:\s+of)?|(?:no|not)\s+later\s+than|(?:some\s*time|at\s+some\s+point)\s+in
  | take|takes|taking|give\s+it)"""
# Words after an amount that make it a span with no prefix: "two years from now", "away".
SPAN_SUFFIX = r"""(?:\s+(?:from\s+(?:now|today)|hence|away|out(?!\s+of)
    |down\s+the\s+(?:road|line|track))|'?s?\s+time)\b"""

# Phrases that promise a time but name none. They are regex fragments, not plain words.
VAGUE = "|".join(
    [
        r"sooner\s+or\s+later",
        r"soon(?:er|ish)?",
        r"eventually",
        r"some\s*day",
        r"one\s+(?:of\s+these\s+)?days?",
        r"before\s+(?:too\s+)?long",
        r"(?:in|within)\s+the\s+(?:near|foreseeable|distant|not[\s-]+(?:too[\s-]+)?distant)"
        r"(?:[\s-]+term)?\s+future",
        r"in\s+(?:the\s+)?future",
        r"in\s+due\s+course",
        r"any\s+(?:day|time|minute|moment|week)\s+now",
        r"(?:in|within|over|for|during|after)\s+(?:the\s+)?(?:next\s+|coming\s+)?"
        r"(?:a\s+few|few|several|some|many|a\s+number\s+of|a\s+matter\s+of|a\s+handful\s+of)"
        rf"\s+{UNIT}",
        r"(?:in|within)\s+(?:hours|days|weeks|months|years|decades)\b",
        r"in\s+the\s+(?:weeks|months|years|decades)\s+(?:ahead|to\s+come)",
        r"in\s+the\s+(?:long|medium|short|near)[\s-]+(?:run|term)",
        r"at\s+some\s+point",
        r"a\s+month\s+of\s+sundays",
        r"(?:in|over)\s+time",
        r"down\s+the\s+(?:road|line|track)",
    ]
)
