"""A prediction's append-only history: its events, each hash-linked to the
one before (predictions.history)."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from predictions.models.prediction import Prediction


class AppendOnlyViolation(ValueError):
    """Something tried to change or delete a prediction event."""

    def __init__(self) -> None:
        super().__init__("Prediction events are append-only.")


class PredictionEventQuerySet(models.QuerySet["PredictionEvent"]):
    """Refuses bulk changes: on PostgreSQL a trigger (migration 0009) refuses
    them too, but SQLite has only this."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyViolation()

    def delete(self) -> NoReturn:
        raise AppendOnlyViolation()


class PredictionEvent(models.Model):
    """One entry of a prediction's history. Rows are written, never changed
    nor deleted: the model, its QuerySet and (on PostgreSQL) a trigger refuse."""

    class Kind(models.TextChoices):
        FILED = "filed", "Filed"
        EDITED = "edited", "Edited"
        BECAME_DUE = "became_due", "Became due"
        RESOLVED = "resolved", "Resolved"
        REOPENED = "reopened", "Reopened"
        WITHDRAWN = "withdrawn", "Withdrawn"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        PROPOSED = "proposed", "Outcome proposed"
        PROPOSAL_DECLINED = "proposal_declined", "Proposed outcome declined"
        DISPUTED = "disputed", "Disputed"
        DISPUTE_UPHELD = "dispute_upheld", "Dispute upheld"
        DISPUTE_DISMISSED = "dispute_dismissed", "Dispute dismissed"
        # Recorded on every prediction the quote or the person belongs to
        # (predictions.services.corrections): the page shows what was cited.
        QUOTE_CORRECTED = "quote_corrected", "Quote corrected"
        PERSON_RENAMED = "person_renamed", "Name corrected"

    # No index of its own: event_timeline and the chain's unique key both
    # begin with it (a third index on the column only slowed every insert).
    prediction = models.ForeignKey(
        Prediction, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    kind = models.CharField(max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # SET_NULL would rewrite history; an account that acted is deactivated,
        # never deleted (docs/history.md).
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the system acted.",
    )
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)
    # The prediction's history is a hash chain: each event's hash covers the
    # previous one's (predictions.history), so no entry can be changed or
    # dropped without breaking every later link.
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = PredictionEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["prediction", "at"], name="event_timeline")]
        constraints = [
            # Two writers linking to the same head would fork the chain; the
            # second one fails instead.
            models.UniqueConstraint(
                fields=["prediction", "previous_hash"], name="event_chain_never_forks"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyViolation()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyViolation()


@receiver(pre_delete, sender=PredictionEvent)
def refuse_deleting_events(sender: type[PredictionEvent], **kwargs: Any) -> None:
    """Deleting a prediction would take its events with it (CASCADE), which
    goes round the model and its QuerySet: refused here, before any row goes."""
    raise AppendOnlyViolation()
