"""Disputes: a verified reader disputes a published quote or a recorded
outcome; an editor upholds it (reopening, correcting the outcome, withdrawing
the prediction, or keeping the quote) or dismisses it. Each step writes its
event; a refusal, at any step, changes nothing."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from core.errors import InvalidInput, InvalidTransition, NotPermitted
from predictions import rules, selectors, services
from predictions.models import Dispute, PredictionEvent
from tests.predictions.disputes import (
    EVIDENCE,
    QUOTE,
    kinds,
    last_event,
    published,
    resolved,
    settle,
)
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

Kind = PredictionEvent.Kind


# --- opening ------------------------------------------------------------------


def test_a_verified_reader_disputes_the_recorded_outcome(outcome_dispute, other_contributor):
    dispute = Dispute.objects.get(pk=outcome_dispute.pk)

    assert dispute.number == 1
    assert dispute.subject == "outcome"
    assert dispute.state == "open"
    assert dispute.opened_by == other_contributor
    assert dispute.evidence_url == EVIDENCE
    assert dispute.settled_at is None
    prediction = dispute.prediction
    assert kinds(prediction)[-1] == Kind.DISPUTED
    event = last_event(prediction, Kind.DISPUTED)
    assert event.actor == other_contributor
    assert event.data == {
        "dispute": 1,
        "subject": "outcome",
        "reason": "It reopened on 18 March, before the deadline.",
        "evidence_url": EVIDENCE,
    }
    # Disputing changes nothing else: the outcome stands until an editor decides.
    assert (prediction.status, prediction.outcome) == ("resolved", "wrong")


def test_disputes_are_numbered_within_their_prediction(editor, contributor, other_contributor):
    first, second = published(editor), published(editor)

    numbers = [
        services.open_dispute(
            prediction=prediction, actor=who, subject="quote", reason="Misquoted."
        ).number
        for prediction, who in [(first, contributor), (first, other_contributor), (second, editor)]
    ]

    assert numbers == [1, 2, 1]


def test_the_reason_and_evidence_are_stored_trimmed(editor, contributor):
    dispute = services.open_dispute(
        prediction=published(editor),
        actor=contributor,
        subject="quote",
        reason="  Misquoted.  ",
        evidence_url=f" {EVIDENCE} ",
    )
    assert (dispute.reason, dispute.evidence_url) == ("Misquoted.", EVIDENCE)


@pytest.mark.parametrize(
    ("subject", "reason", "evidence_url", "errors"),
    [
        (
            "quote",
            "  ",
            "",
            {"reason": ["Say what is wrong, and how you know: editors read this."]},
        ),
        (
            "quote",
            "x" * 2001,
            "",
            {"reason": ["Keep the reason to 2000 characters (it has 2001)."]},
        ),
        (
            "quote",
            "Misquoted.",
            "javascript:alert(1)",
            {"evidence_url": ["Enter a full web address starting with http:// or https://."]},
        ),
        (
            "quote",
            "Misquoted.",
            "https://example.com/" + "a" * 1000,
            {"evidence_url": ["Enter a full web address starting with http:// or https://."]},
        ),
        ("outcome", "Wrong.", "", {"subject": ["There is no recorded outcome to dispute yet."]}),
        (
            "claim",
            "Wrong.",
            "",
            {"subject": ["Choose what you dispute: the quote or the recorded outcome."]},
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_stores_nothing(
    editor, contributor, subject, reason, evidence_url, errors
):
    prediction = published(editor)
    before = kinds(prediction)

    with pytest.raises(InvalidInput) as refused:
        services.open_dispute(
            prediction=prediction,
            actor=contributor,
            subject=subject,
            reason=reason,
            evidence_url=evidence_url,
        )

    assert refused.value.errors == errors
    assert not Dispute.objects.exists()
    assert kinds(prediction) == before


def test_a_prediction_without_a_quote_has_no_quote_to_dispute(editor, contributor):
    with pytest.raises(InvalidInput) as refused:
        services.open_dispute(
            prediction=published(editor, quote=False),
            actor=contributor,
            subject="quote",
            reason="Misquoted.",
        )
    assert refused.value.errors == {"subject": ["This prediction has no quote to dispute."]}


def test_what_can_be_disputed_follows_the_prediction(editor):
    assert services.disputable_subjects(published(editor, quote=False)) == []
    assert services.disputable_subjects(published(editor)) == ["quote"]
    assert services.disputable_subjects(resolved(editor, quote=False)) == ["outcome"]
    assert services.disputable_subjects(resolved(editor)) == ["quote", "outcome"]


@pytest.mark.parametrize(
    ("who", "message"),
    [("unverified", rules.UNCONFIRMED), ("anonymous", rules.SIGN_IN)],
)
def test_only_a_verified_user_may_dispute(editor, who, message):
    prediction = published(editor)
    actor = UserFactory(username="eve", verified=False) if who == "unverified" else AnonymousUser()

    with pytest.raises(NotPermitted, match=message):
        services.open_dispute(
            prediction=prediction, actor=actor, subject="quote", reason="Misquoted."
        )
    assert not Dispute.objects.exists()


def test_a_withdrawn_prediction_cannot_be_disputed(editor, contributor):
    prediction = services.withdraw_prediction(
        prediction=published(editor), actor=editor, reason="A duplicate."
    )
    with pytest.raises(InvalidTransition, match="nothing left to dispute"):
        services.open_dispute(
            prediction=prediction, actor=contributor, subject="quote", reason="Misquoted."
        )
    assert not Dispute.objects.exists()


def test_a_claim_awaiting_review_cannot_be_disputed(contributor, other_contributor):
    pending = services.file_claim(
        filed_by=contributor,
        claim="The bridge reopens",
        predictor="A Mayor",
        quote="We will open it soon.",
        source_title="Mayor promises bridge",
        published_on=dt.date(2026, 2, 20),
        deadline_text="within the next month",
    )
    assert pending.review_state == "pending"
    with pytest.raises(InvalidTransition, match="only a published claim"):
        services.open_dispute(
            prediction=pending, actor=other_contributor, subject="quote", reason="Misquoted."
        )


# --- reads --------------------------------------------------------------------


def test_the_open_disputes_queue_comes_in_one_query(editor, contributor, django_assert_num_queries):
    for _ in range(3):
        services.open_dispute(
            prediction=published(editor), actor=contributor, subject="quote", reason="Misquoted."
        )
    settle(Dispute.objects.earliest("id"), editor, decision="dismiss", reason="No.")

    with django_assert_num_queries(1):
        queue = [
            (d.prediction.claim, getattr(d.prediction.statement, "text", None), str(d.opened_by))
            for d in selectors.open_disputes()
        ]

    assert queue == [("The Riverton bridge reopens", QUOTE, "alice")] * 2
