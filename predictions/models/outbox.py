"""The outbox: one row per email owed to someone about a prediction."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from predictions.models.prediction import Prediction


class Notification(models.Model):
    """The outbox: one row per email owed. Celery delivers; the row is the truth."""

    class Kind(models.TextChoices):
        DUE = "due", "Due"
        OVERDUE_REMINDER = "overdue_reminder", "Overdue reminder"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # No longer owed when its turn came: resolved, unwatched, unsubscribed.
        CANCELLED = "cancelled", "Cancelled"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    prediction = models.ForeignKey(
        Prediction, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    # Which time the prediction came due: how many became_due events it had
    # when the row was written (0 if it was filed already past its deadline).
    # A deadline moved later and passed again is a new round, with a due
    # email of its own and its own reminders.
    due_round = models.PositiveSmallIntegerField(default=0)
    # The reminder's number within its round, 1 to 4; 0 for a due email.
    sequence = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # After a failure, not tried again before this (the backoff).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The delivery that claimed the row, and until when. A worker that dies
    # while sending leaves both: once the lease runs out the row is taken
    # again, with the rows it was claimed with (the same Message-ID).
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    # When its quick retries ran out (status failed): the sweeper tries it
    # again hourly from then, and gives it up (given_up_at) after three days
    # (core/outbox_retry.py).
    failed_at = models.DateTimeField(null=True, blank=True)
    given_up_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The outbox sweeper: "status = pending and created_at < cutoff".
            models.Index(fields=["status", "created_at"], name="notification_outbox"),
            # A delivery's claim and its "more ready?" check: a recipient's
            # rows still owed, not every row they were ever sent.
            models.Index(
                fields=["recipient"],
                condition=Q(status__in=["pending", "failed"]),
                name="notification_owed_by_recipient",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "prediction", "kind", "due_round", "sequence"],
                name="notification_unique_per_recipient",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed", "cancelled"]),
                name="notification_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="due", sequence=0) | Q(kind="overdue_reminder", sequence__gte=1),
                name="notification_sequence_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} about #{self.prediction_id}"
