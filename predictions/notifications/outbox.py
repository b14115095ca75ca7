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

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from predictions import rules
from predictions.models import Notification, Prediction, PredictionEvent, Watch

logger = logging.getLogger("hindsight.notifications")

Kind = Notification.Kind

# Outbox rows per INSERT statement.
INSERT_BATCH = 5000

# The preference that turns each kind of email off.
PREFERENCE_FIELD: dict[str, str] = {
    Kind.DUE: "due_emails",
    Kind.OVERDUE_REMINDER: "reminder_emails",
}


def recipients_for(
    prediction_ids: Iterable[int], kind: str, *, among: Iterable[int] | None = None
) -> dict[int, set[int]]:
    """Prediction id → ids of the users owed ``kind`` of email about it.

    A user is owed mail when they watch the prediction (the filer watches
    what they file), follow its predictor or follow one of its tags; they
    must be active, have an address and not have turned that kind off.
    Four queries, whatever the number of predictions. ``among`` asks only
    about those users (a delivery checking its one recipient need not list
    the thousand followers of a prolific person).
    """
    ids = list(prediction_ids)
    if not ids:
        return {}
    # A claim awaiting review (or rejected) is nobody's business but its filer's
    # and the editors': it owes no email.
    published = Prediction.ReviewState.PUBLISHED
    watches = Watch.objects.filter(prediction_id__in=ids, prediction__review_state=published)
    users = None if among is None else list(among)
    if users is not None:
        watches = watches.filter(user_id__in=users)
    pairs = set(watches.values_list("prediction_id", "user_id"))
    for relation in ("predictor__followers__user", "tags__followers__user"):
        of_users: dict[str, object] = (
            {f"{relation}__isnull": False} if users is None else {f"{relation}__in": users}
        )
        pairs |= set(
            Prediction.objects.filter(pk__in=ids, review_state=published, **of_users).values_list(
                "pk", relation
            )
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
        # A batch of predictions followed by many (a prolific predictor, a
        # popular tag) owes thousands of rows: bounded statements.
        batch_size=INSERT_BATCH,
    )


def queue_delivery(recipient_ids: Iterable[int]) -> None:
    """Ask the workers, once the transaction commits, to email each recipient."""
    pending = sorted(set(recipient_ids))
    if pending:
        transaction.on_commit(lambda: enqueue_deliveries(pending))


def enqueue_deliveries(recipient_ids: list[int]) -> int:
    """Put one delivery task per recipient on the broker; returns how many.

    Each waits NOTIFICATION_DELIVERY_DELAY_SECONDS before it runs: a due check
    queues a recipient again with each batch that names them, and by the time
    the first of those tasks runs the later batches have committed, so it
    sends one email about all of them. A recipient whose task has not started
    yet is not queued again (a mark in the cache, cleared as the task starts,
    before it claims): 10,000 predictions due at once queued ~6,700 tasks for
    1,000 recipients before, most of which found nothing to claim.

    The outbox rows are already committed, so a broker that is down loses
    nothing: the sweeper delivers them later. The first failure stops the
    loop, since each further attempt would wait out the same dead broker.
    """
    from predictions.tasks import deliver_notifications

    countdown = settings.NOTIFICATION_DELIVERY_DELAY_SECONDS
    for queued, recipient_id in enumerate(recipient_ids):
        if _already_waiting(recipient_id, countdown):
            continue
        try:
            deliver_notifications.apply_async(args=[recipient_id], countdown=countdown)
        except Exception as exc:  # kombu raises many kinds; none may lose the rows
            logger.warning(
                "Could not queue %d deliveries (%s); the sweeper will send them.",
                len(recipient_ids) - queued,
                exc,
            )
            return queued
    return len(recipient_ids)


def _queued_key(recipient_id: int) -> str:
    return f"notifications:delivery-waiting:{recipient_id}"


def _already_waiting(recipient_id: int, countdown: int) -> bool:
    """Whether a delivery for this recipient is queued and has not started;
    marks one as queued if not. The mark outlives the countdown a little, so
    a task lost by the broker stops no later one for long (the sweeper
    delivers its rows anyway). A cache that fails costs a task, never rows:
    the site's cache answers False to ``add`` both when the mark is there and
    when Redis is down, so a refused mark counts only once it is read back."""
    key = _queued_key(recipient_id)
    try:
        return not cache.add(key, 1, timeout=countdown + 60) and cache.get(key) is not None
    except Exception:  # the cache is an optimisation: queue the task anyway
        return False


def delivery_started(recipient_id: int) -> None:
    """A delivery for this recipient is about to claim: rows written from now
    on need a task of their own."""
    try:
        cache.delete(_queued_key(recipient_id))
    except Exception:  # an unreachable cache: the mark expires by itself
        logger.warning("Could not clear the queued mark of recipient %s.", recipient_id)
