"""The due check: what Celery beat runs every DUE_CHECK_SECONDS."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from predictions import history
from predictions.models import Notification, Prediction, PredictionEvent
from predictions.notifications.outbox import due_rounds, queue_delivery, write_notifications
from predictions.notifications.reminders import first_reminder_fields
from predictions.records.contributions import became_due
from predictions.records.totals import invalidate_records
from predictions.services._common import Status


def mark_due(*, today: date | None = None, batch_size: int = 500) -> int:
    """Flip every open prediction whose deadline day has passed to due.

    The query is "deadline passed and still open", never "deadline in the last
    few minutes", so a job that did not run for a day catches up. Each batch is
    its own short transaction: rows are claimed with SKIP LOCKED (a concurrent
    run takes other rows, never the same ones) and flipped with a
    compare-and-set UPDATE; the events and the outbox rows (one ``due``
    notification per recipient) are written in that transaction, for the rows
    the UPDATE really flipped only.
    Each batch's deliveries are queued as that batch commits, one per
    recipient, so the first emails leave while later batches are still being
    written; someone with several newly due predictions in one batch gets one
    email about them (in several batches, possibly one per batch).
    Returns how many predictions this call flipped.
    """
    today = today or timezone.localdate()
    flipped = 0
    while True:
        claimed, flipped_now = _flip_batch(today, batch_size)
        flipped += flipped_now
        if claimed < batch_size:
            return flipped


def _claim(today: date, batch_size: int) -> list[int]:
    """Ids of up to ``batch_size`` open predictions past their deadline that no
    other run holds, locked until the transaction ends (on PostgreSQL). The
    ``prediction_status_deadline`` index finds them: only the newly due rows
    are read, whatever the size of the ledger."""
    return list(
        Prediction.objects.filter(status=Status.OPEN, resolves_on__lt=today)
        .order_by("resolves_on", "id")
        .select_for_update(skip_locked=True)
        .values_list("id", flat=True)[:batch_size]
    )


def _flip_batch(today: date, batch_size: int) -> tuple[int, int]:
    """Flip one batch in its own transaction and queue its deliveries for when
    it commits. Returns how many rows it claimed and how many it flipped."""
    with transaction.atomic():
        ids = _claim(today, batch_size)
        if not ids:
            return 0, 0
        now = timezone.now()
        # The compare-and-set: the UPDATE checks the conditions again as it
        # runs, so a row resolved, withdrawn or given a later deadline since
        # it was claimed is left alone.
        count = Prediction.objects.filter(
            pk__in=ids, status=Status.OPEN, resolves_on__lt=today
        ).update(
            status=Status.DUE,
            version=F("version") + 1,
            updated_at=now,
            # A new due round: its reminders count from the first again.
            **first_reminder_fields(now),
        )
        if not count:
            return len(ids), 0
        flipped = Prediction.objects.filter(pk__in=ids)
        if count < len(ids):
            # Some rows changed after the claim (SQLite has no row locks). No
            # one else can write these rows before this transaction ends, so
            # the due ones stamped with this UPDATE's time are those it flipped.
            flipped = flipped.filter(status=Status.DUE, updated_at=now)
        deadlines = dict(flipped.values_list("id", "resolves_on"))
        # The rows are locked by the UPDATE, so these heads stay the heads.
        heads = history.heads_of(deadlines)
        PredictionEvent.objects.bulk_create(
            history.link(
                PredictionEvent(
                    prediction_id=pk,
                    kind=PredictionEvent.Kind.BECAME_DUE,
                    at=now,
                    data={"resolves_on": resolves_on.isoformat()},
                ),
                heads.get(pk),
            )
            for pk, resolves_on in deadlines.items()
        )
        written = write_notifications(due_rounds(deadlines), Notification.Kind.DUE)
        invalidate_records(list(deadlines))
        # The UPDATE went round the saves the totals follow: their delta here.
        became_due(list(deadlines))
        queue_delivery(row.recipient_id for row in written)
    return len(ids), len(deadlines)
