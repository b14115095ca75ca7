"""Changing a prediction over HTTP: an editor edits (with the version last
read), resolves, reopens and withdraws; anyone else verified proposes an
outcome (202) for an editor to confirm; a stale version or a forbidding state
is a 409; a session needs its CSRF token."""

import pytest

from predictions import services
from predictions.models import Prediction
from tests.api.claims import detail
from tests.support.api import client_for

pytestmark = pytest.mark.django_db


EVIDENCE = "https://openai.com/index/introducing-gpt-oss/"


def test_an_editor_edits_with_the_current_version(filed, editor):
    # Filed (version 1) and approved (version 2).
    response = client_for(editor).patch(
        detail(filed.pk), {"version": 2, "claim": "OpenAI open-sources a model"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["claim"] == "OpenAI open-sources a model"
    assert response.json()["version"] == 3


def test_new_deadline_words_recompute_the_date(filed, editor):
    response = client_for(editor).patch(
        detail(filed.pk), {"version": 2, "deadline_text": "within three months"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["resolves_on"] == "2025-05-01"


def test_a_stale_version_is_409_with_the_current_one(filed, editor, staff):
    services.edit_prediction(prediction=filed, actor=staff, changes={"claim": "Edited"})
    response = client_for(editor).patch(
        detail(filed.pk), {"version": 2, "claim": "Mine"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["current_version"] == 3
    assert Prediction.objects.get(pk=filed.pk).claim == "Edited"


def test_editing_needs_the_version(filed, editor):
    response = client_for(editor).patch(detail(filed.pk), {"claim": "x"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


@pytest.mark.parametrize(
    ("persona", "code"),
    [(None, 401), ("other_contributor", 403), ("contributor", 403), ("editor", 200)],
)
def test_who_may_edit(filed, request, persona, code):
    """Once published, only an editor edits: the filer could while it awaited review."""
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).patch(
        detail(filed.pk), {"version": 2, "claim": "Changed"}, format="json"
    )
    assert response.status_code == code


def test_the_filer_proposes_an_outcome_and_an_editor_confirms_it(filed, contributor, editor):
    proposed = client_for(contributor).post(
        detail(filed.pk) + "resolve/",
        {"outcome": "wrong", "note": "gpt-oss came in August.", "evidence_url": EVIDENCE},
        format="json",
    )

    assert proposed.status_code == 202, proposed.json()
    body = proposed.json()
    assert (body["status"], body["outcome"]) == ("due", "")
    assert body["proposed_outcome"] == {
        "outcome": "wrong",
        "note": "gpt-oss came in August.",
        "evidence_url": EVIDENCE,
        "proposed_by": "alice",
        "proposed_at": "2026-03-10T12:00:00Z",
    }

    confirmed = client_for(editor).post(
        detail(filed.pk) + "proposal/", {"decision": "confirm"}, format="json"
    )
    assert confirmed.status_code == 200, confirmed.json()
    body = confirmed.json()
    assert (body["status"], body["outcome"], body["proposed_outcome"]) == (
        "resolved",
        "wrong",
        None,
    )
    assert body["evidence_url"] == EVIDENCE
    assert Prediction.objects.get(pk=filed.pk).resolved_by == contributor


def test_a_proposal_needs_its_evidence(filed, contributor):
    response = client_for(contributor).post(
        detail(filed.pk) + "resolve/", {"outcome": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert "evidence_url" in response.json()
    assert Prediction.objects.get(pk=filed.pk).proposed_outcome == ""


@pytest.mark.parametrize(
    ("persona", "code"), [(None, 401), ("other_contributor", 202), ("editor", 200)]
)
def test_who_may_resolve(filed, request, persona, code):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).post(
        detail(filed.pk) + "resolve/", {"outcome": "right", "evidence_url": EVIDENCE}, format="json"
    )
    assert response.status_code == code
    stored = Prediction.objects.get(pk=filed.pk)
    assert (stored.status == "resolved") == (code == 200)
    assert (stored.proposed_outcome == "right") == (code == 202)


def test_resolving_with_a_bad_outcome_names_it(filed, editor):
    response = client_for(editor).post(
        detail(filed.pk) + "resolve/", {"outcome": "kinda"}, format="json"
    )
    assert response.status_code == 400
    assert "outcome" in response.json()


@pytest.mark.parametrize("persona", ["contributor", "editor"])
def test_resolving_a_withdrawn_prediction_is_409(filed, request, editor, persona):
    services.withdraw_prediction(prediction=filed, actor=editor, reason="Duplicate.")
    response = client_for(request.getfixturevalue(persona)).post(
        detail(filed.pk) + "resolve/", {"outcome": "right", "evidence_url": EVIDENCE}, format="json"
    )
    assert response.status_code == 409
    assert "withdrawn" in response.json()["detail"]


def test_an_editor_reopens_and_withdraws_with_a_reason(filed, editor):
    services.resolve_prediction(prediction=filed, outcome="right", actor=editor)
    client = client_for(editor)

    missing = client.post(detail(filed.pk) + "reopen/", {}, format="json")
    assert missing.status_code == 400
    assert "reason" in missing.json()

    reopened = client.post(
        detail(filed.pk) + "reopen/", {"reason": "Misread the news."}, format="json"
    )
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "due"

    withdrawn = client.post(detail(filed.pk) + "withdraw/", {"reason": "Misquote."}, format="json")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"


def test_a_contributor_cannot_withdraw(filed, contributor):
    response = client_for(contributor).post(
        detail(filed.pk) + "withdraw/", {"reason": "Mine."}, format="json"
    )
    assert response.status_code == 403
    assert Prediction.objects.get(pk=filed.pk).status == "due"


def test_a_session_user_needs_csrf_to_write(filed, contributor):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(contributor)
    response = client.post(detail(filed.pk) + "resolve/", {"outcome": "right"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_an_edit_may_say_why_on_the_history(filed, editor):
    response = client_for(editor).patch(
        detail(filed.pk),
        {"version": 2, "claim": "OpenAI open-sources a model", "reason": "  Clearer wording. "},
        format="json",
    )

    assert response.status_code == 200, response.json()
    edited = Prediction.objects.get(pk=filed.pk).events.get(kind="edited")
    assert edited.data["reason"] == "Clearer wording."
    events = client_for(editor).get(detail(filed.pk)).json()["events"]
    assert events[-1]["data"]["reason"] == "Clearer wording."
