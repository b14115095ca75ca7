"""The predictions list builds its rows from plain database rows
(api/predictions/rows.py): the JSON must be byte for byte what
PredictionSerializer gives for the same predictions, and the queries must
not grow with the page."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.predictions.serializers import PredictionSerializer
from core.display import deleted_username
from predictions import selectors, services
from predictions.models import Dispute
from tests.api.claims import LIST, make_ledger
from tests.support.api import client_for
from tests.support.factories import PredictionFactory, SourceFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db

WHEN = dt.datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=dt.UTC)


def varied_ledger() -> None:
    """Every shape a row can take: with and without a quote or a source date,
    a confidence or none, resolved, proposals by a live and a closed account,
    tags, open and settled disputes, text that JSON escapes."""
    make_ledger(3)
    PredictionFactory(claim='Quotes "and" back\\slashes, émigré ünïcode ✓ and a\ttab')
    PredictionFactory(confidence=0.7, confidence_basis="stated")
    PredictionFactory(confidence=0.1, confidence_basis="hedge", confidence_hedge="unlikely")
    undated = StatementFactory(
        source=SourceFactory(published_on=None, url=""), said_on=dt.date(2025, 1, 1)
    )
    PredictionFactory(statement=undated, predictor=undated.speaker)
    PredictionFactory(
        status="resolved",
        outcome="wrong",
        resolution_note="It did not.",
        evidence_url="https://example.com/e",
        resolved_at=WHEN,
        self_judged=True,
    )
    live = UserFactory(username="proposer")
    closed = UserFactory()
    closed.username, closed.is_active = deleted_username(closed.pk), False
    closed.save()
    gone = UserFactory()
    for user in (live, closed, gone):
        PredictionFactory(
            proposed_outcome="right",
            proposed_note="See the link.",
            proposed_evidence_url="https://example.com/p",
            proposed_by=user,
            proposed_at=WHEN,
        )
    gone.delete()  # the proposal stays; proposed_by becomes null
    disputed = PredictionFactory()
    for state in (Dispute.State.OPEN, Dispute.State.OPEN, Dispute.State.DISMISSED):
        Dispute.objects.create(
            prediction=disputed,
            number=Dispute.objects.filter(prediction=disputed).count() + 1,
            subject="outcome",
            reason="Because.",
            opened_at=WHEN,
            state=state,
            settled_at=None if state == Dispute.State.OPEN else WHEN,
            settlement_reason="" if state == Dispute.State.OPEN else "No.",
        )
    tagged = PredictionFactory()
    tagged.tags.set(services.filing.tags_named(["zeta", "alpha", "mid"]))


def serializer_json(path: str, ordering=("-created_at", "-id")) -> bytes:
    """What PredictionSerializer renders for the list's predictions."""
    request = Request(APIRequestFactory().get(path))
    predictions = selectors.listed_predictions(None).order_by(*ordering)
    data = PredictionSerializer(predictions, many=True, context={"request": request}).data
    return JSONRenderer().render(data)


def test_the_list_is_byte_for_byte_the_serializers():
    varied_ledger()

    response = client_for().get(LIST, {"page_size": 200})

    assert response.status_code == 200
    results = response.content.split(b'"results":', 1)[1].removesuffix(b"}")
    assert results == serializer_json(LIST)
    assert len(response.json()["results"]) == 13


def test_an_empty_page():
    assert client_for().get(LIST).json() == {"next": None, "previous": None, "results": []}


def test_times_are_in_the_serializers_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    with timezone.override("Europe/Paris"):
        PredictionFactory(status="resolved", outcome="right", resolved_at=WHEN)
        response = client_for().get(LIST)
        row = response.json()["results"][0]
        assert row["resolved_at"] == "2026-03-04T06:06:07.891011+01:00"
        assert response.content.split(b'"results":', 1)[1].removesuffix(b"}") == serializer_json(
            LIST
        )


@pytest.mark.parametrize("ordering", ["resolves_on", "-made_on", "-updated_at"])
def test_cursor_pages_follow_every_order(ordering):
    varied_ledger()
    client = client_for()
    seen = []
    page = client.get(LIST, {"page_size": 5, "ordering": ordering}).json()
    while True:
        seen += [row["id"] for row in page["results"]]
        if page["next"] is None:
            break
        page = client.get(page["next"]).json()

    expected = selectors.listed_predictions(None).order_by(
        ordering, "-id" if ordering.startswith("-") else "id"
    )
    assert seen == [p.pk for p in expected]


@pytest.mark.parametrize("query", ["", "q=testable", "person", "tag=shared", "ordering=made_on"])
def test_queries_do_not_grow_with_the_page(query, django_assert_num_queries):
    make_ledger(12)
    if query == "person":
        query = f"person={selectors.listed_predictions(None)[0].predictor.slug}"
    client = client_for()
    # The page, then the tags of the page's predictions: the same at 10 as at
    # 100; a person or tag filter first reads the id its slug names.
    expected = 3 if query.startswith(("person", "tag")) else 2
    for page_size in (10, 100):
        with django_assert_num_queries(expected):
            response = client.get(f"{LIST}?{query}&page_size={page_size}")
        assert response.json()["results"]
