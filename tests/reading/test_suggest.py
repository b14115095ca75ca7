"""Suggestions from an article's text: quotes with their speakers, and predictions with a
claim, deadline and ICD 203 hedge. Pure functions: no database."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from predictions.demo import SEED_FILE, SEED_PUBLISHED_ON
from reading.suggest import MAX_CHARS, as_json, suggest_claims

PUBLISHED = dt.date(2025, 2, 1)


def quotes_of(text: str) -> dict[str, str | None]:
    return {q.text: q.speaker for q in suggest_claims(text, PUBLISHED).quotes}


def predictions_of(text: str):
    return suggest_claims(text, PUBLISHED).predictions


def the_prediction(text: str):
    [prediction] = predictions_of(text)
    return prediction


# --- The seed article --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return suggest_claims(SEED_FILE.read_text(encoding="utf-8"), SEED_PUBLISHED_ON)


def test_the_seed_quote_is_sam_altmans(seed):
    [quote] = [q for q in seed.quotes if q.text == "wrong side of history"]

    assert quote.speaker == "Sam Altman"
    assert quote.sentence.startswith("Sam Altman, CEO of OpenAI, acknowledged a shift")


def test_the_seed_has_only_its_real_quotations(seed):
    # "company’s" and "OpenAI’s" are apostrophes; the repeated quote is listed once.
    assert [q.text for q in seed.quotes] == [
        "We Are On The Wrong Side Of History",
        "wrong side of history",
    ]


def test_the_seed_prediction_has_its_deadline_claim_and_hedge(seed):
    [prediction] = [
        p
        for p in seed.predictions
        if "OpenAI may move towards open sourcing its models within the next month" in p.sentence
    ]

    assert dt.date(2025, 2, 1) == SEED_PUBLISHED_ON
    assert prediction.deadline.resolves_on == dt.date(2025, 3, 1)
    assert prediction.deadline.matched == "within the next month"
    assert prediction.claim.startswith("OpenAI may move towards open sourcing its models")
    assert ", suggesting" not in prediction.claim
    assert prediction.speaker is None  # "the speaker predicts": nobody is named
    hedge = prediction.hedge
    assert (hedge.phrase, hedge.icd203_term, hedge.low, hedge.high, hedge.mapped) == (
        "may",
        "roughly even chance",
        0.45,
        0.55,
        True,
    )


def test_a_seed_sentence_without_a_name_takes_the_previous_sentences_speaker(seed):
    [prediction] = [p for p in seed.predictions if p.sentence.startswith("He highlighted")]

    assert prediction.speaker == "Sam Altman"
    assert prediction.claim == "OpenAI may move towards this approach in the near future"


# --- Quotes -----------------------------------------------------------------------------------


def test_straight_and_curly_double_quotes():
    text = 'Jane Smith said "prices will fall". Later Omar Khan wrote “rates will rise soon”.'

    assert quotes_of(text) == {
        "prices will fall": "Jane Smith",
        "rates will rise soon": "Omar Khan",
    }


def test_single_curly_quotes_but_not_apostrophes():
    text = "The company’s chief called it ‘a bold bet’ and OpenAI’s rivals’ lawyers agreed."

    assert list(quotes_of(text)) == ["a bold bet"]


def test_a_quote_inside_a_quote_is_part_of_it():
    text = "“They called it ‘a bold bet’ at the time,” said Jane Smith."

    assert quotes_of(text) == {"They called it ‘a bold bet’ at the time": "Jane Smith"}


def test_a_quotation_of_several_sentences_stays_whole():
    text = 'Mr. Brown told reporters: "We will not ship. Not this year." The room went quiet.'
    [quote] = suggest_claims(text, PUBLISHED).quotes

    assert quote.text == "We will not ship. Not this year."
    assert quote.speaker == "Mr. Brown"
    assert quote.sentence == 'Mr. Brown told reporters: "We will not ship. Not this year."'


def test_a_speech_verb_beats_an_earlier_name():
    text = "Robert Brown chaired the meeting, and Maria Lopez said “the deal is done”."

    assert quotes_of(text) == {"the deal is done": "Maria Lopez"}


def test_a_pronoun_resolves_to_the_last_named_speaker_in_the_paragraph():
    text = "Jane Smith spoke on Tuesday. The room was full. “Prices will fall,” she said."

    assert quotes_of(text) == {"Prices will fall": "Jane Smith"}


def test_a_pronoun_does_not_reach_into_the_previous_paragraph():
    text = "Jane Smith spoke on Tuesday.\n\n“Prices will fall,” she said."

    assert quotes_of(text) == {"Prices will fall": None}


def test_no_speaker_when_nobody_is_named():
    assert quotes_of("“Prices will fall,” the report said.") == {"Prices will fall": None}
    # Two sentences back, without a pronoun, is too far.
    text = "Jane Smith spoke. The room was full. “Prices will fall” was the slogan."
    assert quotes_of(text) == {"Prices will fall": None}


def test_an_unnamed_speaker_does_not_borrow_the_previous_sentences():
    text = "Jane Smith spoke. Then the group wrote “we disagree entirely”."

    assert quotes_of(text) == {"we disagree entirely": None}


@pytest.mark.parametrize(
    "text",
    [
        "In March Sam Altman said “open weights matter”.",
        "Yesterday, Sam Altman, CEO of OpenAI, said “open weights matter”.",
        "“Open weights matter,” said Sam Altman on Monday.",
        "According to Sam Altman, “open weights matter”.",
    ],
)
def test_openers_months_days_and_titles_are_not_names(text):
    assert list(quotes_of(text).values()) == ["Sam Altman"]


@pytest.mark.parametrize(
    "text",
    [
        "Acme Corp said “profits will double”.",
        "OpenAI said “profits will double”.",
        "The Treasury Department said “profits will double”.",
    ],
)
def test_organisations_are_not_speakers(text):
    assert list(quotes_of(text).values()) == [None]


def test_one_word_quotes_need_a_speaker():
    assert quotes_of('The so-called "miracle" drug failed.') == {}
    assert quotes_of('Jane Smith called it "nonsense".') == {"nonsense": "Jane Smith"}


# --- Predictions ------------------------------------------------------------------------------


def test_will_without_a_deadline():
    prediction = the_prediction("The company will release a new model.")

    assert prediction.deadline is None
    assert prediction.claim == "The company will release a new model"
    assert (prediction.hedge.phrase, prediction.hedge.icd203_term) == ("will", "almost certain")


def test_the_claim_is_the_clause_after_the_verb_cut_before_a_comment():
    prediction = the_prediction(
        "Moreover, Jane Smith believes that the firm is likely to merge, which would please "
        "investors."
    )

    assert prediction.claim == "The firm is likely to merge"
    assert prediction.speaker == "Jane Smith"
    assert prediction.hedge.phrase == "likely"


@pytest.mark.parametrize(
    "text",
    [
        "The company released its model last year.",
        "Revenue grew by 20 percent in 2024.",
        "In May the firm hired Will Jones.",  # the month and the name are not modal verbs
        "Will OpenAI open-source a model within the next month?",  # a question
        "It would be a shame.",  # "would" without a deadline
        "",
    ],
)
def test_sentences_that_do_not_look_ahead_are_not_predictions(text):
    assert predictions_of(text) == []


def test_would_with_a_deadline_is_a_prediction():
    prediction = the_prediction("Analysts said the deal would close within the next month.")

    assert prediction.deadline.matched == "within the next month"
    assert prediction.claim == "The deal would close within the next month"


@pytest.mark.parametrize(
    "text",
    [
        "Jane Smith expects the bill to pass.",
        "The launch is set to slip.",
        "The project is on track to finish early.",
        "Acme plans to open a plant.",
        "Rates are going to rise.",
        "Sales might recover.",
    ],
)
def test_forward_looking_cues(text):
    assert len(predictions_of(text)) == 1


def test_abbreviations_do_not_end_sentences():
    text = "Dr. Jane Smith of the U.S. Treasury said rates will rise. Prices will follow."

    assert [p.sentence for p in predictions_of(text)] == [
        "Dr. Jane Smith of the U.S. Treasury said rates will rise.",
        "Prices will follow.",
    ]


def test_only_the_first_max_chars_are_read():
    padding = "The firm made cars. " * (MAX_CHARS // 20 + 1)

    assert predictions_of(padding + "The firm will make boats.") == []


# --- JSON -------------------------------------------------------------------------------------


def test_as_json_shape(seed):
    data = as_json(seed)

    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"said_on", "dateline", "quotes", "predictions"}
    assert {"text": "wrong side of history", "speaker": "Sam Altman"}.items() <= data["quotes"][
        1
    ].items()
    assert all(set(q) == {"text", "speaker", "sentence"} for q in data["quotes"])
    [entry] = [p for p in data["predictions"] if p["resolves_on"]]
    assert set(entry) == {
        "sentence",
        "claim",
        "speaker",
        "quote",
        "quote_is_paraphrase",
        "resolves_on",
        "deadline_text",
        "hedge",
    }
    assert entry["quote_is_paraphrase"] is True and entry["quote"] == entry["sentence"]
    assert (entry["resolves_on"], entry["deadline_text"]) == ("2025-03-01", "within the next month")
    assert entry["hedge"] == {
        "phrase": "may",
        "icd203_term": "roughly even chance",
        "low": 0.45,
        "high": 0.55,
        "mapped": True,
    }


def test_as_json_without_deadline_or_hedge():
    [entry] = as_json(suggest_claims("Acme plans to open a plant.", PUBLISHED))["predictions"]

    assert (entry["resolves_on"], entry["deadline_text"], entry["hedge"]) == (None, None, None)


# --- Robustness -------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "Sam Altman",
        "Mr.",
        " said ",
        " he said",
        "“",
        "”",
        "‘",
        "’",
        '"',
        "’s",
        ". ",
        "? ",
        "\n\n",
        ", ",
        "will ",
        "would ",
        "probably not ",
        "within the next month",
        "by 2030",
        "U.S. ",
        "In May ",
        "The ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.text() | st.lists(FRAGMENTS | st.text(max_size=5), max_size=40).map("".join))
def test_never_raises_on_arbitrary_text(text):
    data = as_json(suggest_claims(text, PUBLISHED))

    assert json.loads(json.dumps(data)) == data
