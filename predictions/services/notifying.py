"""Writing the outbox: who is owed an email about which prediction, and when.

Rows are written in the same transaction as the change that makes them owed
(the due flip), so either both commit or neither does. Delivery is queued
after commit; if the broker is unreachable the rows simply wait for the
sweeper (predictions.services.delivery.deliver_pending).
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import DateTimeField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from predictions.models import Notification, Prediction, PredictionEvent, Watch

logger = logging.getLogger("hindsight.notifications")

Kind = Notification.Kind

# An unresolved due prediction is recalled this long after it came due, and
# again each such period after, at most REMINDER_LIMIT times.
REMINDER_INTERVAL = timedelta(days=7)
REMINDER_LIMIT = 4

# The preference that turns each kind of email off.
PREFERENCE_FIELD = {Kind.DUE: "due_emails", Kind.OVERDUE_REMINDER: "reminder_emails"}


def recipients_for(prediction_ids: Iterable[int], kind: str) -> dict[int, set[int]]:
    """Prediction id → ids of the users owed ``kind`` of email about it.

    A user is owed mail when they watch the prediction (the filer watches
    what they file), follow its predictor or follow one of its tags; they
    must be active, have an address and not have turned that kind off.
    Four queries, whatever the number of predictions.
    """
    ids = list(prediction_ids)
    if not ids:
        return {}
    pairs = set(Watch.objects.filter(prediction_id__in=ids).values_list("prediction_id", "user_id"))
    for relation in ("predictor__followers__user", "tags__followers__user"):
        pairs |= set(
            Prediction.objects.filter(pk__in=ids, **{f"{relation}__isnull": False}).values_list(
                "pk", relation
            )
        )
    wanted = {user_id for _, user_id in pairs}
    opted_out = Q(**{f"email_preferences__{PREFERENCE_FIELD[kind]}": False})
    reachable = set(
        get_user_model()
        .objects.filter(pk__in=wanted, is_active=True)
        .exclude(email="")
        .exclude(opted_out)
        .values_list("pk", flat=True)
    )
    recipients: dict[int, set[int]] = defaultdict(set)
    for prediction_id, user_id in pairs:
        if user_id in reachable:
            recipients[prediction_id].add(user_id)
    return dict(recipients)


def write_notifications(
    prediction_ids: Iterable[int], kind: str, sequence: int = 0
) -> list[Notification]:
    """One pending row per recipient and prediction; returns the rows written.

    The unique key (recipient, prediction, kind, sequence) makes a second
    run a no-op: ``ignore_conflicts`` skips rows that already exist.
    """
    recipients = recipients_for(prediction_ids, kind)
    return Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id, prediction_id=prediction_id, kind=kind, sequence=sequence
            )
            for prediction_id, user_ids in recipients.items()
            for user_id in user_ids
        ],
        ignore_conflicts=True,
    )


def queue_reminders(*, now: datetime | None = None) -> int:
    """Owe an ``overdue_reminder`` about every prediction still due a week (two
    weeks, … up to four) after it came due. Returns how many rows it wrote.

    A reminder's number is the count of whole weeks since the prediction came
    due, so a job that did not run for weeks writes only the latest one
    rather than a burst. Beat runs this every few minutes, so a prediction
    whose current reminder is already written is passed over with one query.
    """
    now = now or timezone.now()
    came_due = (
        PredictionEvent.objects.filter(
            prediction=OuterRef("pk"),
            kind__in=[PredictionEvent.Kind.BECAME_DUE, PredictionEvent.Kind.REOPENED],
        )
        .order_by("-at")
        .values("at")[:1]
    )
    overdue = (
        Prediction.objects.filter(status=Prediction.Status.DUE)
        # Filed after its deadline had passed: due since it was filed.
        .annotate(
            due_since=Coalesce(Subquery(came_due), "created_at", output_field=DateTimeField())
        )
        .filter(due_since__lte=now - REMINDER_INTERVAL)
        .values_list("pk", "due_since")
    )
    current = {pk: min((now - since) // REMINDER_INTERVAL, REMINDER_LIMIT) for pk, since in overdue}
    written = set(
        Notification.objects.filter(kind=Kind.OVERDUE_REMINDER, prediction_id__in=current)
        .values_list("prediction_id", "sequence")
        .distinct()
    )
    by_sequence: dict[int, list[int]] = defaultdict(list)
    for prediction_id, sequence in current.items():
        if (prediction_id, sequence) not in written:
            by_sequence[sequence].append(prediction_id)

    if not by_sequence:
        return 0
    rows: list[Notification] = []
    with transaction.atomic():
        for sequence, ids in by_sequence.items():
            rows += write_notifications(ids, Kind.OVERDUE_REMINDER, sequence)
        queue_delivery(row.recipient_id for row in rows)
    return len(rows)


def queue_delivery(recipient_ids: Iterable[int]) -> None:
    """Ask the workers, once the transaction commits, to email each recipient."""
    pending = sorted(set(recipient_ids))
    if pending:
        transaction.on_commit(lambda: enqueue_deliveries(pending))


def enqueue_deliveries(recipient_ids: list[int]) -> int:
    """Put one delivery task per recipient on the broker; returns how many.

    The outbox rows are already committed, so a broker that is down loses
    nothing: the sweeper delivers them later. The first failure stops the
    loop, since each further attempt would wait out the same dead broker.
    """
    from predictions.tasks import deliver_notifications

    for queued, recipient_id in enumerate(recipient_ids):
        try:
            deliver_notifications.delay(recipient_id)
        except Exception as exc:  # kombu raises many kinds; none may lose the rows
            logger.warning(
                "Could not queue %d deliveries (%s); the sweeper will send them.",
                len(recipient_ids) - queued,
                exc,
            )
            return queued
    return len(recipient_ids)
