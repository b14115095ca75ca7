"""Disputes over HTTP: a verified user opens one (201), anyone lists them for a
published prediction, an editor settles one (200); anyone else gets 403, bad
input a 400 naming its fields, a settled dispute a 409. A prediction carries
the number of its open disputes in the list and the detail alike."""

import pytest

from predictions import rules, services
from predictions.models import Dispute, Prediction
from tests.api.claims import LIST, detail, make_ledger
from tests.predictions.disputes import EVIDENCE, published, resolved, stored
from tests.support.api import client_for
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def disputes_of(prediction: Prediction) -> str:
    return f"/api/v1/predictions/{prediction.pk}/disputes/"


def dispute_at(prediction: Prediction, number: int) -> str:
    return f"{disputes_of(prediction)}{number}/"


@pytest.fixture
def prediction(editor, frozen_now):
    return resolved(editor, "wrong")


def open_one(prediction, actor, subject="outcome") -> Dispute:
    return services.open_dispute(
        prediction=prediction, actor=actor, subject=subject, reason="It reopened on 18 March."
    )


# --- opening and listing ---------------------------------------------------------


def test_a_verified_user_opens_a_dispute(prediction, contributor):
    response = client_for(contributor).post(
        disputes_of(prediction),
        {"subject": "outcome", "reason": "It reopened on 18 March.", "evidence_url": EVIDENCE},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == 1
    assert body["url"] == f"http://testserver{dispute_at(prediction, 1)}"
    assert body["prediction"] == prediction.pk
    assert (body["subject"], body["state"], body["opened_by"]) == ("outcome", "open", "alice")
    assert body["evidence_url"] == EVIDENCE
    assert (body["settled_by"], body["settled_at"], body["settlement_reason"]) == (None, None, "")
    assert Dispute.objects.get().opened_by == contributor


def test_anyone_lists_the_disputes_of_a_published_prediction(
    prediction, editor, contributor, other_contributor
):
    first = open_one(prediction, contributor)
    open_one(prediction, other_contributor, subject="quote")
    services.settle_dispute(dispute=first, actor=editor, decision="dismiss", reason="Old news.")

    response = client_for().get(disputes_of(prediction))

    assert response.status_code == 200
    listed = [
        (d["number"], d["subject"], d["state"], d["settled_by"], d["settlement_reason"])
        for d in response.json()
    ]
    assert listed == [
        (1, "outcome", "dismissed", "charlie", "Old news."),
        (2, "quote", "open", None, ""),
    ]
    one = client_for().get(dispute_at(prediction, 2))
    assert one.status_code == 200
    assert one.json()["subject"] == "quote"


def test_the_disputes_of_a_claim_awaiting_review_are_not_public(
    contributor, other_contributor, frozen_now
):
    pending = services.file_claim(
        filed_by=contributor,
        claim="The bridge reopens",
        predictor="A Mayor",
        deadline_text="within the next month",
    )
    assert client_for().get(disputes_of(pending)).status_code == 404
    assert client_for(other_contributor).get(disputes_of(pending)).status_code == 404
    assert client_for(contributor).get(disputes_of(pending)).json() == []


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"subject": "outcome"}, {"reason": ["This field is required."]}),
        (
            {"subject": "verdict", "reason": "Wrong."},
            {"subject": ['"verdict" is not a valid choice.']},
        ),
        (
            {"subject": "outcome", "reason": "Wrong.", "evidence_url": "ftp://x.example/a"},
            {"evidence_url": ["Enter a full web address (http or https)."]},
        ),
    ],
)
def test_bad_input_is_400_naming_the_field(prediction, contributor, body, errors):
    response = client_for(contributor).post(disputes_of(prediction), body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not Dispute.objects.exists()


def test_the_services_refusal_is_400_naming_the_field(editor, contributor, frozen_now):
    response = client_for(contributor).post(
        disputes_of(published(editor)), {"subject": "outcome", "reason": "Wrong."}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"subject": ["There is no recorded outcome to dispute yet."]}


def test_opening_needs_a_signed_in_verified_user(prediction):
    body = {"subject": "outcome", "reason": "Wrong."}
    assert client_for().post(disputes_of(prediction), body, format="json").status_code == 401
    unverified = client_for(UserFactory(username="eve", verified=False))

    response = unverified.post(disputes_of(prediction), body, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": rules.UNCONFIRMED}
    assert not Dispute.objects.exists()


def test_a_withdrawn_prediction_is_409(prediction, editor, contributor):
    services.withdraw_prediction(prediction=prediction, actor=editor, reason="A duplicate.")
    response = client_for(contributor).post(
        disputes_of(prediction), {"subject": "quote", "reason": "Misquoted."}, format="json"
    )
    assert response.status_code == 409
    assert "nothing left to dispute" in response.json()["detail"]


# --- settling ----------------------------------------------------------------------


def test_an_editor_upholds_and_corrects_the_outcome(prediction, editor, contributor):
    open_one(prediction, contributor)

    response = client_for(editor).post(
        dispute_at(prediction, 1),
        {
            "decision": "uphold",
            "action": "correct",
            "outcome": "right",
            "note": "Reopened on 18 March.",
            "evidence_url": EVIDENCE,
            "reason": "The report settles it.",
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["state"], body["settled_by"]) == ("upheld", "charlie")
    assert body["settlement_reason"] == "The report settles it."
    assert (stored(prediction).outcome, stored(prediction).evidence_url) == ("right", EVIDENCE)


def test_an_editor_dismisses(prediction, editor, contributor):
    open_one(prediction, contributor)
    response = client_for(editor).post(
        dispute_at(prediction, 1), {"decision": "dismiss", "reason": "Old news."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "dismissed"
    assert stored(prediction).outcome == "wrong"


def test_anyone_but_an_editor_gets_403_before_their_input_is_read(
    prediction, contributor, other_contributor
):
    open_one(prediction, other_contributor)

    for body in ({"decision": "dismiss", "reason": "Mine."}, {"decision": "??"}):
        response = client_for(other_contributor).post(
            dispute_at(prediction, 1), body, format="json"
        )
        assert response.status_code == 403
        assert response.json() == {"detail": rules.RULES["settle"].refusal}
    assert Dispute.objects.get().state == "open"


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"decision": "uphold"},
            {"reason": ["This field is required."]},
        ),
        (
            {"decision": "uphold", "reason": "Right.", "action": "keep"},
            {"action": ["Choose what upholding it does: reopen or correct."]},
        ),
        (
            {"decision": "uphold", "reason": "Right.", "action": "correct", "outcome": "wrong"},
            {
                "outcome": [
                    "That is the outcome on the record: choose another, or reopen it instead."
                ]
            },
        ),
    ],
)
def test_a_bad_settlement_is_400_naming_the_fields(prediction, editor, contributor, body, errors):
    open_one(prediction, contributor)

    response = client_for(editor).post(dispute_at(prediction, 1), body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert Dispute.objects.get().state == "open"


def test_a_settled_dispute_is_409(prediction, editor, contributor):
    dispute = open_one(prediction, contributor)
    services.settle_dispute(dispute=dispute, actor=editor, decision="dismiss", reason="No.")

    response = client_for(editor).post(
        dispute_at(prediction, 1),
        {"decision": "uphold", "action": "reopen", "reason": "Yes."},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["detail"] == "Dispute 1 has been dismissed already."


def test_an_unknown_dispute_is_404(prediction, editor):
    assert client_for(editor).get(dispute_at(prediction, 3)).status_code == 404
    response = client_for(editor).post(
        dispute_at(prediction, 3), {"decision": "dismiss", "reason": "No."}, format="json"
    )
    assert response.status_code == 404


# --- the count on the prediction ---------------------------------------------------


def test_the_prediction_counts_its_open_disputes(
    prediction, editor, contributor, other_contributor
):
    untouched = published(editor)
    first = open_one(prediction, contributor)
    open_one(prediction, other_contributor)
    open_one(prediction, other_contributor, subject="quote")
    services.settle_dispute(dispute=first, actor=editor, decision="dismiss", reason="No.")

    assert client_for().get(detail(prediction.pk)).json()["disputes_open"] == 2
    listed = {p["id"]: p["disputes_open"] for p in client_for().get(LIST).json()["results"]}
    assert listed == {prediction.pk: 2, untouched.pk: 0}


def test_disputes_add_no_query_to_the_list(editor, contributor, django_assert_num_queries):
    make_ledger(3)
    for prediction in Prediction.objects.all():
        open_one(prediction, contributor, subject="quote")

    with django_assert_num_queries(2):
        response = client_for().get(LIST)

    assert [p["disputes_open"] for p in response.json()["results"]] == [1, 1, 1]


def test_the_schema_documents_disputes(client):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]
    collection = paths["/api/v1/predictions/{id}/disputes/"]
    assert set(collection) >= {"get", "post"}
    assert rules.UNCONFIRMED in collection["post"]["description"]
    one = paths["/api/v1/predictions/{id}/disputes/{number}/"]
    assert rules.RULES["settle"].refusal in one["post"]["description"]
