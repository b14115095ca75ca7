"""Over HTTP: a resolved prediction's claim, confidence and deadline are a 409
until it is reopened (its tags may change), a corrected quote or name is in
the prediction's events with the old and new values, and there is no API path
that changes a quote's words or a person's name behind the history's back."""

import pytest

from predictions import services
from predictions.models import Prediction
from predictions.records.totals import person_record
from predictions.services import corrections
from tests.api.claims import detail
from tests.support.api import client_for

pytestmark = pytest.mark.django_db

EVIDENCE = "https://openai.com/index/introducing-gpt-oss/"


@pytest.fixture
def resolved(filed, editor):
    stated = services.edit_prediction(
        prediction=filed, actor=editor, changes={"confidence": 0.9, "confidence_basis": "stated"}
    )
    return services.resolve_prediction(
        prediction=stated, actor=editor, outcome="wrong", evidence_url=EVIDENCE
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"claim": "OpenAI keeps its models closed"},
        {"confidence": 0.1},
        {"resolves_on": "2025-12-31"},
    ],
    ids=["claim", "confidence", "deadline"],
)
def test_editing_what_a_resolved_prediction_was_judged_on_is_409(resolved, editor, changes):
    brier = person_record(resolved.predictor).brier
    assert brier == pytest.approx(0.81)

    response = client_for(editor).patch(
        detail(resolved.pk), {"version": resolved.version, **changes}, format="json"
    )

    assert response.status_code == 409, response.json()
    assert (
        "Reopen it first" in response.json()["detail"]
        or "reopen it first" in (response.json()["detail"])
    )
    unchanged = Prediction.objects.get(pk=resolved.pk)
    assert (unchanged.claim, unchanged.confidence, unchanged.version) == (
        resolved.claim,
        0.9,
        resolved.version,
    )
    assert person_record(resolved.predictor).brier == pytest.approx(brier)


def test_a_resolved_predictions_tags_may_change(resolved, editor):
    response = client_for(editor).patch(
        detail(resolved.pk), {"version": resolved.version, "tags": ["openai"]}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["tags"] == ["openai"]


def test_after_reopening_the_claim_may_change(resolved, editor):
    client = client_for(editor)
    reopened = client.post(
        detail(resolved.pk) + "reopen/", {"reason": "Judged too early."}, format="json"
    )
    assert reopened.status_code == 200, reopened.json()

    response = client.patch(
        detail(resolved.pk),
        {"version": reopened.json()["version"], "claim": "OpenAI open-sources a model"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["claim"] == "OpenAI open-sources a model"


def test_the_events_carry_a_corrected_quote_and_name(filed, editor):
    assert filed.statement is not None
    old_quote, old_name = filed.statement.text, filed.predictor.name
    corrections.correct_statement_text(
        statement=filed.statement,
        text="OpenAI may move towards open-sourcing its models within the next month",
        actor=editor,
        reason="Hyphen as in the article.",
    )
    corrections.rename_person(
        person=filed.predictor, name="The article's commentator", actor=editor, reason="Style."
    )

    events = client_for(None).get(detail(filed.pk)).json()["events"]

    quote, name = events[-2:]
    assert quote["kind"] == "quote_corrected"
    assert quote["actor"] == "charlie"
    assert quote["data"] == {
        "statement": filed.statement.pk,
        "old": old_quote,
        "new": "OpenAI may move towards open-sourcing its models within the next month",
        "reason": "Hyphen as in the article.",
    }
    assert name["kind"] == "person_renamed"
    assert (name["data"]["old"], name["data"]["new"]) == (old_name, "The article's commentator")
    assert name["previous_hash"] == quote["hash"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/people/{slug}/", {"name": "Someone else"}),
        ("/api/v1/statements/{statement}/", {"text": "Other words"}),
    ],
)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_no_api_path_changes_a_quote_or_a_name(filed, editor, path, body, method):
    assert filed.statement is not None
    target = path.format(slug=filed.predictor.slug, statement=filed.statement.pk)

    response = getattr(client_for(editor), method)(target, body, format="json")

    assert response.status_code == 405
    statement = Prediction.objects.get(pk=filed.pk).statement
    assert statement is not None and statement.text == filed.statement.text
    assert Prediction.objects.get(pk=filed.pk).predictor.name == filed.predictor.name
