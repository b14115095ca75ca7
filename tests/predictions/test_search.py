"""Searching the ledger: a prediction is found by its claim, its quote or its
source's title, also after that quote or title is edited; the best matches
come first unless the reader picks another order."""

import datetime as dt

import pytest

from predictions import filters
from sources.models import Statement
from tests.support.factories import PredictionFactory, SourceFactory, StatementFactory
from tests.support.html import page
from tests.support.markers import requires_postgres

pytestmark = pytest.mark.django_db


def found(client, q: str, **params) -> list[str]:
    """The claims the predictions page lists for ``q``, in order."""
    seen = page(client.get("/predictions/", {"q": q, **params}))
    if "No prediction matches." in seen.text:
        return []
    return [row["Claim"].split(" “")[0] for row in seen.table("Predictions matching the filters")]


def cited(source_title: str, quote: str, claims: list[str]) -> Statement:
    """One quote from one source, cited by a prediction of each claim."""
    statement = StatementFactory.create(source=SourceFactory.create(title=source_title), text=quote)
    for claim in claims:
        PredictionFactory.create(claim=claim, statement=statement)
    return statement


@requires_postgres
def test_a_renamed_source_is_searched_by_its_new_title(client, django_assert_num_queries):
    source = cited(
        "Mayor promises bridge", "Soon.", ["The bridge reopens", "The ferry stops"]
    ).source

    source.title = "Tramway plans unveiled"
    # The source's row, then every citing prediction's vector in one statement.
    with django_assert_num_queries(2):
        source.save()

    assert sorted(found(client, "tramway")) == ["The bridge reopens", "The ferry stops"]
    assert found(client, "mayor") == []


@requires_postgres
def test_an_edited_quote_is_searched_by_its_new_words(client):
    statement = cited("A title", "We will open the bridge.", ["It reopens"])

    statement.text = "The viaduct will carry trains."
    statement.save()

    assert found(client, "viaduct") == ["It reopens"]
    assert found(client, "bridge") == []


@requires_postgres
def test_saving_other_fields_leaves_the_vectors_alone(django_assert_num_queries):
    source = cited("A title", "Words.", ["It happens"]).source

    source.description = "Captured by hand."
    with django_assert_num_queries(1):
        source.save(update_fields=["description"])


@requires_postgres
def test_the_best_matches_come_first_unless_another_order_is_picked(client):
    # The claim weighs most, then the quote, then the source's title; the
    # deadlines put them in the opposite order.
    in_title, in_quote, in_claim = (
        PredictionFactory.create(
            claim=claim,
            statement=StatementFactory.create(source=SourceFactory.create(title=title), text=quote),
            resolves_on=dt.date(2026, 3, day),
        )
        for claim, quote, title, day in [
            ("Rates fall", "Words.", "Harbour report", 1),
            ("Rents fall", "The harbour will close.", "A title", 2),
            ("The harbour closes", "Words.", "A title", 3),
        ]
    )

    assert found(client, "harbour") == [in_claim.claim, in_quote.claim, in_title.claim]
    assert found(client, "harbour", sort="deadline") == [
        in_title.claim,
        in_quote.claim,
        in_claim.claim,
    ]


def test_a_search_offers_the_best_matches_as_its_first_order(client):
    def orders(**params) -> list[str]:
        return page(client.get("/predictions/", params)).texts("#id_sort option")

    assert orders(q="harbour")[0] == "Best match first"
    assert orders()[0] == "Deadline, soonest first"
    assert "Best match first" not in orders()


@requires_postgres
def test_more_matches_than_the_limit_are_listed_by_deadline_and_say_so(client, monkeypatch):
    for claim, day in [("The harbour closes", 3), ("Harbour rents fall", 1), ("A harbour", 2)]:
        PredictionFactory.create(claim=claim, resolves_on=dt.date(2026, 3, day))
    monkeypatch.setattr(filters, "MATCH_COUNT_LIMIT", 2)

    seen = page(client.get("/predictions/", {"q": "harbour"}))

    assert found(client, "harbour") == ["Harbour rents fall", "A harbour", "The harbour closes"]
    assert seen.one('p[role="status"]').get_text(" ", strip=True) == (
        "More than 2 predictions match. Too many to rank, so they are listed by deadline:"
        " add words to see the best matches first."
    )
    assert seen.texts("#id_sort option")[0] == "Deadline, soonest first"
    assert "Best match first" not in seen.texts("#id_sort option")
    monkeypatch.setattr(filters, "MATCH_COUNT_LIMIT", 3)
    ranked = page(client.get("/predictions/", {"q": "harbour"}))
    assert ranked.one('p[role="status"]').get_text(" ", strip=True) == "3 predictions match."
    assert ranked.texts("#id_sort option")[0] == "Best match first"
