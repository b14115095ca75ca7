"""Listing predictions over HTTP: cursor pages, the ledger's filters (a bad
one is a 400 naming it), full-text search, and a fixed number of queries."""

import datetime as dt

import pytest

from predictions import services
from tests.api.claims import LIST, make_ledger
from tests.support.api import client_for
from tests.support.factories import PersonFactory, PredictionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [5, 100])
def test_the_list_runs_a_fixed_number_of_queries(count, django_assert_num_queries):
    make_ledger(count)
    client = client_for()
    # The page, then the tags of the page's predictions: nothing per row.
    with django_assert_num_queries(2):
        response = client.get(LIST, {"page_size": 200})
    assert len(response.json()["results"]) == count


def test_pages_follow_a_cursor():
    make_ledger(7)
    client = client_for()
    first = client.get(LIST, {"page_size": "5", "ordering": "resolves_on"}).json()
    second = client.get(first["next"]).json()

    ids = [p["id"] for p in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 7
    assert second["next"] is None


def test_filters(frozen_now):
    alice = PersonFactory(slug="alice-pundit")
    early = PredictionFactory(
        predictor=alice,
        made_on=dt.date(2025, 1, 1),
        resolves_on=dt.date(2025, 6, 1),
        status="resolved",
        outcome="right",
    )
    late = PredictionFactory(made_on=dt.date(2026, 1, 1), resolves_on=dt.date(2027, 1, 1))
    late.tags.set(services.filing.tags_named(["energy"]))
    client = client_for()

    def ids(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200, response.json()
        return {p["id"] for p in response.json()["results"]}

    assert ids(status="resolved") == {early.pk}
    assert ids(outcome="right") == {early.pk}
    assert ids(person="alice-pundit") == {early.pk}
    assert ids(tag="energy") == {late.pk}
    assert ids(due_before="2025-12-31") == {early.pk}
    assert ids(due_after="2026-01-01") == {late.pk}
    assert ids(made_after="2025-06-01") == {late.pk}
    ordered = client.get(LIST, {"ordering": "-resolves_on"}).json()["results"]
    assert [p["id"] for p in ordered] == [late.pk, early.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "pending"}, "status"),
        ({"ordering": "claim"}, "ordering"),
        ({"due_before": "next week"}, "due_before"),
        ({"outcome": "maybe"}, "outcome"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(params, field):
    response = client_for().get(LIST, params)
    assert response.status_code == 400
    assert field in response.json()


def test_full_text_finds_a_word_of_the_quote(filed):
    other = PredictionFactory(claim="Fusion power reaches the grid")
    client = client_for()

    found = client.get(LIST, {"q": "sourcing"}).json()["results"]
    assert [p["id"] for p in found] == [filed.pk]
    assert [p["id"] for p in client.get(LIST, {"q": "fusion"}).json()["results"]] == [other.pk]
    assert client.get(LIST, {"q": "wrong side"}).json()["results"][0]["id"] == filed.pk
