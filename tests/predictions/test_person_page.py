"""One person's page: who they are, how their predictions stand in words
(the same numbers as the people list and their track record), what they said
and where, and how the page describes itself to link previews."""

import datetime as dt

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from predictions import records
from predictions.demo import load_demo
from predictions.models import Prediction
from sources.models import Person
from tests.support.factories import PersonFactory, PredictionFactory, StatementFactory
from tests.support.html import Page, page, text_of

pytestmark = pytest.mark.django_db

FORECASTER = "Example Forecaster"
COMMENTATOR = "The article's commentator"


@pytest.fixture
def demo(frozen_now):
    load_demo()


def test_person_page_shows_who_they_are_and_their_record(client, demo):
    forecaster = Person.objects.get(name=FORECASTER)
    forecaster.url = "https://forecaster.example.com/about"
    forecaster.save()

    response = client.get("/people/example-forecaster/")

    seen = page(response)
    assertContains(response, f"<h1>{FORECASTER}</h1>", html=True)
    assertNotContains(response, "Person.")  # no kind as a sentence of its own
    assertContains(response, "An invented forecaster whose predictions show")
    assertContains(response, "6 predictions: 2 open, 1 overdue, 3 resolved.")
    assertContains(
        response,
        '<a href="https://forecaster.example.com/about" rel="nofollow noopener">Website</a>',
        html=True,
    )
    assert len(seen.rows) == 6
    assert {row["cells"][1] for row in seen.rows} == {FORECASTER}
    deadlines = [Prediction.objects.get(pk=_pk(row["link"])).resolves_on for row in seen.rows]
    assert deadlines == sorted(deadlines)


def test_person_page_lists_their_quotes_with_sources(client, demo):
    response = client.get("/people/sam-altman/")

    assertContains(response, "No predictions yet.")
    assertContains(response, "<blockquote>wrong side of history</blockquote>", html=True)
    source = (
        Person.objects.get(slug="sam-altman").statements.get(text="wrong side of history").source
    )
    assertContains(response, f'<a href="/sources/{source.pk}/">{source.title}</a>', html=True)
    assertContains(response, "31 January 2025")


def test_counts_in_words_use_the_singular_and_name_withdrawn_ones(client):
    pundit = PersonFactory.create(slug="pundit")
    PredictionFactory.create(predictor=pundit, status="due")
    PredictionFactory.create(predictor=pundit, status="withdrawn")

    assertContains(
        client.get("/people/pundit/"),
        "1 prediction: 0 open, 1 overdue, 0 resolved; 1 withdrawn, not counted.",
    )

    PredictionFactory.create(predictor=PersonFactory.create(slug="single"))
    assertContains(client.get("/people/single/"), "1 prediction: 1 open, 0 overdue, 0 resolved.")


def test_the_people_list_the_person_page_and_the_record_count_alike(client):
    """One definition of what counts: a withdrawn prediction is on the
    person's page, but in none of the numbers (the API's person record is the
    record)."""
    pundit = PersonFactory.create(slug="pundit", name="Pundit")
    for status, outcome in [("open", ""), ("due", ""), ("resolved", "right"), ("withdrawn", "")]:
        PredictionFactory.create(predictor=pundit, status=status, outcome=outcome)

    listed = {row["cells"][0]: row["cells"][2:] for row in page(client.get("/people/")).rows}
    person_page = client.get("/people/pundit/")
    record = records.person_record(pundit)

    # Predictions, open, overdue, resolved
    assert listed["Pundit"] == ["3", "1", "1", "1"]
    assertContains(person_page, "3 predictions: 1 open, 1 overdue, 1 resolved;")
    assert (record.predictions, record.overdue, record.resolved) == (3, 1, 1)
    assert len(page(person_page).rows) == 4  # the withdrawn one is still listed


def test_person_page_has_open_graph_tags(client, demo):
    meta = page(client.get("/people/openai-wrong-side-of-history-commentator/")).meta

    assert meta["og:title"] == COMMENTATOR
    assert meta["og:description"].startswith("1 prediction: 0 open, 0 overdue, 1 resolved. ")
    assert "the article does not name them" in meta["og:description"]
    assert meta["og:url"] == "http://testserver/people/openai-wrong-side-of-history-commentator/"
    assert meta["og:type"] == "profile"


def test_person_page_title_and_description(client, demo):
    response = client.get("/people/sam-altman/")

    assertContains(response, "<title>Sam Altman · Hindsight</title>", html=True)
    assertContains(
        response,
        '<meta name="description" content="Sam Altman on Hindsight. No predictions yet.">',
        html=True,
    )


def test_unknown_person_is_404(client, demo):
    assert client.get("/people/nobody-at-all/").status_code == 404


def test_name_description_and_website_are_escaped(client):
    PersonFactory.create(
        slug="mallory",
        name="Mallory <b>Bold</b>",
        description='First line <img src=x onerror="alert(1)">\nsame paragraph\n\nSecond & last',
        url="javascript:alert(1)",
    )

    response = client.get("/people/mallory/")

    assertContains(response, "<h1>Mallory &lt;b&gt;Bold&lt;/b&gt;</h1>")
    assertContains(
        response,
        "<p>First line &lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>same paragraph</p>\n\n"
        "<p>Second &amp; last</p>",
    )
    assertContains(response, 'content="Mallory &lt;b&gt;Bold&lt;/b&gt;"')
    assertNotContains(response, "<b>Bold")
    assertNotContains(response, "<img src=x")  # (the page's own image is the badge)
    assertNotContains(response, "javascript:")


def test_statements_are_paginated_by_25_on_their_own(client):
    pundit = PersonFactory.create(slug="pundit")
    for n in range(30):
        StatementFactory.create(
            speaker=pundit,
            text=f"Quote number {n:02d}",
            said_on=dt.date(2025, 1, 1) + dt.timedelta(days=n),
        )

    first = client.get("/people/pundit/", {"status": "open"})
    following = page(first).pagination["next"]
    second = client.get("/people/pundit/" + following.removesuffix("#statements"))

    assertContains(first, "Quote number 29")
    assertNotContains(first, "Quote number 04")
    assert following.startswith("?status=open&statements_cursor=")
    assert following.endswith("#statements")
    assertContains(second, "Quote number 04")
    assertNotContains(second, "Quote number 05")


def _pk(link: str) -> int:
    return int(link.strip("/").rsplit("/", 1)[1])


def test_a_person_page_reads_as_sentences(client, db):
    from sources.models import Person
    from tests.support.factories import PersonFactory as People

    commentator = People(name="The article's commentator", slug="the-commentator")
    company = People(name="OpenAI", slug="openai", kind=Person.Kind.ORGANIZATION)

    person_html = client.get(f"/people/{commentator.slug}/").content.decode()
    company_html = client.get(f"/people/{company.slug}/").content.decode()

    assert '<p class="lede">Person.' not in person_html
    assert "What they said" in person_html
    assert "What The article" not in person_html
    assert "An organisation." in company_html


def test_the_outcome_strip_places_outcomes_by_deadline(client, frozen_now):
    person = PersonFactory(name="Ada Backlog", slug="ada-backlog")
    # Three outcomes recorded in one sitting, for deadlines a year apart.
    for year, outcome in [(2023, "right"), (2024, "wrong"), (2025, "right")]:
        PredictionFactory(
            predictor=person,
            claim=f"Claim due in {year}",
            made_on=dt.date(year - 1, 1, 1),
            resolves_on=dt.date(year, 6, 1),
            status="resolved",
            outcome=outcome,
            resolved_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        )

    strip = page(client.get("/people/ada-backlog/")).one("svg.chart-outcomes")

    marks = [(mark["x"], text_of(mark.title)) for mark in strip.select("rect.chart-mark")]
    assert [title for _, title in marks] == [
        "1 June 2023 — Right: Claim due in 2023",
        "1 June 2024 — Wrong: Claim due in 2024",
        "1 June 2025 — Right: Claim due in 2025",
    ]
    assert len({x for x, _ in marks}) == 3  # spread out, not stacked on one day
    assert [label.get_text() for label in strip.select("text")] == ["1 June 2023", "1 June 2025"]


def test_words_a_source_reports_link_to_where_they_were_first_said(client, demo):
    seen = Page(client.get("/people/sam-altman/").content.decode())

    [reported] = [
        item for item in seen.select("#statements li") if "(of Open Source)" in text_of(item)
    ]
    assert "first said in AMA with OpenAI's Sam Altman and team, r/OpenAI" in text_of(reported)
