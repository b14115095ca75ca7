"""reading.deadlines: deadlines in words, as dates. Plain functions; no database."""

import dataclasses
from datetime import date, datetime

import pytest

from reading.deadlines import Deadline, parse_deadline

SAT = date(2025, 2, 1)  # a Saturday; the anchor unless a case says otherwise
OPENAI = (
    "In conclusion, the speaker predicts that OpenAI may move towards open sourcing its "
    "models within the next month, suggesting that the company is reconsidering its approach."
)


def case(
    case_id: str,
    text: str,
    expected: date | None,
    matched: str | None = None,
    anchor: date = SAT,
):
    return pytest.param(text, anchor, expected, matched, id=case_id)


D = date
CASES = [
    # Spans: anchor + an amount, clamped at month ends and 29 February.
    case("openai-next-month", OPENAI, D(2025, 3, 1), "within the next month"),
    case("in-a-month", "It will ship in a month.", D(2025, 3, 1), "in a month"),
    case("within-3-weeks", "Expect it within 3 weeks.", D(2025, 2, 22), "within 3 weeks"),
    case("in-two-years", "In two years, nobody will drive.", D(2027, 2, 1), "In two years"),
    case("over-next-18-months", "over the next 18 months", D(2026, 8, 1)),
    case("jan31-plus-month-leap", "within a month", D(2024, 2, 29), anchor=D(2024, 1, 31)),
    case("jan31-plus-month", "within a month", D(2025, 2, 28), anchor=D(2025, 1, 31)),
    case("leap-day-plus-year", "in one year", D(2025, 2, 28), anchor=D(2024, 2, 29)),
    case("mar31-plus-11-months", "in 11 months", D(2024, 2, 29), anchor=D(2023, 3, 31)),
    case("fortnight", "in a fortnight", D(2025, 2, 15)),
    case("two-fortnights", "within two fortnights", D(2025, 3, 1)),
    case("two-quarters", "within two quarters", D(2025, 8, 1)),
    case("a-decade", "We'll have robots in every home within a decade.", D(2035, 2, 1)),
    case("half-a-year", "in half a year", D(2025, 8, 1), "in half a year"),
    case("six-months", "in six months", D(2025, 8, 1)),
    case("year-and-a-half", "in a year and a half", D(2026, 8, 1), "in a year and a half"),
    case("eighteen-months", "in eighteen months", D(2026, 8, 1)),
    case("half-a-decade", "in half a decade", D(2030, 2, 1)),
    case("twenty-four", "in twenty-four months", D(2027, 2, 1), "in twenty-four months"),
    case("a-couple-of", "in a couple of years", D(2027, 2, 1)),
    case("a-couple", "in a couple weeks", D(2025, 2, 15)),
    case("a-dozen", "within a dozen years", D(2037, 2, 1)),
    case("decimal", "in 1.5 years", D(2026, 8, 1)),
    case("from-now", "Three months from now it is over.", D(2025, 5, 1), "Three months from now"),
    case("no-later-than", "no later than 2 years from now", D(2027, 2, 1)),
    case("years-time", "It'll be done in a year's time.", D(2026, 2, 1), "in a year's time"),
    case("inside-of", "inside of a year", D(2026, 2, 1)),
    case("during-the-next", "during the next 3 months", D(2025, 5, 1)),
    case("hours-round-up", "within 36 hours", D(2025, 2, 3)),
    case("away", "We are two to three years away from AGI.", D(2028, 2, 1)),
    case("in-the-next-decade-is-a-span", "in the next decade", D(2035, 2, 1)),
    # Ranges take their later end.
    case(
        "range-or-so",
        "Prices should fall in three to six months or so",
        D(2025, 8, 1),
        "in three to six months",
    ),
    case("range-to", "within 12 to 18 months", D(2026, 8, 1)),
    case("range-hyphen", "in 12-18 months", D(2026, 8, 1), "in 12-18 months"),
    case("range-en-dash", "in 12\u201318 months", D(2026, 8, 1), "in 12\u201318 months"),
    case("range-or", "in the next two or three years", D(2028, 2, 1)),
    case("range-unit-first", "within a year or two", D(2027, 2, 1), "within a year or two"),
    case("range-units-both", "within six months to a year", D(2026, 2, 1)),
    case("range-years", "We expect AGI by 2029 or 2030", D(2030, 12, 31), "by 2029 or 2030"),
    case("range-between", "between 2027 and 2029", D(2029, 12, 31)),
    case("range-short-year", "by 2029-30", D(2030, 12, 31)),
    case("range-this-or-next", "this year or next", D(2026, 12, 31), "this year or next"),
    case("range-quarters", "It happens in Q1 2026 or Q2 2026.", D(2026, 6, 30)),
    case("range-mixed", "by the end of 2026 or early 2027", D(2027, 4, 30)),
    # Hedges leave the date alone.
    case("hedge-about", "AGI in about two years.", D(2027, 2, 1), "in about two years"),
    case("hedge-roughly", "Within roughly 18 months, costs halve.", D(2026, 8, 1)),
    case("hedge-by-around", "by around 2030", D(2030, 12, 31), "by around 2030"),
    case("hedge-around", "Fusion arrives around 2030.", D(2030, 12, 31), "around 2030"),
    case("hedge-thereabouts", "in approximately 6 months or thereabouts", D(2025, 8, 1)),
    # Calendar ends.
    case(
        "musk-end-of-next-year",
        "Musk said full self-driving would be ready by the end of next year.",
        D(2026, 12, 31),
        "by the end of next year",
    ),
    case("end-of-the-year", "by the end of the year", D(2025, 12, 31)),
    case("this-year", "Rates will be cut twice this year.", D(2025, 12, 31), "this year"),
    case("year-end-hyphen", "by year-end", D(2025, 12, 31), "by year-end"),
    case("year-end-space", "by year end", D(2025, 12, 31)),
    case("end-of-this-year", "by the end of this year", D(2025, 12, 31)),
    case("later-this-year", "later this year", D(2025, 12, 31)),
    case("year-is-out", "Oil hits $150 before the year is out.", D(2025, 12, 31)),
    case("next-year", "Next year, prices rise.", D(2026, 12, 31), "Next year"),
    case("end-of-the-month", "by the end of the month", D(2025, 2, 28)),
    case("this-month-leap", "by the end of this month", D(2024, 2, 29), anchor=D(2024, 2, 10)),
    case("month-end", "by month-end", D(2025, 2, 28)),
    case("next-month", "next month", D(2025, 3, 31)),
    case("next-month-over-year", "next month", D(2026, 1, 31), anchor=D(2025, 12, 15)),
    case("end-of-the-decade", "by the end of the decade", D(2029, 12, 31)),
    case("this-decade", "this decade", D(2029, 12, 31)),
    case("next-decade", "next decade", D(2039, 12, 31)),
    case("end-of-quarter", "by the end of the quarter", D(2025, 6, 30), anchor=D(2025, 5, 10)),
    case("next-quarter", "next quarter", D(2026, 3, 31), anchor=D(2025, 11, 10)),
    case("next-week-from-saturday", "next week", D(2025, 2, 9)),
    case("next-week-from-monday", "next week", D(2025, 2, 16), anchor=D(2025, 2, 3)),
    case("end-of-the-week", "by the end of the week", D(2025, 2, 9), anchor=D(2025, 2, 5)),
    case("weekend", "by the weekend", D(2025, 2, 9), anchor=D(2025, 2, 5)),
    case("tomorrow", "by tomorrow", D(2025, 2, 2), "by tomorrow"),
    case("tonight", "by tonight", D(2025, 2, 1)),
    case("today-needs-by", "Today, I predict a crash.", None),
    case("this-week", "this week", D(2025, 2, 9), anchor=D(2025, 2, 3)),
    case("half-a-month", "in half a month", D(2025, 2, 16)),
    case("half-without-year", "It happened in the first half.", None),
    case("mid-decade", "in the mid-2030s", D(2035, 12, 31)),
    case("christmas", "We'll know by Christmas.", D(2025, 12, 25)),
    case("mid-century", "By the middle of the century, it peaks.", D(2050, 12, 31)),
    # Named months, quarters, halves, seasons.
    case("by-march", "by March", D(2025, 3, 31), "by March"),
    case("by-march-in-march", "by March", D(2025, 3, 31), anchor=D(2025, 3, 15)),
    case("by-march-after-march", "by March", D(2026, 3, 31), anchor=D(2025, 4, 1)),
    case("march-2027", "by March 2027", D(2027, 3, 31), "by March 2027"),
    case("in-march-2027", "in March 2027", D(2027, 3, 31)),
    case("end-of-march-2027", "by the end of March 2027", D(2027, 3, 31)),
    case("abbreviated-month", "by Sept 2026", D(2026, 9, 30)),
    case("early", "by early 2027", D(2027, 4, 30), "by early 2027"),
    case("late", "by late 2027", D(2027, 12, 31)),
    case("end-of-2027", "by the end of 2027", D(2027, 12, 31)),
    case("start-of", "by the start of 2027", D(2026, 12, 31)),
    case("q3-2026", "by Q3 2026", D(2026, 9, 30), "by Q3 2026"),
    case("third-quarter", "in the third quarter of 2026", D(2026, 9, 30)),
    case("q3-before", "by Q3", D(2026, 9, 30), anchor=D(2026, 3, 10)),
    case("q3-after", "by Q3", D(2027, 9, 30), anchor=D(2026, 10, 1)),
    case("q1-next-year", "by the end of Q1 next year", D(2026, 3, 31)),
    case("h1", "H1 2026", D(2026, 6, 30), "H1 2026"),
    case("first-half", "in the first half of 2026", D(2026, 6, 30)),
    case("second-half", "second half of 2026", D(2026, 12, 31)),
    case("h2", "H2 2026", D(2026, 12, 31)),
    case("second-half-next-year", "in the second half of next year", D(2026, 12, 31)),
    case("mid-hyphen", "by mid-2026", D(2026, 6, 30), "by mid-2026"),
    case("mid-space", "by mid 2026", D(2026, 6, 30)),
    case("middle-of", "by the middle of 2026", D(2026, 6, 30)),
    case("mid-next-year", "mid-next-year", D(2026, 6, 30), anchor=D(2025, 3, 1)),
    case("summer", "by summer", D(2025, 8, 31)),
    case("before-the-summer", "before the summer", D(2025, 5, 31)),
    case("winter-crosses-year", "winter 2026", D(2027, 2, 28)),
    case("this-fall", "Apple will announce it at its event this fall.", D(2025, 11, 30)),
    case("next-summer-in-summer", "next summer", D(2026, 8, 31), anchor=D(2025, 7, 10)),
    case("within-the-year", "The stock will double within the year.", D(2025, 12, 31)),
    case("later-in-the-year", "wider availability later in the year", D(2025, 12, 31)),
    case("decades-end", "a $10 trillion company by decade's end", D(2029, 12, 31)),
    case("quarter-short-year", "in Q3'26", D(2026, 9, 30), "in Q3'26"),
    case("between-now-and", "between now and 2030", D(2030, 12, 31), "between now and 2030"),
    case(
        "range-after-dash",
        "ready by the end of 2025 \u2014 or early 2026 at the latest",
        D(2026, 4, 30),
        "by the end of 2025 \u2014 or early 2026",
    ),
    # Explicit dates.
    case("month-day-year", "by June 30, 2026", D(2026, 6, 30), "by June 30, 2026"),
    case("day-month-year", "by 30 June 2026", D(2026, 6, 30)),
    case("ordinal", "by 30th June 2026", D(2026, 6, 30), "by 30th June 2026"),
    case("ordinal-us", "June 30th, 2026", D(2026, 6, 30), "June 30th, 2026"),
    case("iso", "by 2026-06-30", D(2026, 6, 30), "by 2026-06-30"),
    case("numeric-day-first", "by 30/06/2026", D(2026, 6, 30)),
    case("numeric-month-first", "by 06/30/2026", D(2026, 6, 30)),
    case("numeric-ambiguous", "by 05/06/2026", None),
    case("no-such-day", "by 2026-02-30", None),
    case("month-year", "June 2026", D(2026, 6, 30), "June 2026"),
    case("day-without-year", "by June 30", D(2025, 6, 30)),
    # Years.
    case("by-2030", "by 2030", D(2030, 12, 31), "by 2030"),
    case("in-2025", "in 2025", D(2025, 12, 31)),
    case("before-2030", "before 2030", D(2029, 12, 31), "before 2030"),
    case("end-of-2030", "by the end of 2030", D(2030, 12, 31)),
    case("until-2030", "Rates stay low until 2030.", D(2030, 12, 31)),
    case("by-the-2030s", "by the 2030s", D(2029, 12, 31)),
    case("in-the-2030s", "in the 2030s", D(2039, 12, 31), "in the 2030s"),
    case("early-2030s", "by the early 2030s", D(2033, 12, 31)),
    case("bare-year-is-no-deadline", "the 2024 model sold 5000 units", None),
    case("bare-year-with-number", "They shipped 2030 units.", None),
    # Vague phrases name no date.
    case("soon", "It will happen soon.", None),
    case("coming-months", "in the coming months", None),
    case("coming-years", "in the coming years", None),
    case("eventually", "Eventually, everyone will.", None),
    case("a-few-years", "in a few years", None),
    case("several-months", "in several months", None),
    case("a-few-weeks", "in a few weeks", None),
    case("some-years", "in some years", None),
    case("someday", "someday", None),
    case("before-long", "before long", None),
    case("near-future", "in the near future", None),
    case("foreseeable-future", "in the foreseeable future", None),
    case("one-day", "One day, AI will run the world.", None),
    case("sooner-or-later", "sooner or later", None),
    case("due-course", "in due course", None),
    case("any-day-now", "any day now", None),
    case("no-deadline", "The weather was lovely and everyone agreed.", None),
    case("empty", "", None),
    # Floors and past references give no deadline.
    case("at-least", "It will take at least a year.", None),
    case("more-than", "in more than two years", None),
    case("or-more", "in two years or more", None),
    case("not-before", "not before 2030", None),
    case("wont-happen-until", "It won't happen until next year.", None),
    case("not-by-is-a-deadline", "It will not be done by 2030.", D(2030, 12, 31)),
    case("at-the-earliest", "by 2030 at the earliest", None),
    case("onwards", "from next year onwards", None),
    case("past-year", "Tesla promised robotaxis by the end of 2020.", None),
    case("earlier-this-year", "Earlier this year, sales fell.", None),
    case("ago", "Two years ago it failed.", None),
    case("tied-to-event", "a decision within 30 days of the filing", None),
    case("month-last-year", "She scored 2025 points in March of last year.", None),
    case("first-time-in", "It is the first time in a decade that rates rose.", None),
    case("published-in", "A report published in May 2025 says so.", None, anchor=D(2025, 3, 1)),
    case("to-be-published-in", "It will be published in May 2025.", D(2025, 5, 31)),
    case("overflow", "in 9000 years", None),
    case("overflow-near-max", "within 2 years", None, anchor=D(9999, 6, 1)),
    # Several phrases: the leftmost usable one.
    case("leftmost", "within 18 months, certainly by 2030", D(2026, 8, 1), "within 18 months"),
    case("vague-then-real", "soon, and certainly by 2027", D(2027, 12, 31), "by 2027"),
    case("past-then-real", "In 2019 he said it would happen by 2030", D(2030, 12, 31), "by 2030"),
    case("floor-then-real", "at least a year, maybe by 2027", D(2027, 12, 31)),
    # Real-looking sentences.
    case(
        "zuckerberg",
        "Zuckerberg predicted that by 2025, Meta would have an AI mid-level engineer.",
        D(2025, 12, 31),
        "by 2025",
        anchor=D(2025, 1, 10),
    ),
    case(
        "dimon",
        "Dimon warned that a recession could hit sometime in the next 6 to 9 months.",
        D(2025, 11, 1),
        "sometime in the next 6 to 9 months",
    ),
    case(
        "hinton",
        "Hinton put the odds of disaster within the next three decades at 10 to 20 percent.",
        D(2055, 2, 1),
        "within the next three decades",
    ),
    case(
        "may-is-a-verb",
        "Apple may unveil the device at WWDC in June.",
        D(2025, 6, 30),
        "in June",
    ),
    case("case-and-punctuation", "...BY THE END OF NEXT YEAR!!!", D(2026, 12, 31)),
]


@pytest.mark.parametrize(("text", "anchor", "expected", "matched"), CASES)
def test_parse_deadline(text: str, anchor: date, expected: date | None, matched: str | None):
    found = parse_deadline(text, anchor)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert found.resolves_on == expected
    assert found.matched in text
    if matched is not None:
        assert found.matched == matched


def test_there_are_enough_cases():
    assert len(CASES) >= 80


def test_matched_keeps_the_original_text_where_folding_changes_length():
    # "ß" folds to "ss" and "İ" to two characters; the offsets must still line up.
    text = "Die Straße İstanbul \u201cWITHIN THE NEXT\u00a0MONTH\u201d"
    found = parse_deadline(text, SAT)
    assert found == Deadline(D(2025, 3, 1), "WITHIN THE NEXT\u00a0MONTH")


def test_a_datetime_anchor_gives_a_date():
    found = parse_deadline("in a month", datetime(2025, 2, 1, 23, 59))
    assert found is not None
    assert type(found.resolves_on) is date
    assert found.resolves_on == D(2025, 3, 1)


def test_deadline_is_frozen():
    deadline = Deadline(D(2025, 3, 1), "in a month")
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.matched = "soon"  # type: ignore[misc]  # the write mypy forbids is the test
