"""Editors' review of claims filed by others: approve to publish, or reject
with a reason. A rejected claim stays at its URL for its filer, and can still
be approved later."""

from django.db import transaction
from django.utils import timezone

from core.errors import InvalidInput
from predictions import rules
from predictions.models import Prediction, PredictionEvent
from predictions.rules import Actor
from predictions.services._common import append_event, lock, save, user

Review = Prediction.ReviewState
REVIEW_FIELDS = ["review_state", "review_reason", "reviewed_by", "reviewed_at"]


@transaction.atomic
def review_claim(
    *,
    prediction: Prediction,
    actor: Actor,
    decision: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Prediction:
    """``decision`` is "approve" (published: it enters lists and records) or
    "reject" (a reason is required, and shown to the filer)."""
    prediction = lock(prediction, expected_version, actor=actor, action="review")
    reason = reason.strip()
    if decision not in ("approve", "reject"):
        raise InvalidInput.field("decision", "Choose approve or reject.")
    if decision == "reject" and not reason:
        raise InvalidInput.field("reason", "Give a reason: the filer sees it on the claim's page.")
    rules.require_available("review", prediction)
    previous = prediction.review_state
    prediction.review_state = Review.PUBLISHED if decision == "approve" else Review.REJECTED
    prediction.review_reason = reason
    prediction.reviewed_by = user(actor)
    prediction.reviewed_at = timezone.now()
    save(prediction, REVIEW_FIELDS)
    kind = PredictionEvent.Kind.APPROVED if decision == "approve" else PredictionEvent.Kind.REJECTED
    append_event(prediction, kind, actor, {"reason": reason, "from_review_state": previous})
    return prediction
