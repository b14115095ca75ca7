"""The due check: what Celery beat runs every DUE_CHECK_SECONDS."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from predictions.models import Prediction, PredictionEvent
from predictions.records import invalidate_records
from predictions.services._common import Status


def mark_due(*, today: date | None = None, batch_size: int = 500) -> int:
    """Flip every open prediction whose deadline day has passed to due.

    The query is "deadline passed and still open", never "deadline in the last
    few minutes", so a job that did not run for a day catches up. Each batch is
    its own short transaction: rows are claimed with SKIP LOCKED (a concurrent
    run takes other rows, never the same ones) and flipped with a
    compare-and-set UPDATE, and the events are written in that transaction.
    Returns how many predictions this call flipped.
    """
    today = today or timezone.localdate()
    flipped = 0
    while True:
        with transaction.atomic():
            ids = list(
                Prediction.objects.filter(status=Status.OPEN, resolves_on__lt=today)
                .order_by("resolves_on", "id")
                .select_for_update(skip_locked=True)
                .values_list("id", flat=True)[:batch_size]
            )
            if not ids:
                return flipped
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
            invalidate_records(ids)
            flipped += len(ids)
        if len(ids) < batch_size:
            return flipped
