"""Celery tasks: thin wrappers that call services and pass only IDs.

Beat finds, workers send: the periodic tasks write and select outbox rows,
and each delivery is its own task, per recipient.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from predictions import heartbeats, notifications, services
from predictions.notifications.delivery import DeliveryFailed
from predictions.notifications.outbox import delivery_started
from predictions.notifications.pruning import prune_notifications


@shared_task
def check_due_predictions() -> int:
    """Flip predictions whose deadline day has passed, owe their due emails and
    any weekly reminders; beat runs it every DUE_CHECK_SECONDS. Its completion
    is recorded for the health check: a dead beat or worker pool shows as a
    due check that stopped completing."""
    flipped = services.mark_due()
    notifications.queue_reminders()
    heartbeats.record(heartbeats.DUE_CHECK)
    return flipped


# Retries are Celery's, at the delay the rows were given (exponential backoff
# from NOTIFICATION_RETRY_BACKOFF_SECONDS, capped): the rows count the attempts
# and say when to stop, so a retry the sweeper started keeps the same pace.
@shared_task(bind=True, max_retries=None)
def deliver_notifications(self, recipient_id: int) -> int:
    """Send one recipient one email about all their pending notifications."""
    delivery_started(recipient_id)
    try:
        delivery = notifications.deliver_notifications(recipient_id=recipient_id)
    except DeliveryFailed as failure:
        if failure.retry_in is None:
            raise  # the rows are failed: the sweeper retries them hourly from now
        raise self.retry(exc=failure, countdown=failure.retry_in.total_seconds()) from failure
    if delivery.more:
        notifications.enqueue_deliveries([recipient_id])
    return delivery.sent


@shared_task
def deliver_pending_notifications() -> int:
    """The sweeper: queue delivery for rows a lost task or a dead worker left
    pending. The outbox, not the broker, is the source of truth."""
    older_than = timedelta(seconds=settings.NOTIFICATION_SWEEP_AFTER_SECONDS)
    return notifications.enqueue_deliveries(
        notifications.recipients_left_pending(older_than=older_than)
    )


@shared_task
def prune_outbox() -> int:
    """Delete outbox rows done with longer ago than OUTBOX_RETENTION_DAYS;
    beat runs it every OUTBOX_PRUNE_SECONDS."""
    return prune_notifications()
