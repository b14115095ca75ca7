"""Reading one prediction over HTTP: anyone may, in the documented shape,
with its timeline, in a fixed number of queries however large the ledger."""

import pytest

from predictions import services
from predictions.models import Prediction, PredictionEvent
from tests.api.claims import detail, make_ledger
from tests.support.api import client_for

pytestmark = pytest.mark.django_db


def test_anyone_reads_a_prediction_in_the_documented_shape(filed):
    response = client_for().get(detail(filed.pk))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "id",
        "url",
        "page_url",
        "claim",
        "predictor",
        "statement",
        "made_on",
        "resolves_on",
        "deadline_text",
        "confidence",
        "confidence_basis",
        "confidence_hedge",
        "status",
        "outcome",
        "resolution_note",
        "evidence_url",
        "resolved_at",
        "self_judged",
        "review_state",
        "review_reason",
        "proposed_outcome",
        "tags",
        "disputes_open",
        "created_at",
        "updated_at",
        "version",
        "events",
    }
    assert body["url"] == f"http://testserver/api/v1/predictions/{filed.pk}/"
    assert body["page_url"] == f"http://testserver/predictions/{filed.pk}/"
    assert body["predictor"] == {"slug": "article-commentator", "name": "Article commentator"}
    assert body["statement"]["speaker"]["slug"] == "article-commentator"
    assert body["statement"]["source"] == {
        "id": filed.statement.source_id,
        "url": "https://example.com/openai-wrong-side",
        "title": "OpenAI: wrong side of history",
        "published_on": "2025-02-01",
    }
    assert (body["made_on"], body["resolves_on"]) == ("2025-02-01", "2025-03-01")
    assert body["deadline_text"] == "within the next month"
    assert sorted(body["tags"]) == ["open-source", "openai"]
    assert (body["status"], body["outcome"], body["version"]) == ("due", "", 2)
    assert (body["review_state"], body["review_reason"]) == ("published", "")
    assert (body["proposed_outcome"], body["self_judged"]) == (None, False)


def test_an_unknown_prediction_is_404():
    response = client_for().get(detail(999999))
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("count", [5, 100])
def test_the_detail_runs_a_fixed_number_of_queries(count, django_assert_num_queries):
    make_ledger(count)
    prediction = Prediction.objects.last()
    assert prediction is not None
    # The prediction with its predictor and quote, its tags, its (here no) events.
    with django_assert_num_queries(3):
        assert client_for().get(detail(prediction.pk)).status_code == 200


def test_the_timeline(filed, editor):
    services.resolve_prediction(prediction=filed, outcome="wrong", actor=editor)
    response = client_for().get(detail(filed.pk) + "events/")

    assert response.status_code == 200
    assert [(e["kind"], e["actor"]) for e in response.json()] == [
        ("filed", "alice"),
        ("approved", "charlie"),
        ("resolved", "charlie"),
    ]
    assert PredictionEvent.objects.count() == 3
