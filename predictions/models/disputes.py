"""Disputes: a reader's challenge to a published quote or a recorded outcome,
open until an editor upholds or dismisses it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core import limits
from predictions.models.prediction import Prediction


class Dispute(models.Model):
    class Subject(models.TextChoices):
        QUOTE = "quote", "The quote"
        OUTCOME = "outcome", "The recorded outcome"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Upheld"
        DISMISSED = "dismissed", "Dismissed"

    prediction = models.ForeignKey(Prediction, on_delete=models.CASCADE, related_name="disputes")
    # 1, 2, … within the prediction: the API's /predictions/<id>/disputes/<number>/.
    number = models.PositiveIntegerField()
    subject = models.CharField(max_length=10, choices=Subject)
    reason = models.TextField(max_length=limits.REASON)
    evidence_url = models.URLField(max_length=1000, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State, default=State.OPEN)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    settlement_reason = models.TextField(max_length=limits.REASON, blank=True)

    class Meta:
        ordering = ["prediction", "number"]
        indexes = [
            models.Index(fields=["opened_at"], condition=Q(state="open"), name="dispute_open"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["prediction", "number"], name="dispute_unique_number"),
            models.CheckConstraint(
                condition=Q(subject__in=["quote", "outcome"]), name="dispute_subject_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="open", settled_at__isnull=True)
                | Q(state__in=["upheld", "dismissed"], settled_at__isnull=False),
                name="dispute_settled_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"Dispute {self.number} of prediction {self.prediction_id}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
