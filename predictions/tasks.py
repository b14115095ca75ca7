"""Celery tasks: thin wrappers that call services and pass only IDs.

Beat finds, workers send: the periodic tasks write and select outbox rows,
and each delivery is its own task, per recipient.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from predictions import services
from predictions.services.delivery import DeliveryFailed


@shared_task
def check_due_predictions() -> int:
    """Flip predictions whose deadline day has passed, owe their due emails and
    any weekly reminders; beat runs it every DUE_CHECK_SECONDS."""
    flipped = services.mark_due()
    services.queue_reminders()
    return flipped


@shared_task(
    autoretry_for=(DeliveryFailed,),
    retry_backoff=settings.NOTIFICATION_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=settings.NOTIFICATION_RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=True,
    # The rows count their own attempts and turn failed at the limit; Celery
    # stops retrying at the same point.
    max_retries=settings.NOTIFICATION_MAX_ATTEMPTS - 1,
)
def deliver_notifications(recipient_id: int) -> int:
    """Send one recipient one email about all their pending notifications."""
    return services.deliver_notifications(recipient_id=recipient_id).sent


@shared_task
def deliver_pending_notifications() -> int:
    """The sweeper: queue delivery for rows a lost task or a dead worker left
    pending. The outbox, not the broker, is the source of truth."""
    recipients = services.recipients_left_pending(
        older_than=timedelta(seconds=settings.NOTIFICATION_SWEEP_AFTER_SECONDS),
        # A row that failed is retried by its own task, within the longest backoff.
        retried_after=timedelta(seconds=settings.NOTIFICATION_RETRY_BACKOFF_MAX_SECONDS),
    )
    return services.enqueue_deliveries(recipients)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def send_account_email(*, subject: str, body: str, to: str) -> None:
    """Account mail (password resets), sent by a worker: never inside a request."""
    send_mail(subject, body, None, [to])
