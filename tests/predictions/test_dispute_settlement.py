"""Settling disputes: an editor upholds one (reopening, correcting the
outcome, withdrawing the prediction, or keeping the quote) or dismisses it;
each writes its event, and a refusal changes nothing."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from core.errors import InvalidInput, InvalidTransition, NotPermitted
from predictions import rules, services
from predictions.models import Dispute, PredictionEvent
from tests.predictions.disputes import EVIDENCE, kinds, last_event, settle, stored

pytestmark = pytest.mark.django_db

Kind = PredictionEvent.Kind


# --- settling -----------------------------------------------------------------


def test_upholding_an_outcome_dispute_can_reopen_the_prediction(outcome_dispute, editor):
    settled = settle(
        outcome_dispute, editor, decision="uphold", action="reopen", reason="The evidence holds."
    )

    assert settled.state == "upheld"
    assert settled.settled_by == editor
    assert settled.settled_at is not None
    assert settled.settlement_reason == "The evidence holds."
    prediction = stored(outcome_dispute.prediction)
    assert (prediction.status, prediction.outcome) == ("open", "")
    assert kinds(prediction)[-3:] == [Kind.DISPUTED, Kind.DISPUTE_UPHELD, Kind.REOPENED]
    assert last_event(prediction, Kind.DISPUTE_UPHELD).data == {
        "dispute": 1,
        "action": "reopen",
        "reason": "The evidence holds.",
    }
    assert last_event(prediction, Kind.REOPENED).data["reason"] == "The evidence holds."


def test_upholding_an_outcome_dispute_can_correct_the_outcome(outcome_dispute, editor):
    settle(
        outcome_dispute,
        editor,
        decision="uphold",
        action="correct",
        outcome="right",
        note="Reopened on 18 March.",
        evidence_url=EVIDENCE,
        reason="The evidence holds.",
    )

    prediction = stored(outcome_dispute.prediction)
    assert (prediction.status, prediction.outcome) == ("resolved", "right")
    assert prediction.resolution_note == "Reopened on 18 March."
    assert prediction.evidence_url == EVIDENCE
    assert prediction.resolved_by == editor
    assert kinds(prediction)[-4:] == [
        Kind.DISPUTED,
        Kind.DISPUTE_UPHELD,
        Kind.REOPENED,
        Kind.RESOLVED,
    ]
    assert last_event(prediction, Kind.DISPUTE_UPHELD).data == {
        "dispute": 1,
        "action": "correct",
        "outcome": "right",
        "reason": "The evidence holds.",
    }
    assert last_event(prediction, Kind.RESOLVED).data["outcome"] == "right"


def test_upholding_a_quote_dispute_can_withdraw_the_prediction(quote_dispute, editor):
    settle(quote_dispute, editor, decision="uphold", action="withdraw", reason="Misquoted.")

    prediction = stored(quote_dispute.prediction)
    assert prediction.status == "withdrawn"
    assert kinds(prediction)[-3:] == [Kind.DISPUTED, Kind.DISPUTE_UPHELD, Kind.WITHDRAWN]
    assert last_event(prediction, Kind.DISPUTE_UPHELD).data["action"] == "withdraw"
    assert stored(quote_dispute.prediction).disputes.get().state == "upheld"


def test_upholding_a_quote_dispute_can_keep_the_quote(quote_dispute, editor):
    before = stored(quote_dispute.prediction)

    settle(quote_dispute, editor, decision="uphold", action="keep", reason="Source corrected.")

    prediction = stored(quote_dispute.prediction)
    assert (prediction.status, prediction.version) == (before.status, before.version)
    assert kinds(prediction)[-2:] == [Kind.DISPUTED, Kind.DISPUTE_UPHELD]
    assert last_event(prediction, Kind.DISPUTE_UPHELD).data == {
        "dispute": 1,
        "action": "keep",
        "reason": "Source corrected.",
    }
    assert Dispute.objects.get(pk=quote_dispute.pk).state == "upheld"


def test_dismissing_leaves_the_prediction_as_it_was(outcome_dispute, editor):
    before = stored(outcome_dispute.prediction)

    settled = settle(outcome_dispute, editor, decision="dismiss", reason="The source is clear.")

    assert settled.state == "dismissed"
    assert settled.settlement_reason == "The source is clear."
    prediction = stored(outcome_dispute.prediction)
    assert (prediction.status, prediction.outcome, prediction.version) == (
        "resolved",
        "wrong",
        before.version,
    )
    assert kinds(prediction)[-1] == Kind.DISPUTE_DISMISSED
    event = last_event(prediction, Kind.DISPUTE_DISMISSED)
    assert event.actor == editor
    assert event.data == {"dispute": 1, "reason": "The source is clear."}


@pytest.mark.parametrize(
    ("arguments", "errors"),
    [
        (
            {"decision": "maybe", "reason": "Hmm."},
            {"decision": ["Choose whether to uphold or dismiss the dispute."]},
        ),
        (
            {"decision": "dismiss", "reason": " "},
            {"reason": ["Give a reason: it is shown on the prediction's record."]},
        ),
        (
            {"decision": "uphold", "reason": "Right.", "action": "withdraw"},
            {"action": ["Choose what upholding it does: reopen or correct."]},
        ),
        (
            {"decision": "uphold", "reason": "Right.", "action": "correct"},
            {"outcome": ["Choose the outcome to record instead."]},
        ),
        (
            {"decision": "uphold", "reason": "Right.", "action": "correct", "outcome": "wrong"},
            {
                "outcome": [
                    "That is the outcome on the record: choose another, or reopen it instead."
                ]
            },
        ),
        (
            {
                "decision": "uphold",
                "reason": "",
                "action": "correct",
                "outcome": "right",
                "evidence_url": "not a url",
            },
            {
                "reason": ["Give a reason: it is shown on the prediction's record."],
                "evidence_url": ["Enter a full web address starting with http:// or https://."],
            },
        ),
    ],
)
def test_a_bad_settlement_is_refused_naming_the_fields(outcome_dispute, editor, arguments, errors):
    before = kinds(outcome_dispute.prediction)

    with pytest.raises(InvalidInput) as refused:
        settle(outcome_dispute, editor, **arguments)

    assert refused.value.errors == errors
    assert Dispute.objects.get(pk=outcome_dispute.pk).state == "open"
    assert kinds(outcome_dispute.prediction) == before


def test_a_quote_dispute_is_not_upheld_by_reopening(quote_dispute, editor):
    with pytest.raises(InvalidInput) as refused:
        settle(quote_dispute, editor, decision="uphold", action="reopen", reason="Right.")
    assert refused.value.errors == {"action": ["Choose what upholding it does: withdraw or keep."]}


@pytest.mark.parametrize("who", ["the disputer", "the filer of another", "anonymous"])
def test_only_an_editor_may_settle(outcome_dispute, contributor, other_contributor, who):
    actor = {
        "the disputer": other_contributor,
        "the filer of another": contributor,
        "anonymous": AnonymousUser(),
    }[who]
    before = kinds(outcome_dispute.prediction)

    with pytest.raises(NotPermitted):
        settle(outcome_dispute, actor, decision="dismiss", reason="I changed my mind.")

    assert Dispute.objects.get(pk=outcome_dispute.pk).state == "open"
    assert kinds(outcome_dispute.prediction) == before


def test_the_refusal_names_the_rule(outcome_dispute, contributor):
    with pytest.raises(NotPermitted, match=re.escape(rules.RULES["settle"].refusal)):
        settle(outcome_dispute, contributor, decision="dismiss", reason="No.")


def test_a_settled_dispute_cannot_be_settled_again(outcome_dispute, editor):
    settle(outcome_dispute, editor, decision="dismiss", reason="The source is clear.")
    before = kinds(outcome_dispute.prediction)

    with pytest.raises(InvalidTransition, match=r"Dispute 1 has been dismissed already\."):
        settle(outcome_dispute, editor, decision="uphold", action="reopen", reason="On reflection.")

    dispute = Dispute.objects.get(pk=outcome_dispute.pk)
    assert (dispute.state, dispute.settlement_reason) == ("dismissed", "The source is clear.")
    assert kinds(outcome_dispute.prediction) == before


def test_an_uphold_the_prediction_no_longer_allows_changes_nothing(outcome_dispute, editor):
    # An editor reopened the prediction by hand meanwhile: there is no outcome to reopen.
    services.reopen_prediction(
        prediction=outcome_dispute.prediction, actor=editor, reason="Checking."
    )
    before = kinds(outcome_dispute.prediction)

    with pytest.raises(InvalidTransition, match="only a resolved prediction can be reopened"):
        settle(outcome_dispute, editor, decision="uphold", action="reopen", reason="Right.")

    # The whole settlement is one transaction: the dispute is still open, with
    # no DISPUTE_UPHELD event left behind.
    assert Dispute.objects.get(pk=outcome_dispute.pk).state == "open"
    assert kinds(outcome_dispute.prediction) == before


def test_a_withdrawn_prediction_keeps_its_disputes_settleable(quote_dispute, editor):
    services.withdraw_prediction(
        prediction=quote_dispute.prediction, actor=editor, reason="A duplicate."
    )
    settled = settle(quote_dispute, editor, decision="dismiss", reason="Withdrawn anyway.")
    assert settled.state == "dismissed"
