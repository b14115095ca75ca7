"""The article step on news stories as filers paste them: for each, the predictions suggested,
in order, with the claim to file, who said it, the deadline, the words to quote and whether
they are the speaker's own or the article's paraphrase. Table tests; the stories are made up
for these tests."""

import datetime as dt
import signal
from dataclasses import dataclass

import pytest

from predictions.demo import SEED_FILE, SEED_PUBLISHED_ON
from reading.datelines import read_dateline
from reading.suggest import suggest_claims
from reading.voice import organisation_of, third_person


@dataclass(frozen=True)
class Expected:
    claim: str
    speaker: str | None
    resolves_on: dt.date | None
    quote: str
    paraphrase: bool


SKANDERAIL = """Skanderail promises night trains to Berlin

STOCKHOLM, 20 November 2026 — Skanderail will run a nightly sleeper between Stockholm and \
Berlin by the end of 2027, its chief executive said on Thursday.

“We will run night trains from Stockholm to Berlin by the end of 2027,” said Anna Lind, chief \
executive of Skanderail. “The sleeper cars are already on order.”

Lind added that ticket prices would fall by a fifth within two years. Analysts at Nordbank \
expect the route to lose money for at least three years.

The company has been criticised for delays. Will it deliver this time?
"""


def test_the_skanderail_story_read_as_a_filer_would():
    # Published online the day after the dateline: the words were said on the 20th.
    found = suggest_claims(SKANDERAIL, dt.date(2026, 11, 21))

    assert found.said_on == dt.date(2026, 11, 20)
    assert found.dateline is not None
    assert found.dateline.matched == "STOCKHOLM, 20 November 2026"
    assert [summary(p) for p in found.predictions] == [
        Expected(
            "Skanderail will run a nightly sleeper between Stockholm and Berlin by the end of 2027",
            None,
            dt.date(2027, 12, 31),
            "Skanderail will run a nightly sleeper between Stockholm and Berlin by the end of "
            "2027, its chief executive said on Thursday.",
            True,
        ),
        Expected(
            "Skanderail runs night trains from Stockholm to Berlin by the end of 2027",
            "Anna Lind",
            dt.date(2027, 12, 31),
            "We will run night trains from Stockholm to Berlin by the end of 2027",
            False,
        ),
        Expected(
            "Ticket prices would fall by a fifth within two years",
            "Anna Lind",
            dt.date(2028, 11, 20),  # two years from the dateline, not from publication
            "Lind added that ticket prices would fall by a fifth within two years.",
            True,
        ),
        # No deadline ("at least three years" is a floor), so listed last.
        Expected(
            "Analysts at Nordbank expect the route to lose money for at least three years",
            None,
            None,
            "Analysts at Nordbank expect the route to lose money for at least three years.",
            True,
        ),
    ]


def test_the_dateline_is_never_a_deadline():
    found = suggest_claims(SKANDERAIL, dt.date(2026, 11, 21))
    deadlines = [p.deadline.matched for p in found.predictions if p.deadline]
    assert deadlines == ["by the end of 2027", "by the end of 2027", "within two years"]
    assert not any("STOCKHOLM" in p.sentence for p in found.predictions)


def summary(prediction) -> Expected:
    return Expected(
        prediction.claim,
        prediction.speaker,
        prediction.deadline.resolves_on if prediction.deadline else None,
        prediction.quote,
        prediction.paraphrase,
    )


def story(published_on: dt.date, text: str, *expected: Expected):
    return pytest.param(published_on, text, list(expected), id=text[:40])


STORIES = [
    story(
        dt.date(2026, 3, 4),
        "FRANKFURT, 3 March 2026 — The European Central Bank will cut its deposit rate to 1.5% "
        "by September, its president, Marta Keller, told reporters on Tuesday.",
        Expected(
            "The European Central Bank will cut its deposit rate to 1.5% by September",
            "Marta Keller",
            dt.date(2026, 9, 30),
            "The European Central Bank will cut its deposit rate to 1.5% by September, its "
            "president, Marta Keller, told reporters on Tuesday.",
            True,
        ),
    ),
    story(
        dt.date(2026, 5, 10),
        "“We’ll have a working prototype,” said Dr. Ravi Menon, who leads the fusion programme "
        "at Helion Labs, “before the end of next year.”",
        Expected(
            "Helion Labs has a working prototype before the end of next year",
            "Ravi Menon",
            dt.date(2027, 12, 31),
            "We’ll have a working prototype before the end of next year.",
            False,
        ),
    ),
    story(
        dt.date(2026, 4, 6),
        "Senator Dana Whitfield said on Monday: “I will not seek re-election in 2028.”",
        Expected(
            "Dana Whitfield does not seek re-election in 2028",
            "Dana Whitfield",
            dt.date(2028, 12, 31),
            "I will not seek re-election in 2028.",
            False,
        ),
    ),
    story(
        dt.date(2026, 1, 15),
        "The minister predicts that unemployment will fall below 4% within 18 months, according "
        "to people familiar with her thinking.",
        Expected(
            "Unemployment will fall below 4% within 18 months",
            None,
            dt.date(2027, 7, 15),
            "The minister predicts that unemployment will fall below 4% within 18 months, "
            "according to people familiar with her thinking.",
            True,
        ),
    ),
    # A question asks; it predicts nothing. Nor does "would say".
    story(
        dt.date(2026, 2, 2),
        "Will the stadium be finished by 2030? Nobody at City Hall would say.",
    ),
    story(
        dt.date(2026, 6, 1),
        "Economists at Lakeside Capital said a recession in Germany is very likely before the "
        "end of 2027.",
        Expected(
            "A recession in Germany is very likely before the end of 2027",
            None,
            dt.date(2027, 12, 31),
            "Economists at Lakeside Capital said a recession in Germany is very likely before "
            "the end of 2027.",
            True,
        ),
    ),
    # The sentence with a deadline comes first.
    story(
        dt.date(2026, 7, 1),
        "Harbour Energy will probably sell its North Sea fields. Its chair, Tomas Berg, said the "
        "sale would close by June 2027.",
        Expected(
            "The sale would close by June 2027",
            "Tomas Berg",
            dt.date(2027, 6, 30),
            "Its chair, Tomas Berg, said the sale would close by June 2027.",
            True,
        ),
        Expected(
            "Harbour Energy will probably sell its North Sea fields",
            None,
            None,
            "Harbour Energy will probably sell its North Sea fields.",
            True,
        ),
    ),
    story(
        dt.date(2026, 2, 1),
        "Northwind Air’s chief executive, Lena Ortiz, said: “We are going to double our fleet "
        "within five years.”",
        Expected(
            "Northwind Air doubles its fleet within five years",
            "Lena Ortiz",
            dt.date(2031, 2, 1),
            "We are going to double our fleet within five years.",
            False,
        ),
    ),
    story(
        dt.date(2026, 11, 4),
        "WASHINGTON, Nov. 3 (AP) — The Treasury expects the deficit to narrow by 2028, "
        "Secretary Paul Grant said.",
        Expected(
            "The Treasury expects the deficit to narrow by 2028",
            "Paul Grant",
            dt.date(2028, 12, 31),
            "The Treasury expects the deficit to narrow by 2028, Secretary Paul Grant said.",
            True,
        ),
    ),
    story(
        dt.date(2026, 3, 13),
        "Shares of Vexa fell 4% on Friday after the company missed its sales target.",
    ),
    story(
        dt.date(2026, 6, 1),
        "At the summit, Professor Ines Duarte warned that sea levels could rise 30 centimetres "
        "in the next decade.",
        Expected(
            "Sea levels could rise 30 centimetres in the next decade",
            "Ines Duarte",
            dt.date(2036, 6, 1),
            "At the summit, Professor Ines Duarte warned that sea levels could rise 30 "
            "centimetres in the next decade.",
            True,
        ),
    ),
    story(
        dt.date(2026, 9, 9),
        "“The company’s new chip won’t ship before 2028,” said Kai Brenner, an analyst at Orbis "
        "Research.",
        # "won’t ... before 2028" is a floor, not a deadline: the filer sets one.
        Expected(
            "The company’s new chip won’t ship before 2028",
            "Kai Brenner",
            None,
            "The company’s new chip won’t ship before 2028",
            False,
        ),
    ),
]


@pytest.mark.parametrize(("published_on", "text", "expected"), STORIES)
def test_news_stories(published_on, text, expected):
    found = suggest_claims(text, published_on)
    assert [summary(p) for p in found.predictions] == expected


def test_the_seed_prediction_is_the_articles_paraphrase_of_an_unnamed_speaker():
    found = suggest_claims(SEED_FILE.read_text(encoding="utf-8"), SEED_PUBLISHED_ON)
    [prediction] = [p for p in found.predictions if "within the next month" in p.sentence]
    assert prediction.paraphrase and prediction.speaker is None
    assert prediction.quote == prediction.sentence


@pytest.mark.parametrize(
    ("text", "said_on", "rest"),
    [
        ("LONDON (Reuters) - Prices rose.", None, "\n\nPrices rose."),
        ("NEW YORK, March 5, 2026 — Prices rose.", dt.date(2026, 3, 5), "\n\nPrices rose."),
        (
            "Headline\n\n12 Jan 2026 — Prices rose.",
            dt.date(2026, 1, 12),
            "Headline\n\n\n\nPrices rose.",
        ),
        ("PARIS, 31 February 2026 — Prices rose.", None, "\n\nPrices rose."),
    ],
)
def test_datelines(text, said_on, rest):
    dateline, after = read_dateline(text, dt.date(2026, 6, 1))
    assert dateline is not None and dateline.said_on == said_on
    assert after == rest


@pytest.mark.parametrize(
    "text",
    [
        "The plan - if it works - will cut costs.",
        "In 2026 - a year of change - prices rose.",
        "Meanwhile — nothing happened.",
    ],
)
def test_sentences_with_dashes_are_not_datelines(text):
    assert read_dateline(text, dt.date(2026, 6, 1)) == (None, text)


@pytest.mark.parametrize(
    ("claim", "speaker", "organisation", "third"),
    [
        ("We will open ten stores", "Jo Park", "Acme", "Acme opens ten stores"),
        ("We’ll fix it by May", "Jo Park", "Acme", "Acme fixes it by May"),
        ("We will not be profitable", "Jo Park", "Acme", "Acme is not profitable"),
        ("I will step down by June", "Jo Park", None, "Jo Park steps down by June"),
        ("I am going to try harder", "Jo Park", None, "Jo Park tries harder"),
        ("We will grow our sales", "Jo Park", None, "We will grow our sales"),  # who is "we"?
        ("Prices will rise", "Jo Park", "Acme", "Prices will rise"),
    ],
)
def test_third_person(claim, speaker, organisation, third):
    assert third_person(claim, speaker=speaker, organisation=organisation) == third


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("Jo Park, chief executive of Acme Foods, said so.", "Acme Foods"),
        ("Acme Foods’s chief executive, Jo Park, said so.", "Acme Foods"),
        ("Acme chief executive Jo Park said so.", "Acme"),
        ("Jo Park said so.", None),
    ],
)
def test_organisation_of(text, organisation):
    assert organisation_of("Jo Park", text) == organisation


@pytest.mark.parametrize(
    ("claim", "third"),
    [
        ("We will also run night trains", "Acme also runs night trains"),
        ("We will never sell", "Acme never sells"),
        ("We will never be profitable", "Acme is never profitable"),
        ("We will apply for a licence", "Acme applies for a licence"),  # a verb, not an adverb
        ("I will probably step down", "Jo Park probably steps down"),
    ],
)
def test_third_person_keeps_an_adverb_before_the_verb(claim, third):
    assert third_person(claim, speaker="Jo Park", organisation="Acme") == third


@pytest.mark.parametrize(
    "text",
    [
        "Yesterday the minister and Jo Park met.",
        "Last week the minister and Jo Park met.",
        "On Monday Jo Park said so.",
    ],
)
def test_ordinary_words_are_no_organisation(text):
    assert organisation_of("Jo Park", text) is None


def test_a_capitalised_word_and_a_dash_are_no_dateline():
    text = "Talks resume\nUS - China talks will resume within two weeks."
    assert read_dateline(text, dt.date(2026, 6, 1)) == (None, text)


def test_a_dateline_is_looked_for_only_in_the_first_lines():
    text = "One\nTwo\nThree\nPARIS, 3 May 2026 — Prices rose."
    assert read_dateline(text, dt.date(2026, 6, 1)) == (None, text)


def test_a_date_without_a_year_is_the_last_one_before_publication():
    dateline, _ = read_dateline("LONDON, Dec. 31 (AP) — Prices rose.", dt.date(2027, 1, 2))
    assert dateline is not None and dateline.said_on == dt.date(2026, 12, 31)


# Inputs that make a careless pattern retry without end: each must come back
# at once (well under a second here). The alarm turns a hang into a failure.
HOSTILE: dict[str, str] = {
    "capitals after said": "Prices will rise next year, said " + "A" * 19_000 + " x.",
    "capital words after said": "Prices will rise next year, said " + "Ab " * 6_000 + "x.",
    "commas": "Prices will rise next year" + ", a b c" * 2_800 + ", she said.",
    "a capital run and a dash": "A" * 3_000 + " - Prices will rise by 2027.",
    "a long subject": "a " * 9_000 + "said prices will rise by 2027.",
    "adverbs": "“We will " + "also " * 3_000 + "run trains by 2027,” said Jo Park of Acme.",
    "names": "Anna Lind " * 1_900 + "said prices will rise by 2027.",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_read_in_bounded_time(text):
    def hung(signum, frame):
        raise AssertionError("the reading did not finish in 20 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        suggest_claims(text[:20_000], dt.date(2026, 1, 1))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
