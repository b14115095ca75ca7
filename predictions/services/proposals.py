"""Outcomes proposed by those who may not resolve: recorded with their
evidence, counted nowhere, until an editor confirms or declines them."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.errors import InvalidInput, NotPermitted
from predictions import rules
from predictions.models import Prediction, PredictionEvent
from predictions.rules import Actor
from predictions.services._common import append_event, lock, save, user
from predictions.services.lifecycle import (
    PROPOSAL_FIELDS,
    clear_proposal,
    proposal_of,
    resolve_prediction,
    set_resolution,
    validate_outcome,
)


@transaction.atomic
def propose_outcome(
    *,
    prediction: Prediction,
    outcome: str,
    actor: Actor,
    evidence_url: str,
    note: str = "",
    expected_version: int | None = None,
) -> Prediction:
    """Put an outcome forward for an editor, with the page that shows it."""
    prediction = lock(prediction, expected_version, actor=actor, action="propose")
    # The state first: no point asking for evidence of what cannot be proposed.
    rules.require_available("propose", prediction)
    validate_outcome(outcome, evidence_url, evidence_required=True)
    prediction.proposed_outcome = outcome
    prediction.proposed_note = note.strip()
    prediction.proposed_evidence_url = evidence_url.strip()
    prediction.proposed_by = user(actor)
    prediction.proposed_at = timezone.now()
    save(prediction, list(PROPOSAL_FIELDS))
    append_event(
        prediction,
        PredictionEvent.Kind.PROPOSED,
        actor,
        {"outcome": outcome, "note": prediction.proposed_note, "evidence_url": evidence_url},
    )
    return prediction


@dataclass(frozen=True)
class Recorded:
    """What became of an outcome someone gave: resolved, or proposed."""

    prediction: Prediction
    proposed: bool


def record_outcome(
    *,
    prediction: Prediction,
    outcome: str,
    actor: Actor,
    note: str = "",
    evidence_url: str = "",
    expected_version: int | None = None,
) -> Recorded:
    """What the resolve form, the API's resolve and an email link do: resolve
    if ``actor`` may (an editor, a self-forecaster), otherwise propose."""
    arguments: dict[str, Any] = {
        "prediction": prediction,
        "outcome": outcome,
        "actor": actor,
        "note": note,
        "evidence_url": evidence_url,
        "expected_version": expected_version,
    }
    if rules.may("resolve", actor, prediction):
        return Recorded(resolve_prediction(**arguments), proposed=False)
    if rules.may("propose", actor, prediction):
        return Recorded(propose_outcome(**arguments), proposed=True)
    rules.require_verified(actor)
    raise NotPermitted(rules.RULES["resolve"].refusal)


@transaction.atomic
def confirm_proposal(
    *, prediction: Prediction, actor: Actor, reason: str = "", expected_version: int | None = None
) -> Prediction:
    """An editor agrees: the prediction resolves as proposed, crediting the
    proposer as its resolver; the editor is the event's actor."""
    prediction = lock(prediction, expected_version, actor=actor, action="confirm")
    rules.require_available("confirm", prediction)
    proposal = proposal_of(prediction)
    data = set_resolution(
        prediction,
        outcome=prediction.proposed_outcome,
        note=prediction.proposed_note,
        evidence_url=prediction.proposed_evidence_url,
        resolved_by=prediction.proposed_by,
    )
    data["confirmed_proposal"] = proposal
    if reason.strip():
        data["reason"] = reason.strip()
    append_event(prediction, PredictionEvent.Kind.RESOLVED, actor, data)
    return prediction


@transaction.atomic
def decline_proposal(
    *, prediction: Prediction, actor: Actor, reason: str, expected_version: int | None = None
) -> Prediction:
    """An editor disagrees, saying why; the prediction stays open or due."""
    prediction = lock(prediction, expected_version, actor=actor, action="confirm")
    if not reason or not reason.strip():
        raise InvalidInput.field(
            "reason", "Give a reason: the proposer and readers see it on the prediction's history."
        )
    rules.require_available("confirm", prediction)
    proposal = proposal_of(prediction)
    clear_proposal(prediction)
    save(prediction, list(PROPOSAL_FIELDS))
    append_event(
        prediction,
        PredictionEvent.Kind.PROPOSAL_DECLINED,
        actor,
        {"reason": reason.strip(), "proposal": proposal},
    )
    return prediction


def decide_proposal(
    *,
    prediction: Prediction,
    actor: Actor,
    decision: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Prediction:
    """``decision`` is "confirm" or "decline" (the API's and the queue's one entry)."""
    arguments: dict[str, Any] = {
        "prediction": prediction,
        "actor": actor,
        "reason": reason,
        "expected_version": expected_version,
    }
    if decision == "confirm":
        return confirm_proposal(**arguments)
    if decision == "decline":
        return decline_proposal(**arguments)
    raise InvalidInput.field("decision", "Choose confirm or decline.")
