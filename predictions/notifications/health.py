"""The prediction emails' outbox as the health check sees it (config/health.py)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from core import outbox_retry
from predictions.models import Notification
from predictions.notifications.delivery import owed_a_try

Status = Notification.Status


def outbox_health(now: datetime) -> dict[str, int]:
    """Counts of the outbox's trouble (core.outbox_retry.health_counts). A row
    is overdue when it is owed a try and has waited past the sweeper's pace
    since it was written, since its retry was due and since any claim on it
    ran out: the sweeper takes such rows after NOTIFICATION_SWEEP_AFTER_SECONDS,
    at its next run, so one still waiting a minute after that means the
    sweeper or the workers are not doing their work. One query."""
    cutoff = (
        now
        - timedelta(
            seconds=settings.NOTIFICATION_SWEEP_AFTER_SECONDS + settings.NOTIFICATION_SWEEP_SECONDS
        )
        - outbox_retry.GRACE
    )
    waited = (
        Q(created_at__lt=cutoff)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=cutoff))
        & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=cutoff))
    )
    counts = Notification.objects.filter(status__in=[Status.PENDING, Status.FAILED]).aggregate(
        **outbox_retry.health_counts(now, overdue=owed_a_try(now) & waited)
    )
    return {name: int(value or 0) for name, value in counts.items()}
