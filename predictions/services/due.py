"""The due check: what Celery beat runs every DUE_CHECK_SECONDS."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from predictions.models import Notification, Prediction, PredictionEvent
from predictions.notifications.outbox import due_rounds, queue_delivery, write_notifications
from predictions.records.totals import invalidate_records
from predictions.services._common import Status


def mark_due(*, today: date | None = None, batch_size: int = 500) -> int:
    """Flip every open prediction whose deadline day has passed to due.

    The query is "deadline passed and still open", never "deadline in the last
    few minutes", so a job that did not run for a day catches up. Each batch is
    its own short transaction: rows are claimed with SKIP LOCKED (a concurrent
    run takes other rows, never the same ones) and flipped with a
    compare-and-set UPDATE, and the events and the outbox rows (one ``due``
    notification per recipient) are written in that transaction.
    Deliveries are queued once every batch has committed, one per recipient,
    so someone with several newly due predictions gets one email about them.
    Returns how many predictions this call flipped.
    """
    today = today or timezone.localdate()
    flipped = 0
    owed: set[int] = set()
    try:
        while True:
            flipped_now = _flip_batch(today, batch_size, owed)
            flipped += flipped_now
            if flipped_now < batch_size:
                return flipped
    finally:
        # Also after a failed batch: the batches before it have committed.
        queue_delivery(owed)


def _flip_batch(today: date, batch_size: int, owed: set[int]) -> int:
    """Flip one batch in its own transaction; add its recipients to ``owed``."""
    with transaction.atomic():
        ids = list(
            Prediction.objects.filter(status=Status.OPEN, resolves_on__lt=today)
            .order_by("resolves_on", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:batch_size]
        )
        if not ids:
            return 0
        now = timezone.now()
        Prediction.objects.filter(pk__in=ids, status=Status.OPEN).update(
            status=Status.DUE, version=F("version") + 1, updated_at=now
        )
        deadlines = dict(Prediction.objects.filter(pk__in=ids).values_list("id", "resolves_on"))
        PredictionEvent.objects.bulk_create(
            PredictionEvent(
                prediction_id=pk,
                kind=PredictionEvent.Kind.BECAME_DUE,
                at=now,
                data={"resolves_on": deadlines[pk].isoformat()},
            )
            for pk in ids
        )
        written = write_notifications(due_rounds(ids), Notification.Kind.DUE)
        invalidate_records(ids)
    owed.update(row.recipient_id for row in written)
    return len(ids)
