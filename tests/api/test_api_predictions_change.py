"""Changing a prediction over HTTP: the filer or an editor edits (with the
version last read) and resolves; only editors reopen and withdraw; a stale
version or a forbidding state is a 409; a session needs its CSRF token."""

import pytest

from predictions import services
from predictions.models import Prediction
from tests.api.claims import detail
from tests.support.api import client_for

pytestmark = pytest.mark.django_db


def test_the_filer_edits_with_the_current_version(filed, contributor):
    response = client_for(contributor).patch(
        detail(filed.pk), {"version": 1, "claim": "OpenAI open-sources a model"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["claim"] == "OpenAI open-sources a model"
    assert response.json()["version"] == 2


def test_new_deadline_words_recompute_the_date(filed, contributor):
    response = client_for(contributor).patch(
        detail(filed.pk), {"version": 1, "deadline_text": "within three months"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["resolves_on"] == "2025-05-01"


def test_a_stale_version_is_409_with_the_current_one(filed, contributor, editor):
    services.edit_prediction(prediction=filed, actor=editor, changes={"claim": "Edited"})
    response = client_for(contributor).patch(
        detail(filed.pk), {"version": 1, "claim": "Mine"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert Prediction.objects.get(pk=filed.pk).claim == "Edited"


def test_editing_needs_the_version(filed, contributor):
    response = client_for(contributor).patch(detail(filed.pk), {"claim": "x"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


@pytest.mark.parametrize(
    ("persona", "code"), [(None, 401), ("other_contributor", 403), ("editor", 200)]
)
def test_who_may_edit(filed, request, persona, code):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).patch(
        detail(filed.pk), {"version": 1, "claim": "Changed"}, format="json"
    )
    assert response.status_code == code


def test_the_filer_resolves_with_evidence(filed, contributor):
    response = client_for(contributor).post(
        detail(filed.pk) + "resolve/",
        {
            "outcome": "wrong",
            "note": "gpt-oss came in August.",
            "evidence_url": "https://openai.com/index/introducing-gpt-oss/",
            "version": 1,
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["outcome"], body["version"]) == ("resolved", "wrong", 2)
    assert body["evidence_url"] == "https://openai.com/index/introducing-gpt-oss/"


@pytest.mark.parametrize(
    ("persona", "code"), [(None, 401), ("other_contributor", 403), ("editor", 200)]
)
def test_who_may_resolve(filed, request, persona, code):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).post(
        detail(filed.pk) + "resolve/", {"outcome": "right"}, format="json"
    )
    assert response.status_code == code
    assert (Prediction.objects.get(pk=filed.pk).status == "resolved") == (code == 200)


def test_resolving_with_a_bad_outcome_names_it(filed, contributor):
    response = client_for(contributor).post(
        detail(filed.pk) + "resolve/", {"outcome": "kinda"}, format="json"
    )
    assert response.status_code == 400
    assert "outcome" in response.json()


def test_resolving_a_withdrawn_prediction_is_409(filed, contributor, editor):
    services.withdraw_prediction(prediction=filed, actor=editor, reason="Duplicate.")
    response = client_for(contributor).post(
        detail(filed.pk) + "resolve/", {"outcome": "right"}, format="json"
    )
    assert response.status_code == 409
    assert "withdrawn" in response.json()["detail"]


def test_an_editor_reopens_and_withdraws_with_a_reason(filed, contributor, editor):
    services.resolve_prediction(prediction=filed, outcome="right", actor=contributor)
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
