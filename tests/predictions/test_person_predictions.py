"""The predictions on a person's page: filtered by status and tag, sorted by
deadline or by when they were said (predictions.sorting, as on the
predictions page), 25 to a page keeping the filters, and always for the same
few queries."""

import datetime as dt

import pytest
from pytest_django.asserts import assertContains

from predictions.models import Tag
from sources.models import Person
from tests.support.factories import PersonFactory, PredictionFactory, StatementFactory
from tests.support.html import page

pytestmark = pytest.mark.django_db


def predictions_of(person: Person) -> None:
    """Ten predictions, Claim 0 to 9, with deadlines a day apart: 3 open tagged
    "economy", 4 due, 3 resolved tagged "economy" and "rates"; made on days
    that put them in another order (NEWEST_SAID)."""
    economy = Tag.objects.create(name="Economy", slug="economy")
    rates = Tag.objects.create(name="Rates", slug="rates")
    for n in range(10):
        status, outcome = ("open", "") if n < 3 else ("due", "") if n < 7 else ("resolved", "right")
        prediction = PredictionFactory.create(
            predictor=person,
            claim=f"Claim {n}",
            status=status,
            outcome=outcome,
            made_on=dt.date(2025, 1, 20) - dt.timedelta(days=(n * 3) % 10),
            resolves_on=dt.date(2025, 2, 1) + dt.timedelta(days=n),
        )
        if status != "due":
            prediction.tags.add(economy)
        if status == "resolved":
            prediction.tags.add(rates)


NEWEST_SAID = [f"Claim {n}" for n in [0, 7, 4, 1, 8, 5, 2, 9, 6, 3]]


def claims(response) -> list[str]:
    return [row["cells"][0] for row in page(response).rows]


def test_predictions_filter_by_status_and_tag(client):
    pundit = PersonFactory.create(slug="pundit")
    predictions_of(pundit)
    PredictionFactory.create(claim="Someone else's", status="due")

    due = client.get("/people/pundit/", {"status": "due"})
    economy = client.get("/people/pundit/", {"tag": "economy"})
    resolved_rates = client.get("/people/pundit/", {"tag": "rates", "status": "resolved"})
    open_rates = client.get("/people/pundit/", {"tag": "rates", "status": "open"})

    assert claims(due) == ["Claim 3", "Claim 4", "Claim 5", "Claim 6"]
    assertContains(due, '<option value="due" selected>')
    assert claims(economy) == ["Claim 0", "Claim 1", "Claim 2", "Claim 7", "Claim 8", "Claim 9"]
    assertContains(economy, '<option value="economy" selected>Economy</option>', html=True)
    assert claims(resolved_rates) == ["Claim 7", "Claim 8", "Claim 9"]
    assert claims(open_rates) == []
    assertContains(open_rates, "None of Pundit")
    # Whatever the filter, the words count all of them.
    assertContains(open_rates, "10 predictions: 3 open, 4 overdue, 3 resolved.")


def test_predictions_sort_by_deadline_or_when_said_either_way(client):
    pundit = PersonFactory.create(slug="pundit")
    predictions_of(pundit)
    ascending = [f"Claim {n}" for n in range(10)]

    assert claims(client.get("/people/pundit/")) == ascending
    assert claims(client.get("/people/pundit/", {"sort": "deadline"})) == ascending
    assert claims(client.get("/people/pundit/", {"sort": "-deadline"})) == ascending[::-1]
    assert claims(client.get("/people/pundit/", {"sort": "-made"})) == NEWEST_SAID
    # This page's links from before the orders were shared: newest said first.
    assert claims(client.get("/people/pundit/", {"sort": "made"})) == NEWEST_SAID
    assert claims(client.get("/people/pundit/", {"sort": "'; drop"})) == ascending
    assertContains(
        client.get("/people/pundit/", {"sort": "-deadline"}),
        '<option value="-deadline" selected>',
    )


def test_the_sorts_are_the_predictions_pages_but_oldest_said_first(client):
    PersonFactory.create(slug="pundit")

    offered = page(client.get("/people/pundit/")).select("#filter-sort option")

    assert [(o["value"], o.get_text()) for o in offered] == [
        ("deadline", "Deadline, soonest first"),
        ("-deadline", "Deadline, latest first"),
        ("-made", "Said, newest first"),
        ("-filed", "Filed, newest first"),
    ]


def test_an_unknown_status_shows_every_prediction(client):
    pundit = PersonFactory.create(slug="pundit")
    predictions_of(pundit)

    assert len(claims(client.get("/people/pundit/", {"status": "maybe"}))) == 10


def test_predictions_are_paginated_by_25_keeping_filters_and_sort(client):
    pundit = PersonFactory.create(slug="pundit")
    for n in range(30):
        PredictionFactory.create(
            predictor=pundit,
            claim=f"Claim {n:02d}",
            resolves_on=dt.date(2026, 2, 1) + dt.timedelta(days=n),
        )

    first = page(client.get("/people/pundit/", {"status": "open", "sort": "-deadline"}))
    following = first.pagination["next"]
    second = client.get("/people/pundit/" + following.removesuffix("#predictions"))

    assert [row["cells"][0] for row in first.rows] == [f"Claim {n:02d}" for n in range(29, 4, -1)]
    assert following.startswith("?status=open&sort=-deadline&cursor=")
    assert following.endswith("#predictions")
    assert claims(second) == [f"Claim {n:02d}" for n in range(4, -1, -1)]
    back = page(second).pagination["prev"]
    assert back.startswith("?status=open&sort=-deadline&cursor=")
    assert claims(client.get("/people/pundit/" + back.removesuffix("#predictions"))) == [
        row["cells"][0] for row in first.rows
    ]


def test_filter_form_has_labels_and_uses_get(client):
    PersonFactory.create(slug="pundit")

    response = client.get("/people/pundit/")

    assertContains(response, '<form method="get" action="#predictions"')
    for id_, label in [
        ("filter-status", "Status"),
        ("filter-tag", "Tag"),
        ("filter-sort", "Sort by"),
    ]:
        assertContains(response, f'<label for="{id_}">{label}</label>', html=True)


def full_record(person: Person, size: int) -> None:
    """``size`` predictions, each with a quote (its own source), and tags."""
    tag = Tag.objects.create(name="Politics", slug="politics")
    other = Tag.objects.create(name="Energy", slug="energy")
    for _ in range(size):
        prediction = PredictionFactory.create(
            predictor=person, statement=StatementFactory.create(speaker=person)
        )
        prediction.tags.add(tag, other)


# The person with their counts, the tags of the filter, the page of
# predictions (predictor, quote, speaker and source joined), their tags, and
# the page of statements with their sources (no count of either list) and which
# of them a public list shows; then
# the track record (one aggregate), the outcome strip's points and the
# overdue list.
PERSON_QUERIES = 9


@pytest.mark.parametrize("size", [3, 30])
def test_person_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    pundit = PersonFactory.create(slug="pundit")
    full_record(pundit, size)

    # And the id of the tag filtered by.
    with django_assert_num_queries(PERSON_QUERIES + 1):
        response = client.get("/people/pundit/", {"tag": "politics"})

    assert len(page(response).rows) == min(size, 25)


@pytest.mark.parametrize("size", [3, 30])
def test_signed_in_person_page_runs_a_fixed_number_of_queries(
    client, contributor, django_assert_num_queries, size
):
    pundit = PersonFactory.create(slug="pundit")
    full_record(pundit, size)
    client.force_login(contributor)

    # The session and its user, then whether they follow this person; their
    # permissions (two: is this an editor, a confirmed address) and where
    # they stand with "this is me" (one).
    with django_assert_num_queries(PERSON_QUERIES + 6):
        response = client.get("/people/pundit/")

    assert len(page(response).rows) == min(size, 25)
