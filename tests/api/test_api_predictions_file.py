"""Filing a prediction over HTTP, through the same service as the web form:
a signed-in user files, the quote's source and speaker are found or added,
and a refusal names the field and stores nothing."""

import datetime as dt

import pytest

from core.errors import InvalidInput
from predictions import services
from predictions.models import Prediction
from sources.models import Person, Source, Statement
from tests.api.claims import LIST, SEED_CLAIM
from tests.support.api import client_for
from tests.support.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_filing_needs_a_signed_in_user():
    response = client_for().post(LIST, SEED_CLAIM, format="json")
    assert response.status_code == 401
    assert Prediction.objects.count() == 0


def test_a_contributor_files_the_seed_claim_with_words_for_a_deadline(contributor):
    response = client_for(contributor).post(LIST, SEED_CLAIM, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["resolves_on"] == "2025-03-01"  # a month after it was said
    assert body["made_on"] == "2025-02-01"
    assert body["deadline_text"] == "within the next month"
    assert body["statement"]["source"]["url"] == "https://example.com/openai-wrong-side"
    prediction = Prediction.objects.get()
    assert prediction.filed_by == contributor
    assert prediction.events.get().kind == "filed"


def test_filing_reuses_a_person_by_slug(contributor):
    PersonFactory(slug="sam-altman", name="Sam Altman")
    response = client_for(contributor).post(
        LIST,
        {
            "claim": "GPT-6 ships",
            "predictor": "sam-altman",
            "resolves_on": "2030-01-01",
            "made_on": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"claim": "x" * 501}, "claim"),
        ({"quote": "q" * 5001}, "quote"),
        ({"tags": ["t" * 51]}, "tags"),
        ({"tags": [f"t{n}" for n in range(21)]}, "tags"),
        ({"deadline_text": "soon"}, "deadline_text"),
        ({"deadline_text": "", "resolves_on": None}, "resolves_on"),
        ({"predictor": "nobody-by-this-slug"}, "predictor"),
        ({"predictor": {"nom": "x"}}, "predictor"),
        ({"confidence": 1.5}, "confidence"),
        ({"published_on": "1 Feb"}, "published_on"),
        ({"source_url": "not a url"}, "source_url"),
        ({"source_url": "", "source_title": ""}, "source_url"),
        ({"resolves_on": "2025-01-01"}, "resolves_on"),
    ],
)
def test_bad_claims_are_400_naming_the_field_and_store_nothing(contributor, change, field):
    payload = {key: value for key, value in {**SEED_CLAIM, **change}.items() if value is not None}
    response = client_for(contributor).post(LIST, payload, format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Prediction.objects.count() == 0
    assert Statement.objects.count() == 0
    assert Source.objects.count() == 0
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    "change",
    [{"deadline_text": ""}, {"source_url": "", "source_title": ""}],
    ids=["no deadline", "a quote without its source"],
)
def test_rules_across_fields_answer_with_the_services_own_errors(contributor, change):
    """The serializer checks each field; file_claim checks how they go together."""
    payload = {**SEED_CLAIM, **change}
    arguments = {
        **payload,
        "predictor": payload["predictor"]["name"],
        "published_on": dt.date.fromisoformat(payload["published_on"]),
    }
    with pytest.raises(InvalidInput) as refused:
        services.file_claim(filed_by=contributor, **arguments)

    response = client_for(contributor).post(LIST, payload, format="json")

    assert response.status_code == 400
    assert response.json() == refused.value.errors
    assert Person.objects.count() == 0


def test_an_oversize_body_is_413(contributor):
    payload = {**SEED_CLAIM, "quote": "x" * (1024 * 1024 + 1)}
    response = client_for(contributor).post(LIST, payload, format="json")
    assert response.status_code == 413
    assert Prediction.objects.count() == 0


def test_malformed_json_is_400(contributor):
    response = client_for(contributor).post(LIST, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_quote_may_be_filed_as_the_sources_paraphrase(contributor):
    response = client_for(contributor).post(
        LIST, {**SEED_CLAIM, "quote_is_paraphrase": True}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["statement"]["is_paraphrase"] is True
    assert Statement.objects.get().is_paraphrase


def test_a_quote_is_the_speakers_words_unless_said_otherwise(contributor):
    response = client_for(contributor).post(LIST, SEED_CLAIM, format="json")

    assert response.json()["statement"]["is_paraphrase"] is False
