"""Searching the ledger: a prediction is found by its claim, who made it, its
quote or its source's title, also after that name, quote or title changes;
every word must match; the best matches come first unless the reader picks
another order."""

import datetime as dt

import pytest

from predictions import filters, search
from predictions.models import Prediction
from predictions.services.corrections import rename_person
from predictions.services.people import merge_people
from sources.models import Statement
from tests.support.factories import (
    PersonFactory,
    PredictionFactory,
    SourceFactory,
    StatementFactory,
)
from tests.support.html import claim_of, page
from tests.support.markers import requires_postgres

pytestmark = pytest.mark.django_db


def found(client, q: str, **params) -> list[str]:
    """The claims the predictions page lists for ``q``, in order."""
    seen = page(client.get("/predictions/", {"q": q, **params}))
    if "No prediction matches." in seen.text:
        return []
    return [claim_of(row["Claim"]) for row in seen.table("Predictions matching the filters")]


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


@requires_postgres
def test_every_word_must_match(client):
    for claim in ["The harbour closes", "The harbour opens", "The airport closes"]:
        PredictionFactory.create(claim=claim)

    assert found(client, "harbour closes") == ["The harbour closes"]
    assert sorted(found(client, "closes -airport")) == ["The harbour closes"]


@requires_postgres
def test_a_person_is_found_by_name(client):
    altman = PersonFactory.create(name="Sam Altman")
    PredictionFactory.create(claim="Open weights within a month", predictor=altman)
    PredictionFactory.create(claim="Someone else's claim")

    assert found(client, "altman") == ["Open weights within a month"]
    assert found(client, "altman weights") == ["Open weights within a month"]


@requires_postgres
def test_a_renamed_person_is_found_by_the_new_name(client, editor):
    person = PersonFactory.create(name="Sam Altman")
    PredictionFactory.create(claim="Open weights within a month", predictor=person)

    rename_person(person=person, name="Samuel Altmann", actor=editor, reason="Spelling")

    assert found(client, "samuel") == ["Open weights within a month"]
    assert found(client, "sam") == []


@requires_postgres
def test_predictions_moved_by_a_merge_are_found_by_their_new_name(client, editor):
    duplicate = PersonFactory.create(name="S. Altman")
    PredictionFactory.create(claim="Open weights within a month", predictor=duplicate)
    kept = PersonFactory.create(name="Sam Altman")

    merge_people(from_person=duplicate, into_person=kept, actor=editor)

    assert found(client, "sam") == ["Open weights within a month"]


@pytest.mark.parametrize(
    ("q", "wanted", "unwanted"),
    [
        ("harbour", ["harbour"], []),
        ("  harbour   closes ", ["harbour", "closes"], []),
        ('"harbour  closes" soon', ["harbour closes", "soon"], []),
        ("closes -airport", ["closes"], ["airport"]),
        ('-"the airport" bridge', ["bridge"], ["the airport"]),
        ("bridge or ferry", ["bridge", "ferry"], []),
        ('"unclosed phrase', ["unclosed phrase"], []),
        ('""', [], []),
    ],
)
def test_terms_are_read_as_a_search_engine_reads_them(q, wanted, unwanted):
    assert search.terms(q) == (wanted, unwanted)


def test_without_a_vector_every_term_must_appear_somewhere():
    altman = PersonFactory.create(name="Sam Altman")
    harbour = PredictionFactory.create(claim="The harbour closes", predictor=altman)
    quoted = PredictionFactory.create(
        claim="It closes",
        statement=StatementFactory.create(
            text="The harbour will shut.", source=SourceFactory.create(title="Shipping news")
        ),
    )
    PredictionFactory.create(claim="The airport closes")
    everything = Prediction.objects.all()

    def claims(q):
        return sorted(
            everything.filter(pk__in=search.by_words(everything, q)).values_list("claim", flat=True)
        )

    assert claims("harbour closes") == ["It closes", "The harbour closes"]
    assert claims("altman closes") == [harbour.claim]
    assert claims("shipping closes") == [quoted.claim]
    assert claims('"harbour closes"') == [harbour.claim]
    assert claims("closes -harbour") == ["The airport closes"]
    assert claims("HARBOUR") == ["It closes", "The harbour closes"]
