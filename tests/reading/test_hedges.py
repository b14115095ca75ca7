"""Suggestions from an article's text: quotes with their speakers, and predictions with a
claim, deadline and ICD 203 hedge. Pure functions: no database."""

import pytest

from reading.hedges import BANDS, find_hedge, hedge_named, midpoint, phrase_occurs


def test_icd_203_has_seven_bands():
    assert BANDS == {
        "almost no chance": (0.01, 0.05),
        "very unlikely": (0.05, 0.20),
        "unlikely": (0.20, 0.45),
        "roughly even chance": (0.45, 0.55),
        "likely": (0.55, 0.80),
        "very likely": (0.80, 0.95),
        "almost certain": (0.95, 0.99),
    }


@pytest.mark.parametrize(
    ("text", "phrase", "term", "mapped"),
    [
        # ICD 203's own terms and synonyms.
        ("There is almost no chance of a deal.", "almost no chance", "almost no chance", False),
        ("A deal is a remote possibility.", "remote", "almost no chance", False),
        ("A deal is very unlikely.", "very unlikely", "very unlikely", False),
        ("A deal is highly improbable.", "highly improbable", "very unlikely", False),
        ("A deal is unlikely.", "unlikely", "unlikely", False),
        ("A deal is improbable.", "improbable", "unlikely", False),
        (
            "There is a roughly even chance of a deal.",
            "roughly even chance",
            "roughly even chance",
            False,
        ),
        ("A deal is likely.", "likely", "likely", False),
        ("A deal will probably happen.", "probably", "likely", False),
        ("A deal is very likely.", "very likely", "very likely", False),
        ("A deal is highly probable.", "highly probable", "very likely", False),
        ("A deal is almost certain.", "almost certain", "almost certain", False),
        ("A deal will almost certainly happen.", "almost certainly", "almost certain", False),
        # Everyday words mapped to the nearest band.
        ("A deal is probably not coming.", "probably not", "unlikely", True),
        ("A deal probably won’t happen.", "probably won’t", "unlikely", True),
        ("A deal is highly likely.", "highly likely", "very likely", True),
        ("A deal may happen.", "may", "roughly even chance", True),
        ("A deal might happen.", "might", "roughly even chance", True),
        ("A deal could happen.", "could", "roughly even chance", True),
        ("A deal will possibly happen.", "possibly", "roughly even chance", True),
        ("A deal will happen.", "will", "almost certain", True),
        ("A deal won’t happen.", "won’t", "almost certain", True),
        ("A deal is going to happen.", "is going to", "almost certain", True),
        ("A deal will certainly happen.", "certainly", "almost certain", True),
    ],
)
def test_hedges_and_their_bands(text, phrase, term, mapped):
    hedge = find_hedge(text)

    assert hedge is not None
    assert (hedge.phrase, hedge.icd203_term, hedge.mapped) == (phrase, term, mapped)
    assert (hedge.low, hedge.high) == BANDS[term]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("It is very likely.", "very likely"),
        ("It will almost certainly rain.", "almost certainly"),
        ("It is probably not true.", "probably not"),
        ("It is highly unlikely.", "highly unlikely"),
    ],
)
def test_the_longest_hedge_wins(text, phrase):
    hedge = find_hedge(text)
    assert hedge is not None
    assert hedge.phrase == phrase


def test_no_hedge_in_plain_statements():
    assert find_hedge("The firm makes cars and remote controls.") is None
    assert find_hedge("Revenue grew in May.") is None


@pytest.mark.parametrize(
    ("phrase", "term"),
    [
        ("very likely", "very likely"),
        ("Very   Likely", "very likely"),
        ("probably", "likely"),
        ("May", "roughly even chance"),  # a modal at the start of a sentence
        ("is possible", "roughly even chance"),  # a hedge only with its context
        ("remote chance", "almost no chance"),
    ],
)
def test_a_phrase_is_named_as_a_whole(phrase, term):
    hedge = hedge_named(phrase)
    assert hedge is not None and hedge.icd203_term == term


@pytest.mark.parametrize("phrase", ["not very likely", "likely to", "possible", "fairly sure", ""])
def test_a_phrase_with_more_or_less_than_a_hedge_is_not_one(phrase):
    assert hedge_named(phrase) is None


def test_the_middle_of_each_band_to_the_hundredth_halves_up():
    middles = {term: midpoint(hedge_named(term)) for term in BANDS}  # type: ignore[arg-type]
    assert middles == {
        "almost no chance": 0.03,
        "very unlikely": 0.13,
        "unlikely": 0.33,
        "roughly even chance": 0.5,
        "likely": 0.68,
        "very likely": 0.88,
        "almost certain": 0.97,
    }


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("very likely", "It is Very\nlikely to happen.", True),
        ("won't", "It won\u2019t happen.", True),
        ("likely", "It is unlikely to happen.", False),
        ("likely", "It is likely-ish.", False),
        ("", "Anything.", False),
    ],
)
def test_a_phrase_occurs_only_as_whole_words(phrase, text, found):
    assert phrase_occurs(phrase, text) is found
