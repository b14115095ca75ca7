""" "How Hindsight works": a public page with a section for each rule, linked
from the footer of every page and from each place a record is shown."""

import datetime as dt

import pytest
from django.urls import reverse

from predictions import records, services
from tests.support.factories import PersonFactory, PredictionFactory
from tests.support.html import Page

pytestmark = pytest.mark.django_db

METHOD = reverse("about-method")
SECTIONS = [
    "review",
    "resolving",
    "outcomes",
    "accuracy",
    "confidence",
    "brier",
    "minimum",
    "disputes",
    "history",
]


def page_at(client, path: str) -> Page:
    response = client.get(path)
    assert response.status_code == 200
    return Page(response.content.decode())


def test_the_page_is_public_at_its_address(client):
    assert METHOD == "/about/method/"
    page = page_at(client, METHOD)

    assert page.headings == ["How Hindsight works"]


def test_each_rule_has_a_section_to_link_to(client):
    page = page_at(client, METHOD)

    for section in SECTIONS:
        assert page.one(f"section#{section} h2"), section
        assert page.one(f'nav a[href="#{section}"]'), section


def test_the_sections_say_what_the_rules_are(client):
    page = page_at(client, METHOD)

    def section(name: str) -> str:
        return " ".join(page.one(f"section#{name}").get_text().split())

    assert "waits for an editor" in section("review")
    assert "self-judged" in section("resolving")
    assert "counts in no record until an editor confirms it" in section("resolving")
    assert "half a success" in section("outcomes")
    assert "95% Wilson score interval" in section("accuracy")
    assert "not in the speaker's Brier score" in section("confidence")
    bands = page.table("Estimative words and their ranges (ICD 203)")
    assert {"Words": "very likely", "Range": "80%–95%", "Used when no number is given": "88%"} in [
        {name: row[name] for name in ("Words", "Range", "Used when no number is given")}
        for row in bands
    ]
    assert len(bands) == 7
    assert "upheld" in section("disputes") and "dismissed" in section("disputes")
    history = section("history")
    assert "SHA-256" in history
    assert "manage.py verify_ledger" in history
    assert "each event's hash" in history


def test_the_minimum_is_the_one_the_leaderboard_uses(client, monkeypatch):
    shown = page_at(client, METHOD).one("section#minimum").get_text()
    minimum = records.DEFAULT_MINIMUM
    assert f"Accuracy waits for {minimum} predictions judged right" in " ".join(shown.split())

    monkeypatch.setattr(records, "DEFAULT_MINIMUM", 12)
    shown = page_at(client, METHOD).one("section#minimum").get_text()
    assert "Accuracy waits for 12 predictions judged right" in " ".join(shown.split())


def test_the_footer_links_to_it_on_every_page(client):
    person = PersonFactory(slug="pat-pundit")
    prediction = PredictionFactory(predictor=person)

    for path in [
        reverse("predictions:home"),
        reverse("predictions:list"),
        reverse("predictions:people"),
        reverse("predictions:person", args=["pat-pundit"]),
        prediction.get_absolute_url(),
        METHOD,
    ]:
        footer = page_at(client, path).one("footer.site-footer")
        assert footer.a is not None and footer.a["href"] == METHOD, path
        assert footer.a.get_text() == "How Hindsight works"


def test_records_link_to_how_they_are_scored(client, editor, frozen_now):
    person = PersonFactory(slug="pat-pundit")
    PredictionFactory(predictor=person, status="resolved", outcome="right")
    prediction = services.file_claim(
        filed_by=editor,
        claim="The bridge reopens",
        predictor=person,
        made_on=dt.date(2026, 1, 5),
        resolves_on=dt.date(2026, 2, 5),
    )
    services.resolve_prediction(prediction=prediction, outcome="right", actor=editor)

    person_page = page_at(client, reverse("predictions:person", args=["pat-pundit"]))
    assert person_page.one(f'#record a[href="{METHOD}#accuracy"]')
    leaderboard = page_at(client, reverse("predictions:people") + "?sort=accuracy")
    assert leaderboard.one(f'a[href="{METHOD}#minimum"]')
    outcome = page_at(client, prediction.get_absolute_url()).one("section.resolution")
    assert outcome.select_one(f'a[href="{METHOD}#outcomes"]') is not None


def test_the_method_says_when_a_calibration_chart_is_drawn(client):
    text = " ".join(client.get("/about/method/").content.decode().split())
    assert "The chart is drawn once 5 such predictions are resolved" in text
