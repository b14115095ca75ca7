"""Celery tasks: thin wrappers that call services and pass only IDs."""

from celery import shared_task
from django.core.mail import send_mail

from predictions import services


@shared_task
def check_due_predictions() -> int:
    """Flip predictions whose deadline day has passed; beat runs it every DUE_CHECK_SECONDS."""
    return services.mark_due()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def send_account_email(*, subject: str, body: str, to: str) -> None:
    """Account mail (password resets), sent by a worker: never inside a request."""
    send_mail(subject, body, None, [to])
