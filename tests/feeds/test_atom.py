"""The Atom feeds, read as a feed reader reads them (feedparser): well-formed,
published predictions only, newest first, narrowed by person and tag, links
absolute from SITE_URL, claims with &, < and quotes intact, and a page's
<link rel="alternate"> naming the feed it filters."""

import datetime as dt

import feedparser
import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from predictions import services
from predictions.models import Prediction
from tests.support.factories import PersonFactory, PredictionFactory
from tests.support.html import Page

pytestmark = pytest.mark.django_db

SITE = "https://ledger.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def text_of(html: str) -> str:
    """What a reader shows of a summary: its text, paragraphs on lines."""
    return BeautifulSoup(html, "html.parser").get_text("\n")


def read(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def file(editor, claim: str, predictor: str = "Ada Lovelace", **fields) -> Prediction:
    return services.file_claim(
        filed_by=editor,
        claim=claim,
        predictor=predictor,
        resolves_on=dt.date(2027, 6, 30),
        made_on=dt.date(2026, 3, 1),
        **fields,
    )


def test_new_predictions_newest_first_with_absolute_links(client, editor):
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)):
        first = file(editor, "Fusion reaches the grid")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)):
        second = file(editor, "Rail reaches the coast", confidence=0.7, tags=["transport"])

    feed = read(client, "/feeds/predictions.atom")

    assert feed.feed.title == "Hindsight: new predictions"
    assert [entry.title for entry in feed.entries] == [second.claim, first.claim]
    entry = feed.entries[0]
    assert entry.link == f"{SITE}/predictions/{second.pk}/"
    assert entry.id == f"{SITE}/predictions/{second.pk}/"
    assert entry.author == "Ada Lovelace"
    assert [tag.term for tag in entry.tags] == ["transport"]
    summary = text_of(entry.summary)
    assert "Ada Lovelace predicted: Rail reaches the coast (deadline 30 June 2027)." in summary
    assert "Confidence 70%." in summary
    assert entry.published_parsed[:3] == (2026, 3, 2)
    assert feed.feed.link == f"{SITE}/predictions/"


def test_a_claim_awaiting_review_is_in_no_feed(client, editor):
    file(editor, "Published claim")
    PredictionFactory(claim="Pending claim", review_state="pending")

    titles = [entry.title for entry in read(client, "/feeds/predictions.atom").entries]

    assert titles == ["Published claim"]


def test_an_approved_claim_counts_as_new_when_it_is_approved(client, editor, contributor):
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)):
        waited = PredictionFactory(claim="Waited for review", review_state="pending")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)):
        file(editor, "Filed in between")
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC)):
        services.review_claim(prediction=waited, actor=editor, decision="approve")

    titles = [entry.title for entry in read(client, "/feeds/predictions.atom").entries]

    assert titles == ["Waited for review", "Filed in between"]


def test_narrowed_by_person_and_by_tag(client, editor):
    file(editor, "Ada's energy claim", tags=["energy"])
    file(editor, "Ada's rail claim", tags=["transport"])
    file(editor, "Grace's energy claim", predictor="Grace Hopper", tags=["energy"])
    ada = PersonFactory._meta.model.objects.get(name="Ada Lovelace")

    by_ada = read(client, f"/feeds/predictions.atom?person={ada.slug}")
    energy = read(client, "/feeds/predictions.atom?tag=energy")
    both = read(client, f"/feeds/predictions.atom?person={ada.slug}&tag=energy")

    assert {e.title for e in by_ada.entries} == {"Ada's energy claim", "Ada's rail claim"}
    assert by_ada.feed.title == "Hindsight: new predictions by Ada Lovelace"
    assert by_ada.feed.link == f"{SITE}/people/{ada.slug}/"
    assert {e.title for e in energy.entries} == {"Ada's energy claim", "Grace's energy claim"}
    assert energy.feed.title == "Hindsight: new predictions tagged energy"
    assert [e.title for e in both.entries] == ["Ada's energy claim"]


def test_an_unknown_person_or_tag_is_404(client):
    assert client.get("/feeds/predictions.atom?person=nobody").status_code == 404
    assert client.get("/feeds/resolved.atom?tag=nothing").status_code == 404


def test_markup_and_ampersands_in_claims_arrive_as_text(client, editor):
    claim = 'AT&T says "<b>5G</b>" beats Q&A by 2027 & more'
    file(editor, claim, predictor='O\'Brien & "Sons" <Ltd>')

    response = client.get("/feeds/predictions.atom")
    feed = feedparser.parse(response.content)

    assert not feed.bozo
    assert feed.entries[0].title == claim
    assert feed.entries[0].author == 'O\'Brien & "Sons" <Ltd>'
    assert b"<b>5G</b>" not in response.content  # escaped in the XML, not markup


def test_resolved_feed_gives_outcome_note_and_evidence(client, editor):
    open_one = file(editor, "Still open")
    resolved = file(editor, "The bridge opens")
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)):
        services.resolve_prediction(
            prediction=resolved,
            outcome="wrong",
            actor=editor,
            note="Delayed to 2028 <officially>.",
            evidence_url="https://news.example/bridge?a=1&b=2",
        )

    feed = read(client, "/feeds/resolved.atom")

    assert [entry.title for entry in feed.entries] == ["Wrong: The bridge opens"]
    summary = text_of(feed.entries[0].summary)
    assert "Outcome: Wrong." in summary
    assert "Note: Delayed to 2028 <officially>." in summary
    assert "Evidence: https://news.example/bridge?a=1&b=2" in summary
    assert feed.entries[0].id.startswith(f"{SITE}/predictions/{resolved.pk}/#outcome-20260401")
    assert open_one.claim not in {entry.title for entry in feed.entries}


def test_a_feed_costs_the_same_queries_for_one_entry_or_thirty(client, editor):
    file(editor, "One", tags=["a"])
    with CaptureQueriesContext(connection) as one:
        read(client, "/feeds/predictions.atom")
    for n in range(30):
        file(editor, f"Claim {n}", predictor=f"Person {n}", tags=["a", f"t{n}"])
    with CaptureQueriesContext(connection) as thirty:
        feed = read(client, "/feeds/predictions.atom")

    assert len(feed.entries) == 31
    assert len(thirty) == len(one) <= 4


def test_pages_name_the_feeds_they_filter(client, editor):
    prediction = file(editor, "Tagged claim", tags=["energy"])
    person = prediction.predictor

    home = Page(client.get("/").content.decode())
    tag_page = Page(client.get("/predictions/", {"tag": "energy"}).content.decode())
    person_page = Page(client.get(f"/people/{person.slug}/").content.decode())

    def alternates(page: Page) -> dict[str, str]:
        return {
            str(link["title"]): str(link["href"]) for link in page.select('link[rel="alternate"]')
        }

    assert alternates(home)["New predictions (Atom)"] == f"{SITE}/feeds/predictions.atom"
    assert alternates(tag_page) == {
        "New predictions tagged “energy” (Atom)": f"{SITE}/feeds/predictions.atom?tag=energy",
        "Resolved predictions tagged “energy” (Atom)": f"{SITE}/feeds/resolved.atom?tag=energy",
        "Deadlines tagged “energy” (iCalendar)": f"{SITE}/feeds/deadlines.ics?tag=energy",
    }
    by_person = alternates(person_page)
    assert by_person[f"Deadlines by {person.name} (iCalendar)"] == (
        f"{SITE}/feeds/deadlines.ics?person={person.slug}"
    )
    subscribe = person_page.one("section.subscribe")
    link = subscribe.find("a", string="subscribe")
    assert link is not None
    assert link["href"] == (f"webcal://ledger.example/feeds/deadlines.ics?person={person.slug}")


def test_a_control_character_in_a_claim_does_not_break_the_feeds(client, editor):
    file(editor, "Bell\x07 rings \x01twice", predictor="Ada\x0b Lovelace")

    feed = read(client, "/feeds/predictions.atom")
    calendar = client.get("/feeds/deadlines.ics")

    assert feed.entries[0].title == "Bell rings twice"
    assert b"\x07" not in b"".join(calendar.streaming_content)


@pytest.mark.parametrize("query", ["person=%00", "tag=%00", "person=a%00b"])
def test_a_nul_in_the_query_is_a_404_not_a_500(client, query):
    assert client.get(f"/feeds/predictions.atom?{query}").status_code == 404
    assert client.get(f"/feeds/deadlines.ics?{query}").status_code == 404
