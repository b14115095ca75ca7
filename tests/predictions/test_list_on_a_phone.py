"""What makes the lists readable on a phone, in the HTML: each stacked cell
carries its column's name, the filters sit in a "Filters" disclosure with
those in force shown as chips that take them off, and the site's nav marks
the section being read."""

import datetime as dt

import pytest

from predictions.models import Tag
from tests.support.factories import PersonFactory, PredictionFactory, UserFactory
from tests.support.html import Page, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(db):
    person = PersonFactory.create(name="Ada Lovelace", slug="ada-lovelace")
    prediction = PredictionFactory.create(
        claim="Engines compose music", predictor=person, resolves_on=dt.date(2030, 1, 1)
    )
    prediction.tags.add(Tag.objects.create(name="Machines", slug="machines"))
    return prediction


def test_each_cell_carries_its_columns_name(client, ledger):
    seen = page(client.get("/predictions/"))
    headers = seen.texts("table.ledger thead th")

    labels = [
        cell["data-label"]
        for cell in seen.select("table.ledger tbody tr:first-child td[data-label]")
    ]

    assert labels == headers[1:]  # the claim leads the row and needs none
    people = page(client.get("/people/"))
    assert [c["data-label"] for c in people.select("tbody tr:first-child td")] == people.texts(
        "thead th"
    )[1:]


def test_the_filters_in_force_are_chips_that_take_them_off(client, ledger):
    seen = page(
        client.get(
            "/predictions/",
            {"q": "music", "status": "open", "tag": "machines", "due_after": "2029-01-05",
             "sort": "-deadline"},
        )
    )  # fmt: skip

    chips = seen.select("ul.chips a.chip")
    assert [chip.get_text(" ", strip=True) for chip in chips] == [
        "Status: Open ×",
        "Tag: machines ×",
        "Deadline from: 5 January 2029 ×",
    ]
    assert chips[0]["aria-label"] == "Remove the filter Status: Open"
    assert chips[0]["href"] == "?q=music&tag=machines&due_after=2029-01-05&sort=-deadline"
    assert seen.one("details.filter-panel summary").get_text(strip=True) == "Filters (3 on)"
    # The search stays outside the panel, in sight.
    assert not seen.select("details.filter-panel #id_q")
    assert seen.select("details.filter-panel #id_status")


def test_no_chip_without_a_filter_and_the_panel_opens_on_an_error(client, ledger):
    plain = page(client.get("/predictions/"))
    assert not plain.select("ul.chips")
    assert plain.one("details.filter-panel summary").get_text(strip=True) == "Filters"
    assert plain.one("details.filter-panel").get("open") is None

    response = client.get("/predictions/", {"due_after": "someday", "status": "open"})
    assert response.status_code == 400
    wrong = Page(response.content.decode())
    assert wrong.one("details.filter-panel").get("open") is not None
    # A filter that could not be read is no chip.
    assert [c.get_text(" ", strip=True) for c in wrong.select("a.chip")] == ["Status: Open ×"]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/predictions/", "Predictions"),
        ("/predictions/?status=due", "Predictions"),
        ("/people/", "People"),
        ("/people/ada-lovelace/", "People"),
        ("/sources/", "Sources"),
        ("/", None),
    ],
)
def test_the_nav_marks_the_section_being_read(client, ledger, path, current):
    seen = page(client.get(path))

    marked = seen.texts('nav[aria-label="Site"] a[aria-current="page"]')

    assert marked == ([current] if current else [])


def test_filing_a_claim_is_its_own_section(client, ledger):
    from tests.support.factories import make_verified

    client.force_login(make_verified(UserFactory.create(username="filer")))

    seen = page(client.get("/predictions/new/"))

    assert seen.texts('nav[aria-label="Site"] a[aria-current="page"]') == ["File a claim"]
