"""The story that made review necessary, over the API.

A newcomer signs up and cannot file before confirming her address. Once she
has, her claim about a public figure waits for review and leaves his record
as it was; her "wrong" through the email link is only a proposal; the record
changes when, and only when, an editor confirms it.

Sam Example's record before: right at 80%, wrong at 60% (both stated):
accuracy 1 of 2 = 0.5, Brier ((1 − 0.8)² + (0 − 0.6)²) / 2 = 0.2.
After the confirmed "wrong" at 80%: 1 of 3 = 0.333, Brier
(0.04 + 0.36 + 0.64) / 3 = 0.347.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client

from accounts import outbox
from accounts.models import AccountEmail
from predictions import services
from predictions.models import Prediction
from tests.predictions.notifications.resolve_links import link, notify
from tests.support.api import client_for
from tests.support.factories import PASSWORD
from tests.support.stories import public_figure_with_a_record

pytestmark = pytest.mark.django_db

EVIDENCE = "https://news.example.com/no-release"
PERSON = "/api/v1/people/sam-example/"


@pytest.fixture
def sam(editor, frozen_now):
    return public_figure_with_a_record(editor)


def record() -> dict:
    return client_for().get(PERSON).json()["record"]


def numbers(of: dict) -> tuple:
    return (
        of["predictions"],
        of["resolved"],
        of["right"],
        of["wrong"],
        of["overdue"],
        of["accuracy"],
        of["brier"],
    )


BEFORE = (2, 2, 1, 1, 0, 0.5, 0.2)


def sign_up_and_confirm(client: Client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "erin",
            "email": "erin@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    [row] = AccountEmail.objects.filter(user__username="erin")
    unconfirmed = row.user

    claim = {
        "claim": "Example Co releases its model's weights",
        "predictor": "sam-example",
        "made_on": "2026-02-01",
        "resolves_on": "2026-03-01",
        "confidence": 0.8,
        "confidence_basis": "stated",
    }
    refused = client_for(unconfirmed).post("/api/v1/predictions/", claim, format="json")
    assert refused.status_code == 403
    assert "Confirm your email address first" in refused.json()["detail"]
    assert not Prediction.objects.filter(filed_by=unconfirmed).exists()

    assert outbox.deliver(row.pk) == "sent"
    path = re.search(r"/accounts/confirm/\S+/", str(mail.outbox[-1].body))
    assert path is not None
    assert client.post(path[0]).status_code == 302
    return unconfirmed, claim


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a write leaves for after its commit (the records' cache is
    cleared then), as a real request's transaction would."""

    def write(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return write


def test_a_newcomers_claim_and_outcome_change_a_record_only_through_an_editor(
    sam, editor, client, committed
):
    assert numbers(record()) == BEFORE
    erin, claim = sign_up_and_confirm(client)

    # Her claim is pending: hers and the editors' to see, nobody's record.
    filed = committed(client_for(erin).post, "/api/v1/predictions/", claim, format="json")
    assert filed.status_code == 201, filed.json()
    assert filed.json()["review_state"] == "pending"
    pk = filed.json()["id"]
    assert client_for().get(f"/api/v1/predictions/{pk}/").status_code == 404
    assert client_for(erin).get(f"/api/v1/predictions/{pk}/").status_code == 200
    mine = client_for(erin).get("/api/v1/predictions/", {"review_state": "pending"}).json()
    assert [row["id"] for row in mine["results"]] == [pk]
    assert [row["id"] for row in client_for().get("/api/v1/predictions/").json()["results"]] == [
        p.pk for p in Prediction.objects.filter(predictor=sam).exclude(pk=pk).order_by("-id")
    ]
    assert numbers(record()) == BEFORE

    # An editor publishes it: it counts (overdue), its outcome still open.
    approved = committed(
        client_for(editor).post,
        f"/api/v1/predictions/{pk}/review/",
        {"decision": "approve"},
        format="json",
    )
    assert approved.status_code == 200, approved.json()
    assert approved.json()["review_state"] == "published"
    assert numbers(record()) == (3, 2, 1, 1, 1, 0.5, 0.2)

    # Her "wrong" from the due email is a proposal, with evidence.
    prediction = Prediction.objects.get(pk=pk)
    path = link(notify(erin, prediction), "wrong")
    page = client.get(path)
    assert "Propose <em>wrong</em>" in page.content.decode()
    form = {"version": prediction.version, "outcome": "wrong", "evidence_url": EVIDENCE}
    assert committed(client.post, path, form).status_code == 302
    body = client_for().get(f"/api/v1/predictions/{pk}/").json()
    assert (body["status"], body["outcome"]) == ("due", "")
    assert body["proposed_outcome"]["outcome"] == "wrong"
    assert body["proposed_outcome"]["proposed_by"] == "erin"
    assert numbers(record()) == (3, 2, 1, 1, 1, 0.5, 0.2)

    # An editor confirms it: only now does the record change.
    confirmed = committed(
        client_for(editor).post,
        f"/api/v1/predictions/{pk}/proposal/",
        {"decision": "confirm"},
        format="json",
    )
    assert confirmed.status_code == 200, confirmed.json()
    assert (confirmed.json()["status"], confirmed.json()["outcome"]) == ("resolved", "wrong")
    assert numbers(record()) == (3, 3, 1, 2, 0, 0.333, 0.347)
    kinds = [e["kind"] for e in client_for().get(f"/api/v1/predictions/{pk}/").json()["events"]]
    assert kinds == ["filed", "approved", "proposed", "resolved"]


def test_an_editors_outcome_through_the_api_counts_at_once(sam, editor, committed):
    filed = services.file_claim(
        filed_by=editor,
        claim="Example Co ships",
        predictor=sam,
        made_on=dt.date(2026, 2, 1),
        resolves_on=dt.date(2026, 3, 1),
        confidence=0.8,
        confidence_basis="stated",
    )
    assert numbers(record()) == (3, 2, 1, 1, 1, 0.5, 0.2)
    response = committed(
        client_for(editor).post,
        f"/api/v1/predictions/{filed.pk}/resolve/",
        {"outcome": "wrong"},
        format="json",
    )
    assert response.status_code == 200
    assert numbers(record()) == (3, 3, 1, 2, 0, 0.333, 0.347)
