"""A reader browses the people on the ledger: everyone alphabetically with
how their predictions stand (withdrawn ones do not count), searched by name,
kept to people or organisations, fifty to a page. The page costs the same few
queries however many people it shows."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from predictions.demo import load_demo
from tests.support.factories import PersonFactory, PredictionFactory
from tests.support.html import page

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [row["cells"][0] for row in page(response).rows]


@pytest.fixture
def demo(frozen_now):
    load_demo()


FORECASTER = "Example Forecaster"
COMMENTATOR = "The article's commentator"


# The people list --------------------------------------------------------


def test_people_lists_everyone_alphabetically_with_counts(client, demo):
    rows = page(client.get("/people/")).rows

    assert [row["cells"] for row in rows] == [
        # Name, kind, predictions, open, overdue, resolved
        ["Example Analyst", "Person", "8", "1", "0", "7"],
        ["Example Columnist", "Person", "7", "0", "1", "6"],
        [FORECASTER, "Person", "6", "2", "1", "3"],
        ["OpenAI", "Organisation", "0", "0", "0", "0"],
        ["Sam Altman", "Person", "0", "0", "0", "0"],
        [COMMENTATOR, "Person", "1", "0", "0", "1"],
    ]
    assert rows[4]["link"] == "/people/sam-altman/"


def test_people_are_sorted_without_regard_to_case(client):
    for name in ["beta", "Alpha", "Gamma", "alpha two"]:
        PersonFactory.create(name=name)

    assert names(client.get("/people/")) == ["Alpha", "alpha two", "beta", "Gamma"]


def test_counts_cover_every_status_and_only_the_persons_predictions(client):
    """Withdrawn predictions are not counted, as in a track record."""
    pundit = PersonFactory.create(name="Pundit")
    for status, outcome in [
        ("open", ""),
        ("open", ""),
        ("due", ""),
        ("resolved", "right"),
        ("resolved", "wrong"),
        ("resolved", "unresolvable"),
        ("withdrawn", ""),
    ]:
        PredictionFactory.create(predictor=pundit, status=status, outcome=outcome)
    PredictionFactory.create(predictor=PersonFactory.create(name="Someone else"), status="due")

    rows = {row["cells"][0]: row["cells"][2:] for row in page(client.get("/people/")).rows}

    assert rows == {"Pundit": ["6", "2", "1", "3"], "Someone else": ["1", "0", "1", "0"]}


def test_search_finds_names_containing_the_words(client, demo):
    response = client.get("/people/", {"q": "  altMAN "})

    assert names(response) == ["Sam Altman"]
    assertContains(response, 'value="altMAN"')


def test_search_with_no_match_says_so(client, demo):
    response = client.get("/people/", {"q": "Nobody Here"})

    assert names(response) == []
    assertContains(response, "Nobody matches “Nobody Here”")


def test_kind_filter_keeps_organisations_or_people(client, demo):
    organisations = client.get("/people/", {"kind": "organization"})
    people = client.get("/people/", {"kind": "person", "q": "a"})

    assert names(organisations) == ["OpenAI"]
    assertContains(organisations, '<option value="organization" selected>', html=False)
    assert names(people) == [
        "Example Analyst", "Example Columnist", FORECASTER, "Sam Altman", COMMENTATOR,
    ]  # fmt: skip


def test_an_unknown_kind_shows_everyone(client, demo):
    assert len(names(client.get("/people/", {"kind": "robots"}))) == 6


def test_every_input_has_a_label(client, demo):
    response = client.get("/people/")

    assertContains(response, '<label for="people-q">Search people</label>', html=True)
    assertContains(response, '<label for="people-kind">Kind</label>', html=True)
    assertContains(response, 'id="people-q" name="q"')
    assertContains(response, 'id="people-kind" name="kind"')


def test_people_are_paginated_by_fifty_keeping_the_query(client):
    for n in range(120):
        PersonFactory.create(name=f"Pundit {n:03d}", slug=f"p-{n:03d}")
    PersonFactory.create(name="Somebody else")

    first = page(client.get("/people/", {"q": "pundit"}))
    last = client.get("/people/", {"q": "pundit", "page": "3"})

    assert len(first.rows) == 50
    assert first.rows[0]["cells"][0] == "Pundit 000"
    assert first.pagination["next"] == "?q=pundit&page=2"
    assert "prev" not in first.pagination
    assert names(last) == [f"Pundit {n:03d}" for n in range(100, 120)]
    assertContains(last, "Page 3 of 3")
    assert page(last).pagination["prev"] == "?q=pundit&page=2"


def test_a_page_past_the_end_shows_the_last_page(client):
    for n in range(51):
        PersonFactory.create(name=f"Pundit {n:03d}")

    assert names(client.get("/people/", {"page": "99"})) == ["Pundit 050"]
    assert len(names(client.get("/people/", {"page": "nonsense"}))) == 50


def test_names_are_escaped_in_the_list(client):
    PersonFactory.create(name="<script>alert('x')</script>", slug="script")

    response = client.get("/people/")

    assertContains(response, "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")
    assertNotContains(response, "<script>alert")


def people_with_predictions(size: int) -> None:
    for n in range(size):
        pundit = PersonFactory.create(kind="organization" if n % 3 else "person")
        PredictionFactory.create(predictor=pundit)
        PredictionFactory.create(predictor=pundit, status="resolved", outcome="right")
        PredictionFactory.create(predictor=pundit, status="due")


# The count for the paginator and the page of people with their counts
# aggregated in the same query: another person must not add a query.
PEOPLE_QUERIES = 2


@pytest.mark.parametrize("size", [3, 30])
def test_people_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    people_with_predictions(size)

    with django_assert_num_queries(PEOPLE_QUERIES):
        response = client.get("/people/", {"q": "pundit"})

    rows = page(response).rows
    assert len(rows) == size
    assert {tuple(row["cells"][2:]) for row in rows} == {("3", "1", "1", "1")}
