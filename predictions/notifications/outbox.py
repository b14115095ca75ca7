"""Writing the outbox: who is owed an email about which prediction, and when.

Rows are written in the same transaction as the change that makes them owed
(the due flip), so either both commit or neither does. Delivery is queued
after commit; if the broker is unreachable the rows simply wait for the
sweeper (the deliver_pending_notifications task, which asks
predictions.notifications.delivery.recipients_left_pending).
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, DateTimeField, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from predictions import rules
from predictions.models import Notification, Prediction, PredictionEvent, Watch

logger = logging.getLogger("hindsight.notifications")

Kind = Notification.Kind

# An unresolved due prediction is recalled this long after it came due, and
# again each such period after, at most REMINDER_LIMIT times.
REMINDER_INTERVAL = timedelta(days=7)
REMINDER_LIMIT = 4

# The preference that turns each kind of email off.
PREFERENCE_FIELD: dict[str, str] = {
    Kind.DUE: "due_emails",
    Kind.OVERDUE_REMINDER: "reminder_emails",
}


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
    # A claim awaiting review (or rejected) is nobody's business but its filer's
    # and the editors': it owes no email.
    published = Prediction.ReviewState.PUBLISHED
    pairs = set(
        Watch.objects.filter(prediction_id__in=ids, prediction__review_state=published).values_list(
            "prediction_id", "user_id"
        )
    )
    for relation in ("predictor__followers__user", "tags__followers__user"):
        pairs |= set(
            Prediction.objects.filter(
                pk__in=ids, review_state=published, **{f"{relation}__isnull": False}
            ).values_list("pk", relation)
        )
    wanted = {user_id for _, user_id in pairs}
    opted_out = Q(**{f"email_preferences__{PREFERENCE_FIELD[kind]}": False})
    reachable = set(
        get_user_model()
        # An account that has not confirmed its address (or may no longer
        # contribute) gets no mail but its confirmation.
        .objects.filter(rules.verified_users(), pk__in=wanted)
        .exclude(email="")
        .exclude(opted_out)
        .values_list("pk", flat=True)
    )
    recipients: dict[int, set[int]] = defaultdict(set)
    for prediction_id, user_id in pairs:
        if user_id in reachable:
            recipients[prediction_id].add(user_id)
    return dict(recipients)


def due_round(prediction: str = "pk") -> Coalesce:
    """The round a prediction is in, as an annotation (of Prediction, or of a
    model that names it by ``prediction``): how many times it has become due
    (its became_due events), 0 if it was filed already past its deadline and
    never flipped."""
    became_due = (
        PredictionEvent.objects.filter(
            prediction=OuterRef(prediction), kind=PredictionEvent.Kind.BECAME_DUE
        )
        .order_by()
        .values("prediction")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(became_due), 0)


def due_rounds(prediction_ids: Iterable[int]) -> dict[int, int]:
    """Prediction id → the round it is in now (see ``due_round``). One query."""
    return dict(
        Prediction.objects.filter(pk__in=list(prediction_ids))
        .annotate(round=due_round())
        .values_list("pk", "round")
    )


def write_notifications(
    rounds: Mapping[int, int], kind: str, sequence: int = 0
) -> list[Notification]:
    """One pending row per recipient and prediction; returns the rows it meant
    to write, including any that already existed.

    ``rounds`` maps each prediction to its due round. The unique key
    (recipient, prediction, kind, due round, sequence) makes writing the same
    email twice a no-op: ``ignore_conflicts`` skips rows that already exist.
    """
    recipients = recipients_for(rounds, kind)
    return Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                prediction_id=prediction_id,
                kind=kind,
                due_round=rounds[prediction_id],
                sequence=sequence,
            )
            for prediction_id, user_ids in recipients.items()
            for user_id in user_ids
        ],
        ignore_conflicts=True,
    )


def queue_reminders(*, now: datetime | None = None) -> int:
    """Owe an ``overdue_reminder`` about every prediction still due a week after
    it came due, and each week after the last reminder, four at most in each
    due round. Returns how many rows it wrote.

    "Came due" is its latest ``became_due`` or ``reopened`` event, or its
    filing if it was filed already past its deadline. Counting from the last
    reminder means a job that did not run for weeks sends the next one, not
    a burst, and a prediction reopened after two reminders gets its third a
    week later (reopening starts no new round). A deadline moved later that
    passes again is a new round: its reminders count from 1 again. A reminder
    already written is never written again (its round and sequence are in
    the unique key).
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
    this_round = Q(notifications__kind=Kind.OVERDUE_REMINDER, notifications__due_round=F("round"))
    candidates = (
        Prediction.objects.published()
        .filter(status=Prediction.Status.DUE)
        .annotate(
            due_since=Coalesce(Subquery(came_due), "created_at", output_field=DateTimeField()),
            round=due_round(),
        )
        .annotate(
            last_sequence=Max("notifications__sequence", filter=this_round),
            last_reminded=Max("notifications__created_at", filter=this_round),
        )
        .filter(due_since__lte=now - REMINDER_INTERVAL)
        # Those that have had all their reminders are not even read.
        .filter(Q(last_sequence__isnull=True) | Q(last_sequence__lt=REMINDER_LIMIT))
        .values_list("pk", "round", "due_since", "last_sequence", "last_reminded")
    )
    by_sequence: dict[int, dict[int, int]] = defaultdict(dict)
    for prediction_id, round_, due_since, last_sequence, last_reminded in candidates:
        since = max(due_since, last_reminded) if last_reminded else due_since
        if since <= now - REMINDER_INTERVAL:
            by_sequence[(last_sequence or 0) + 1][prediction_id] = round_
    if not by_sequence:
        return 0
    rows: list[Notification] = []
    with transaction.atomic():
        for sequence, rounds in by_sequence.items():
            rows += write_notifications(rounds, Kind.OVERDUE_REMINDER, sequence)
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
