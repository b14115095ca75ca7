"""Celery tasks: thin wrappers that call services and pass only IDs."""

from celery import shared_task

from predictions import services


@shared_task
def check_due_predictions() -> int:
    """Flip predictions whose deadline day has passed; beat runs it every DUE_CHECK_SECONDS."""
    return services.mark_due()
