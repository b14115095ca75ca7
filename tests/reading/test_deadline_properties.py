"""reading.deadlines under generated input: spans grow with their amount, no text
makes it raise, and what it matched is a piece of what it read."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reading.deadlines import parse_deadline

SAT = date(2025, 2, 1)  # a Saturday

ONES = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty"}
UNITS = {"day": (0, 1), "week": (0, 7), "fortnight": (0, 14), "month": (1, 0)}
UNITS |= {"quarter": (3, 0), "year": (12, 0), "decade": (120, 0)}


def spelled(n: int) -> str:
    if n < 20:
        return ONES[n - 1]
    tens, ones = divmod(n, 10)
    return TENS[tens] + (f"-{ONES[ones - 1]}" if ones else "")


def within(n: int, unit: str, words: bool) -> str:
    return f"within {spelled(n) if words else n} {unit if n == 1 else unit + 's'}"


# Hypothesis flags function-scoped fixtures; the only ones here are conftest's autouse ones,
# which these pure tests never touch.
props = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
anchors = st.dates(date(1950, 1, 1), date(2150, 12, 31))


@props
@given(anchors, st.integers(1, 60), st.sampled_from(sorted(UNITS)), st.booleans())
def test_spans_are_after_the_anchor_and_grow_with_the_amount(anchor, n, unit, words):
    here = parse_deadline(within(n, unit, words), anchor)
    there = parse_deadline(within(n + 1, unit, words), anchor)
    assert here is not None and there is not None
    assert anchor < here.resolves_on <= there.resolves_on
    assert here.matched == within(n, unit, words)
    months, days = UNITS[unit]
    assert here.resolves_on == anchor + relativedelta(months=n * months) + timedelta(n * days)


@props
@given(st.text(), st.dates())
def test_never_raises_on_any_text(text, anchor):
    found = parse_deadline(text, anchor)
    assert found is None or (found.matched in text and found.resolves_on >= anchor)


TOKENS = [
    "in", "within", "the", "next", "by", "before", "not", "at least", "or", "to", "and", "-",
    "a", "half", "year", "years", "months", "week", "decade", "2030s", "2029", "2030", "q3",
    "h2", "mid", "early", "end", "of", "this", "march", "may", "30", "30th", "june", "from",
    "now", "'s", "time", "couple", "dozen", "twenty-four", "1.5", "99999", "2026-02-30",
    "31/02/2026", "05/06/2026", "christmas", "summer", "weekend", "tomorrow", ",", ".",
    "\u00df", "\u0130", "\u00a0", "\x00", "\u2019", "\u2013",
]  # fmt: skip


@props
@given(st.lists(st.sampled_from(TOKENS), max_size=14), st.dates())
def test_never_raises_on_near_misses_of_the_grammar(tokens, anchor):
    text = " ".join(tokens)
    found = parse_deadline(text, anchor)
    assert found is None or (found.matched in text and found.resolves_on >= anchor)


PHRASES = [
    "within the next month", "in two years", "by the end of next year", "by March 2027",
    "by Q3 2026", "mid-2026", "by June 30, 2026", "in three to six months", "by 2029 or 2030",
    "next decade", "half a decade from now", "by 2026-06-30", "this year or next",
]  # fmt: skip
FILLER = st.lists(st.sampled_from(["they", "market", "said", "will", "rise", "and", ",", "AI"]))


def scramble_case(phrase: str, flips: list[bool]) -> str:
    upper = set(i for i, flip in enumerate(flips) if flip)
    return "".join(c.upper() if i in upper else c.lower() for i, c in enumerate(phrase))


@props
@given(
    st.sampled_from(PHRASES), st.lists(st.booleans(), max_size=40), st.text(), st.text(), anchors
)
def test_matched_is_a_slice_of_the_input(phrase, flips, before, after, anchor):
    text = f"{before} {scramble_case(phrase, flips)} {after}"
    found = parse_deadline(text, anchor)
    assert found is None or found.matched in text


@props
@given(st.sampled_from(PHRASES), st.lists(st.booleans(), max_size=40), FILLER, FILLER)
def test_a_phrase_is_found_inside_a_longer_sentence(phrase, flips, before, after):
    written = scramble_case(phrase, flips)
    text = " ".join([*before, written, *after]) + "."
    found = parse_deadline(text, SAT)
    assert found is not None
    assert found.matched == written
    alone = parse_deadline(phrase, SAT)
    assert alone is not None
    assert found.resolves_on == alone.resolves_on
