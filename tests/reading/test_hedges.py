"""Suggestions from an article's text: quotes with their speakers, and predictions with a
claim, deadline and ICD 203 hedge. Pure functions: no database."""

import pytest

from reading.hedges import BANDS, find_hedge


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
