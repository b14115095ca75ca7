"""The confidence's basis over the API: filed, returned (null when there is
no confidence), edited with its history, refused naming the field, and
documented in the schema."""

import pytest

from predictions.models import Prediction
from tests.api.claims import LIST, detail
from tests.predictions.confidence import QUOTE, file
from tests.support.api import client_for

pytestmark = pytest.mark.django_db


def test_the_api_files_a_basis_and_returns_it(contributor):
    response = client_for(contributor).post(
        LIST,
        {
            "claim": "The Riverton bridge reopens",
            "predictor": {"name": "A Mayor"},
            "quote": QUOTE,
            "source_url": "https://example.com/bridge",
            "made_on": "2026-01-05",
            "resolves_on": "2026-06-30",
            "confidence_basis": "hedge",
            "confidence_hedge": "very likely",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["confidence"], body["confidence_basis"], body["confidence_hedge"]) == (
        0.88,
        "hedge",
        "very likely",
    )


def test_the_api_says_null_for_no_confidence_and_takes_null(contributor):
    client = client_for(contributor)
    body = client.post(
        LIST,
        {
            "claim": "The Riverton bridge reopens",
            "predictor": {"name": "A Mayor"},
            "made_on": "2026-01-05",
            "resolves_on": "2026-06-30",
            "confidence": None,
            "confidence_basis": None,
        },
        format="json",
    ).json()

    assert (body["confidence"], body["confidence_basis"], body["confidence_hedge"]) == (
        None,
        None,
        "",
    )
    assert client.get(detail(body["id"])).json()["confidence_basis"] is None


def test_the_api_edits_the_basis_and_the_history_shows_it(contributor):
    prediction = file(contributor, confidence=0.7)
    client = client_for(contributor)

    response = client.patch(
        detail(prediction.pk), {"version": 1, "confidence_basis": "stated"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["confidence_basis"] == "stated"
    events = client.get(detail(prediction.pk) + "events/").json()
    assert events[-1]["data"]["changes"] == {"confidence_basis": ["filer", "stated"]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"confidence": 0.7, "confidence_basis": "guess"}, "confidence_basis"),
        ({"confidence_basis": "hedge"}, "confidence_hedge"),
        ({"confidence_basis": "hedge", "confidence_hedge": "x" * 101}, "confidence_hedge"),
    ],
)
def test_the_api_refuses_a_bad_basis_naming_the_field(contributor, body, field):
    response = client_for(contributor).post(
        LIST,
        {
            "claim": "The Riverton bridge reopens",
            "predictor": {"name": "A Mayor"},
            "made_on": "2026-01-05",
            "resolves_on": "2026-06-30",
            **body,
        },
        format="json",
    )

    assert response.status_code == 400
    assert field in response.json()
    assert Prediction.objects.count() == 0


def test_the_schema_documents_the_basis_in_and_out(client):
    schemas = client.get("/api/v1/schema/?format=json").json()["components"]["schemas"]

    for name in ["Prediction", "FileClaimRequest", "PatchedEditPredictionRequest"]:
        properties = schemas[name]["properties"]
        assert "confidence_hedge" in properties, name
        assert "confidence_basis" in properties, name
