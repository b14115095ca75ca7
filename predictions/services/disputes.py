"""Disputes: a reader challenges a published quote or a recorded outcome, and
an editor upholds or dismisses the challenge.

Upholding acts through the lifecycle services (reopen, resolve, withdraw), so
the prediction changes exactly as it would from an editor's own hand, with the
same events; the dispute's own events say why. Everything a settlement does
happens in one transaction: a refusal anywhere leaves the dispute open and the
prediction untouched.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core import limits
from core.errors import InvalidInput, InvalidTransition
from predictions import rules
from predictions.models import Dispute, Prediction, PredictionEvent
from predictions.rules import Actor
from predictions.services._common import append_event, lock, user
from predictions.services.lifecycle import (
    reopen_prediction,
    resolve_prediction,
    withdraw_prediction,
)
from predictions.validation import is_web_url

Subject = Dispute.Subject

MAX_REASON_LENGTH = limits.REASON
MAX_URL_LENGTH = limits.URL
UPHOLD, DISMISS = "uphold", "dismiss"
DECISIONS = (UPHOLD, DISMISS)
# What upholding a dispute does, by what it disputes. "correct" reopens the
# prediction and records another outcome; "keep" leaves the quote (an editor
# corrected its source elsewhere, say) with the upheld dispute on the record.
REOPEN, CORRECT, WITHDRAW, KEEP = "reopen", "correct", "withdraw", "keep"
UPHOLD_ACTIONS: dict[str, tuple[str, ...]] = {
    Subject.OUTCOME: (REOPEN, CORRECT),
    Subject.QUOTE: (WITHDRAW, KEEP),
}

NO_OUTCOME = "There is no recorded outcome to dispute yet."
NO_QUOTE = "This prediction has no quote to dispute."
BAD_URL = "Enter a full web address starting with http:// or https://."


def disputable_subjects(prediction: Prediction) -> list[str]:
    """What a dispute of ``prediction`` may be about now: its quote, if it has
    one, and its outcome, once one is recorded."""
    subjects = []
    if prediction.statement_id is not None:
        subjects.append(Subject.QUOTE.value)
    if prediction.status == Prediction.Status.RESOLVED:
        subjects.append(Subject.OUTCOME.value)
    return subjects


@transaction.atomic
def open_dispute(
    *,
    prediction: Prediction,
    actor: Actor,
    subject: str,
    reason: str,
    evidence_url: str = "",
) -> Dispute:
    """Record a reader's challenge; it stays open until an editor settles it."""
    prediction = lock(prediction, None, actor=actor, action="dispute")
    rules.require_available("dispute", prediction)
    reason, evidence_url = reason.strip(), evidence_url.strip()
    errors: dict[str, list[str]] = {}
    if subject not in Subject.values:
        errors["subject"] = ["Choose what you dispute: the quote or the recorded outcome."]
    elif subject not in disputable_subjects(prediction):
        errors["subject"] = [NO_OUTCOME if subject == Subject.OUTCOME else NO_QUOTE]
    _check_reason(reason, errors, "Say what is wrong, and how you know: editors read this.")
    _check_url(evidence_url, errors)
    if errors:
        raise InvalidInput(errors)

    # The prediction's row is locked, so two disputes cannot take one number.
    latest = Dispute.objects.filter(prediction=prediction).aggregate(n=Max("number"))["n"]
    dispute = Dispute.objects.create(
        prediction=prediction,
        number=(latest or 0) + 1,
        subject=subject,
        reason=reason,
        evidence_url=evidence_url,
        opened_by=user(actor),
        opened_at=timezone.now(),
    )
    append_event(
        prediction,
        PredictionEvent.Kind.DISPUTED,
        actor,
        {
            "dispute": dispute.number,
            "subject": subject,
            "reason": reason,
            "evidence_url": evidence_url,
        },
    )
    return dispute


@transaction.atomic
def settle_dispute(
    *,
    dispute: Dispute,
    actor: Actor,
    decision: str,
    reason: str,
    action: str = "",
    outcome: str = "",
    note: str = "",
    evidence_url: str = "",
) -> Dispute:
    """Uphold or dismiss an open dispute, with a reason for the record.

    Upholding takes an ``action``: for an outcome, ``reopen`` (the outcome is
    cleared) or ``correct`` (reopened, then resolved as ``outcome`` with
    ``note`` and ``evidence_url``); for a quote, ``withdraw`` or ``keep``.
    """
    prediction = lock(dispute.prediction, None, actor=actor, action="settle")
    rules.require_available("settle", prediction)
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if not dispute.is_open:
        raise InvalidTransition(
            f"Dispute {dispute.number} has been {dispute.get_state_display().lower()} already."
        )
    reason, note, evidence_url = reason.strip(), note.strip(), evidence_url.strip()
    _check_settlement(prediction, dispute, decision, reason, action, outcome, evidence_url)

    dispute.state = Dispute.State.UPHELD if decision == UPHOLD else Dispute.State.DISMISSED
    dispute.settled_by = user(actor)
    dispute.settled_at = timezone.now()
    dispute.settlement_reason = reason
    dispute.save(update_fields=["state", "settled_by", "settled_at", "settlement_reason"])
    data: dict[str, str | int] = {"dispute": dispute.number, "reason": reason}
    if decision == DISMISS:
        append_event(prediction, PredictionEvent.Kind.DISPUTE_DISMISSED, actor, data)
        return dispute

    data["action"] = action
    if action == CORRECT:
        data["outcome"] = outcome
    # The upholding first, then what it led to: the history reads cause, effect.
    append_event(prediction, PredictionEvent.Kind.DISPUTE_UPHELD, actor, data)
    if action in (REOPEN, CORRECT):
        prediction = reopen_prediction(prediction=prediction, actor=actor, reason=reason)
    if action == CORRECT:
        resolve_prediction(
            prediction=prediction,
            actor=actor,
            outcome=outcome,
            note=note,
            evidence_url=evidence_url,
        )
    elif action == WITHDRAW:
        withdraw_prediction(prediction=prediction, actor=actor, reason=reason)
    return dispute


def _check_settlement(
    prediction: Prediction,
    dispute: Dispute,
    decision: str,
    reason: str,
    action: str,
    outcome: str,
    evidence_url: str,
) -> None:
    """Every problem with a settlement's input at once, as InvalidInput."""
    errors: dict[str, list[str]] = {}
    if decision not in DECISIONS:
        errors["decision"] = ["Choose whether to uphold or dismiss the dispute."]
    _check_reason(reason, errors, "Give a reason: it is shown on the prediction's record.")
    if decision == UPHOLD:
        actions = UPHOLD_ACTIONS[dispute.subject]
        if action not in actions:
            errors["action"] = [f"Choose what upholding it does: {' or '.join(actions)}."]
        elif action == CORRECT:
            if outcome not in Prediction.Outcome.values:
                errors["outcome"] = ["Choose the outcome to record instead."]
            elif outcome == prediction.outcome:
                errors["outcome"] = [
                    "That is the outcome on the record: choose another, or reopen it instead."
                ]
            _check_url(evidence_url, errors)
    if errors:
        raise InvalidInput(errors)


def _check_reason(reason: str, errors: dict[str, list[str]], missing: str) -> None:
    if not reason:
        errors["reason"] = [missing]
    elif len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = [
            f"Keep the reason to {MAX_REASON_LENGTH} characters (it has {len(reason)})."
        ]


def _check_url(evidence_url: str, errors: dict[str, list[str]]) -> None:
    if evidence_url and (len(evidence_url) > MAX_URL_LENGTH or not is_web_url(evidence_url)):
        errors["evidence_url"] = [BAD_URL]
