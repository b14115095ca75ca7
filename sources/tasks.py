"""Celery tasks of source capture: thin wrappers around
sources.services.capture that pass only ids.

Retries are the sweep's, not Celery's: a failed try records when the next is
due (next_attempt_at, backing off), and beat's capture_pending queues it then.
A countdown of hours would sit in a worker's memory, and with Redis come back
twice once it outlived the broker's visibility timeout; the row outlives both.
"""

from celery import shared_task

from sources.services import capture


@shared_task
def capture_source(source_id: int) -> str:
    """Fetch the page of source ``source_id`` and record it, or why not. Safe
    to run twice (acks_late may deliver it again): a capture not owed a try
    is skipped."""
    return capture.capture_page(source_id)


@shared_task
def capture_pending() -> int:
    """The sweep, run by beat: queue the captures owed a try by now (a task
    lost with the broker or a worker, a retry that is due)."""
    return capture.requeue_due()
