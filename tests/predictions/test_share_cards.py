"""Share cards: a prediction's and a person's page name a 1200 × 630 PNG in
their Open Graph tags; the PNG says the claim, who, the deadline and the
outcome (its chip in the outcome's colour), or the person's record; it is
drawn again when what it says changes; a claim awaiting review has none."""

import io
from typing import cast

import pytest
from PIL import Image

from predictions import records, selectors
from predictions.demo import load_demo
from predictions.demo_examples import ANALYST
from predictions.share_cards import (
    CHIP_COLOURS,
    HEIGHT,
    MARGIN,
    WIDTH,
    person_card,
    prediction_card,
    wrap,
)
from predictions.share_cards import _font as font
from predictions.views.people import CountedPerson, counts_in_words
from sources.models import Person
from sources.services import merge_person_records
from tests.support.factories import PersonFactory, PredictionFactory
from tests.support.html import Page

pytestmark = pytest.mark.django_db


def png(client, url: str) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age=3600" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    image.load()  # a truncated or malformed PNG raises here
    return image


def chip_colour(image: Image.Image) -> str:
    # Just inside the chip's rounded left end, level with its middle.
    pixel = image.convert("RGB").getpixel((MARGIN + 12, HEIGHT - 48 - 32))
    assert isinstance(pixel, tuple)
    return "#{:02x}{:02x}{:02x}".format(*pixel)


def counts_of(person: Person) -> str:
    return counts_in_words(cast(CountedPerson, person))  # annotated by people_with_counts


def meta(page: Page, name: str) -> str:
    tag = page.soup.find("meta", attrs={"property": name}) or page.soup.find(
        "meta", attrs={"name": name}
    )
    assert tag is not None, name
    return str(tag["content"])


def test_a_predictions_page_names_its_card(client):
    prediction = PredictionFactory(claim="Fusion power reaches the grid")

    page = Page(client.get(prediction.get_absolute_url()).content.decode())

    assert meta(page, "og:image") == f"http://testserver/predictions/{prediction.pk}/card.png"
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
    assert meta(page, "og:image:alt") == "Fusion power reaches the grid"
    assert meta(page, "twitter:card") == "summary_large_image"


def test_the_card_is_a_png_with_the_outcomes_colour(client):
    wrong = PredictionFactory(status="resolved", outcome="wrong")
    still_open = PredictionFactory()

    assert png(client, f"/predictions/{wrong.pk}/card.png").size == (WIDTH, HEIGHT)
    assert chip_colour(png(client, f"/predictions/{wrong.pk}/card.png")) == CHIP_COLOURS["wrong"]
    assert (
        chip_colour(png(client, f"/predictions/{still_open.pk}/card.png")) == (CHIP_COLOURS["open"])
    )


def test_what_a_prediction_card_says():
    prediction = PredictionFactory(
        claim="The bridge opens",
        predictor=PersonFactory(name="Ada Mayor"),
        status="resolved",
        outcome="right",
    )

    card = prediction_card(prediction)

    assert card.headline == "The bridge opens"
    assert card.lines == ("Predicted by Ada Mayor on 5 January 2026", "Deadline: 5 February 2026")
    assert (card.chip, card.chip_kind) == ("Right", "right")


def test_a_changed_claim_draws_a_new_card(client):
    prediction = PredictionFactory(claim="First words")
    before = client.get(f"/predictions/{prediction.pk}/card.png").content

    prediction.claim = "Other words altogether"
    prediction.save()

    assert client.get(f"/predictions/{prediction.pk}/card.png").content != before
    assert client.get(f"/predictions/{prediction.pk}/card.png").content != before


def test_a_claim_awaiting_review_has_no_card_for_readers(client, editor):
    pending = PredictionFactory(review_state="pending")

    assert client.get(f"/predictions/{pending.pk}/card.png").status_code == 404
    client.force_login(editor)
    response = client.get(f"/predictions/{pending.pk}/card.png")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_persons_card_gives_their_record_only_once_it_can_be_scored(client, frozen_now):
    load_demo()
    analyst = selectors.people_with_counts(listed=False).get(name=ANALYST)
    few = PersonFactory(name="Few Outcomes")
    PredictionFactory(predictor=few, status="resolved", outcome="right")
    few = selectors.people_with_counts(listed=False).get(pk=few.pk)

    ranked = person_card(analyst, records.person_record(analyst), counts_of(analyst))
    unranked = person_card(few, records.person_record(few), counts_of(few))

    assert ranked.chip == "Right 4 of 7 · 57%"
    assert unranked.chip == "Not enough resolved predictions yet"
    assert unranked.lines == ("1 prediction: 0 open, 0 overdue, 1 resolved",)
    assert png(client, f"/people/{analyst.slug}/card.png").size == (WIDTH, HEIGHT)
    page = Page(client.get(f"/people/{analyst.slug}/").content.decode())
    assert meta(page, "og:image") == f"http://testserver/people/{analyst.slug}/card.png"


def test_a_merged_persons_card_moves_and_nobody_is_404(client):
    kept, merged = PersonFactory(slug="kept"), PersonFactory(slug="merged")
    merge_person_records(from_person=merged, into_person=kept)

    response = client.get("/people/merged/card.png")

    assert (response.status_code, response["Location"]) == (301, "/people/kept/card.png")
    assert client.get("/people/nobody/card.png").status_code == 404


@pytest.mark.parametrize(
    "text",
    [
        "Short claim",
        "A claim of ordinary length that wraps over two or three lines of the card at this size",
        "Supercalifragilisticexpialidocious" * 4,  # one word longer than a line: cut
    ],
)
def test_wrapped_lines_fit_and_keep_every_letter(text):
    face = font(64)
    width = WIDTH - 2 * MARGIN

    lines = wrap(text, face, width)

    assert all(face.getlength(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
