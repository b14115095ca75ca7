"""The deadline grammar: five patterns composed from the vocabulary in
``deadline_words``, compiled once. ``deadlines`` turns their matches into dates."""

import re

from reading import deadline_words as words

PREP = rf"(?:(?P<prep>{words.PREPOSITIONS})\s+)?"
HEDGE = rf"(?:{words.HEDGES}\.?\s+)"

EXPLICIT = re.compile(
    rf"""\b {PREP} (?:the\s+)? (?:
        (?P<iso_y>{words.YEAR})(?P<sep>[-/.])(?P<iso_m>[0-9]{{1,2}})(?P=sep)
        (?P<iso_d>[0-9]{{1,2}})(?![0-9])
      | (?P<num_a>[0-9]{{1,2}})(?P<sep2>[/.])(?P<num_b>[0-9]{{1,2}})(?P=sep2)
        (?P<num_y>(?:19|20|21)[0-9]{{2}})(?![0-9])
      | (?P<md_m>{words.MONTH})\.?\s+(?P<md_d>{words.DAY})(?:,?\s+(?P<md_y>{words.YEAR}))?
      | (?P<dm_d>{words.DAY})(?:\s+of)?\s+(?P<dm_m>{words.MONTH})(?:,?\s+(?P<dm_y>{words.YEAR}))?
      | (?P<holiday>{words.alternation(words.HOLIDAYS)})\b(?:,?\s+(?P<hol_y>{words.YEAR}))?
    ) (?![\s-]*{words.UNIT})""",
    re.VERBOSE,
)


def _quantity(i: int, bare: bool = False) -> str:
    """An amount of time: "two", "18 months", "a year and a half", "half a decade", and
    (first of a range only, after "the next") a bare unit: "within the next month"."""
    return rf"""(?:
        (?:half[\s-]+an?|a[\s-]+half)[\s-]+(?P<hu{i}>{words.UNIT})
      | (?P<n{i}>{words.NUMBER})(?P<nh{i}>\s+and\s+(?:a\s+)?half)?
        (?:[\s-]+(?P<u{i}>{words.UNIT})(?P<uh{i}>\s+and\s+a\s+half)?)?
      {f"| (?P<bare>{words.UNIT})" if bare else ""})"""


SPAN = re.compile(
    rf"""\b (?:(?P<prefix>{words.SPAN_PREFIX})\s+)?
    {HEDGE}* (?:(?P<floor>{words.FLOORS})\s+)? {HEDGE}* {_quantity(1, bare=True)}
    (?:{words.RANGE}{HEDGE}*{_quantity(2)})?
    (?(prefix)(?:{words.SPAN_SUFFIX})?|{words.SPAN_SUFFIX})  # no prefix: "two years from now"
    """,
    re.VERBOSE,
)


def _period_pattern(s: str) -> str:
    """A named stretch of the calendar, optionally after "early", "mid", "the end of"...;
    group names end in ``s`` so a range can hold two: "in Q1 2026 or Q2 2026"."""
    return rf"""(?:(?:at\s+)?(?:the\s+)?(?:very\s+)?
        (?P<pos{s}>end|close|start|beginning|middle|turn)[\s-]+of[\s-]+
      | (?:the\s+)?(?P<pos_{s}>early|mid|middle|late|later)(?:\s+in)?(?:[\s-]+|(?=[0-9])))?
    (?P<period{s}>
        (?:the\s+)?(?P<decade{s}>(?:19|20|21)[0-9]0)'?s\b
      | (?:the\s+year\s+)?(?P<year{s}>{words.YEAR})(?:[-/](?P<yy{s}>[0-9]{{2}})(?![0-9/-]))?
      | (?:the\s+)?(?:q(?P<q{s}>[1-4])|(?P<q_{s}>[1-4])q
          |(?P<qword{s}>{words.alternation(words.QUARTER_WORDS)})[\s-]+quarter)\b{words.OF_YEAR}?
      | (?:the\s+)?(?:h(?P<h{s}>[12])\b{words.OF_YEAR}?
          |(?P<hword{s}>{words.alternation(words.HALF_WORDS)})[\s-]+half{words.OF_YEAR})
      | (?P<month{s}>{words.MONTH}){words.OF_YEAR}?
      | (?:(?P<srel{s}>this|next|the)\s+)?(?P<season{s}>{words.alternation(words.SEASONS)})\b
        {words.OF_YEAR}?
      | (?:the\s+)?(?P<eunit{s}>week|month|quarter|year|decade)(?:'s)?[\s-]end\b
      | (?P<eoy{s}>eoy|eom|eoq)\b
      | (?:(?P<rel{s}>this|next|the\s+next|the|current|the\s+current)[\s-]+)?
        (?P<unit{s}>weekend|week|month|quarter|year|decade|century)\b
        (?:\s+or\s+(?:the\s+)?(?P<ornext{s}>next)\b(?:\s+(?P=unit{s})\b)?)?
        (?P<out{s}>\s+(?:is|has)\s+(?:out|over|up|done|ended)\b|\s+ends\b)?
    ) (?![0-9])"""


CALENDAR = re.compile(
    rf"\b {PREP} {HEDGE}? {_period_pattern('')} (?:{words.RANGE}{HEDGE}?{_period_pattern('2')})?",
    re.VERBOSE,
)
DAYS = re.compile(
    r"""\b(?P<prep>by|before|until|till|til|(?:no|not)\s+later\s+than)\s+
    (?P<when>(?:the\s+)?day\s+after\s+tomorrow|tomorrow|tonight|today
      |(?:the\s+)?end\s+of\s+(?:the\s+)?day|close\s+of\s+business|eod|cob)\b""",
    re.VERBOSE,
)
VAGUE_PHRASE = re.compile(rf"\b(?:{words.VAGUE})\b", re.VERBOSE)

YEAR_REF = re.compile(
    rf"(?P<y>{words.YEAR})|'(?P<yy>[0-9]{{2}})\b|\b(?P<rel>this|next|last|the)[\s-]+year"
)
FLOOR_BEFORE = re.compile(words.FLOOR_BEFORE, re.VERBOSE)
FLOOR_AFTER = re.compile(words.FLOOR_AFTER, re.VERBOSE)
TIED = re.compile(words.TIED)
# "not before 2030", "won't happen until 2030": a negated "before" or "until" is a floor.
NEGATED = re.compile(r"(?:\bnot|n't|\bnever)(?:\s+[a-z]+){0,2}\s*$")
UNTIL = re.compile(r"(?:before|until|till|til|prior|ahead)\b")
