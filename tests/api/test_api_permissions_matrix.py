"""The permissions matrix through the API: every persona × every action
(tests/support/permissions.py holds the table, shared with the web's), each
cell its own test, with a real token. A cell checks the status (201, 200,
202 for a proposal, 401, 403, 404) and that the database changed exactly when
the cell allows it. Merging people is not offered: no endpoint exists."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from tests.support.api import client_for
from tests.support.permissions import (
    ALLOWED,
    API,
    CELLS,
    EVIDENCE,
    FILED_CLAIM,
    LATER,
    OUTCOME,
    QUOTE,
    Answer,
    Personas,
    Scenario,
    api_status,
    assert_effect,
    build,
    expected,
)

pytestmark = pytest.mark.django_db

PREDICTIONS = "/api/v1/predictions/"


@pytest.fixture
def personas(frozen_now) -> Personas:
    return Personas.create()


def _at(scenario: Scenario, suffix: str) -> str:
    return f"{PREDICTIONS}{scenario.the_prediction.pk}/{suffix}/"


def _file(api: APIClient, scenario: Scenario):
    return api.post(
        PREDICTIONS,
        {
            "claim": FILED_CLAIM,
            "predictor": scenario.personas.predictor.slug,
            "resolves_on": LATER.isoformat(),
            "quote": QUOTE,
            "source_title": "Mayor on the bridge",
            "published_on": "2026-03-01",
        },
    )


def _review(decision: str, reason: str = ""):
    def post(api: APIClient, scenario: Scenario):
        return api.post(_at(scenario, "review"), {"decision": decision, "reason": reason})

    return post


def _record_outcome(api: APIClient, scenario: Scenario):
    return api.post(
        _at(scenario, "resolve"),
        {"outcome": OUTCOME, "note": "Open since 27 February.", "evidence_url": EVIDENCE},
    )


def _confirm(api: APIClient, scenario: Scenario):
    return api.post(_at(scenario, "proposal"), {"decision": "confirm"})


def _dispute(api: APIClient, scenario: Scenario):
    return api.post(
        _at(scenario, "disputes"),
        {"subject": "quote", "reason": "The mayor said April, not February."},
    )


def _merge(api: APIClient, scenario: Scenario):
    # Where a merge would be if the people endpoints offered one.
    assert scenario.duplicate is not None and scenario.target is not None
    return api.post(
        f"/api/v1/people/{scenario.duplicate.slug}/merge/", {"into": scenario.target.slug}
    )


POST: dict[str, Callable] = {
    "file": _file,
    "approve": _review("approve"),
    "reject": _review("reject", "Not something anyone can check."),
    "resolve": _record_outcome,
    "propose": _record_outcome,
    "confirm": _confirm,
    "dispute": _dispute,
    "merge": _merge,
}


def _assert_body(body: dict, answer: Answer, action: str) -> None:
    """What a successful answer says it did."""
    if answer == Answer.RESOLVES:
        assert (body["status"], body["outcome"]) == ("resolved", OUTCOME)
    elif answer == Answer.PROPOSES:
        assert body["status"] == "due"
        assert body["proposed_outcome"]["outcome"] == OUTCOME
    elif action == "file":
        published = "published" if answer == Answer.PUBLISHES else "pending"
        assert (body["claim"], body["review_state"]) == (FILED_CLAIM, published)
    elif action in ("approve", "reject"):
        assert body["review_state"] == ("published" if action == "approve" else "rejected")
    elif action == "confirm":
        assert body["status"] == "resolved"
    elif action == "dispute":
        assert (body["number"], body["state"]) == (1, "open")


@pytest.mark.parametrize(("persona", "action"), CELLS)
def test_api_cell(personas, persona, action):
    scenario = build(action, personas)
    actor = personas.user(persona)
    answer = expected(persona, action, API)

    response = POST[action](client_for(actor), scenario)

    assert response.status_code == api_status(action, answer), response.content
    if answer in ALLOWED:
        _assert_body(response.json(), answer, action)
    assert_effect(scenario, answer, actor)


def test_the_api_offers_no_merge():
    schema = client_for().get("/api/v1/schema/", {"format": "json"}).json()
    assert schema["paths"]
    assert not [path for path in schema["paths"] if "merge" in path]
