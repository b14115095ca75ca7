"""A person's record as an SVG badge for their own site: the accuracy once
they have enough resolved to be ranked, how many are resolved before that;
a valid image whatever their name holds, cacheable, 404 for nobody, and a
merged person's badge moves to whom they were merged into."""

from xml.etree import ElementTree

import pytest

from predictions.demo import load_demo
from predictions.demo_examples import ANALYST
from sources.models import Person
from sources.services import merge_person_records
from tests.support.factories import PersonFactory, PredictionFactory
from tests.support.html import Page

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def badge(client, slug: str):
    response = client.get(f"/people/{slug}/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    svg = ElementTree.fromstring(response.content)  # well-formed XML, or this raises
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    return response, svg, texts


def test_a_ranked_persons_badge_gives_their_accuracy(client, frozen_now):
    load_demo()
    analyst = Person.objects.get(name=ANALYST)

    response, svg, texts = badge(client, analyst.slug)

    assert texts == ["Hindsight", "right 4 of 7 · 57%"]
    assert svg.get("aria-label") == "Example Analyst's record on Hindsight: right 4 of 7 · 57%"
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]


def test_too_few_resolved_to_score_says_so(client):
    pundit = PersonFactory(slug="pundit")
    PredictionFactory(predictor=pundit, status="resolved", outcome="right")

    _, _, texts = badge(client, "pundit")

    assert texts == ["Hindsight", "1 resolved: too few to score"]


def test_nothing_resolved(client):
    PersonFactory(slug="newcomer")
    assert badge(client, "newcomer")[2] == ["Hindsight", "nothing resolved yet"]


def test_a_name_with_markup_is_text_in_the_image(client):
    PersonFactory(slug="odd", name='A & B <script>"\x07')

    _, svg, _ = badge(client, "odd")

    assert svg.get("aria-label") == "A & B <script>\"'s record on Hindsight: nothing resolved yet"


def test_nobody_is_404(client):
    assert client.get("/people/nobody/badge.svg").status_code == 404


def test_a_merged_persons_badge_moves_for_good(client):
    kept, merged = PersonFactory(slug="kept"), PersonFactory(slug="merged")
    merge_person_records(from_person=merged, into_person=kept)

    response = client.get("/people/merged/badge.svg")

    assert response.status_code == 301
    assert response["Location"] == "/people/kept/badge.svg"


def test_the_person_page_offers_the_badge_to_copy(client):
    PersonFactory(slug="odd", name='A "quoted" name')

    seen = Page(client.get("/people/odd/").content.decode())

    assert seen.one("#badge img")["src"] == "/people/odd/badge.svg"
    snippet = Page(seen.one("#badge-html").get_text())
    assert snippet.one("a")["href"] == "http://testserver/people/odd/"
    assert snippet.one("img")["src"] == "http://testserver/people/odd/badge.svg"
    assert snippet.one("img")["alt"] == 'A "quoted" name\'s record on Hindsight'
