"""Sending the outbox. Delivery is at least once, on purpose.

A recipient's pending rows are claimed by locking them (``SKIP LOCKED``: a
concurrent delivery or the sweeper passes them by instead of waiting), the
email is handed to the mailer while the lock is held, and the rows are marked
sent in the same transaction. A worker killed after the SMTP server accepted
the message but before the commit leaves the rows pending, so they are sent
again: a rare duplicate, carrying the same Message-ID, rather than a lost
email. Failures are counted and kept on the rows; after
NOTIFICATION_MAX_ATTEMPTS a row is ``failed`` and an admin may retry it.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from predictions import emails
from predictions.models import Notification, Prediction
from predictions.services.notifying import queue_delivery, recipients_for

logger = logging.getLogger("hindsight.notifications")

Status = Notification.Status


class DeliveryFailed(Exception):
    """The mailer refused; the rows stay pending (or failed) with the error."""


@dataclass
class Delivery:
    sent: int = 0
    cancelled: int = 0


def deliver_notifications(*, recipient_id: int) -> Delivery:
    """Email one recipient about all their pending notifications, in one message."""
    failure: Exception | None = None
    with transaction.atomic():
        rows = list(
            Notification.objects.filter(recipient_id=recipient_id, status=Status.PENDING)
            .select_related(
                "recipient",
                "prediction__predictor",
                "prediction__statement__speaker",
                "prediction__statement__source",
            )
            # Lock the outbox rows only: the predictions stay free to be resolved.
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("prediction__resolves_on", "id")
        )
        if not rows:
            return Delivery()
        for notification in rows:
            # One user object for all: what it may do is worked out once.
            notification.recipient = rows[0].recipient
        owed, stale = _split_still_owed(rows)
        now = timezone.now()
        if stale:
            Notification.objects.filter(pk__in=[n.pk for n in stale]).update(
                status=Status.CANCELLED, last_attempt_at=now
            )
        if not owed:
            return Delivery(cancelled=len(stale))
        ids = [n.pk for n in owed]
        try:
            message = emails.notification_email(owed)
            message.send()
        except Exception as exc:  # SMTP, network, a template bug: all kept on the rows
            failure = exc
            _record_failure(ids, exc, now)
        else:
            Notification.objects.filter(pk__in=ids).update(
                status=Status.SENT,
                sent_at=now,
                message_id=message.extra_headers["Message-ID"],
                attempts=F("attempts") + 1,
                last_attempt_at=now,
                last_error="",
            )
            logger.info(
                "Sent %s to user %s about %d prediction(s): notifications %s.",
                message.extra_headers["Message-ID"],
                recipient_id,
                len(ids),
                ids,
            )
    if failure is not None:
        reason = f"{type(failure).__name__}: {failure}"
        raise DeliveryFailed(f"Email to user {recipient_id} not sent: {reason}") from failure
    return Delivery(sent=len(owed), cancelled=len(stale))


def _split_still_owed(rows: list[Notification]) -> tuple[list, list]:
    """Rows still owed now, and rows no longer owed: the prediction was
    resolved or withdrawn, or the recipient unwatched, unfollowed,
    unsubscribed or lost their address since the row was written."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for notification in rows:
        by_kind[notification.kind].add(notification.prediction_id)
    still_wanted = {
        kind: recipients_for(prediction_ids, kind) for kind, prediction_ids in by_kind.items()
    }
    owed, stale = [], []
    for notification in rows:
        wanted = notification.recipient_id in still_wanted[notification.kind].get(
            notification.prediction_id, ()
        )
        due = notification.prediction.status == Prediction.Status.DUE
        (owed if wanted and due else stale).append(notification)
    return owed, stale


def _record_failure(ids: list[int], exc: Exception, now) -> None:
    limit = settings.NOTIFICATION_MAX_ATTEMPTS
    Notification.objects.filter(pk__in=ids).update(
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        status=Case(
            When(attempts__gte=limit - 1, then=Value(Status.FAILED)),
            default=Value(Status.PENDING),
        ),
    )
    logger.warning("Could not send notifications %s: %s: %s", ids, type(exc).__name__, exc)


def recipients_left_pending(*, older_than: timedelta) -> list[int]:
    """Recipients with rows pending longer than ``older_than`` and not tried
    within it: a lost task, a dead worker, a broker that was down. The
    sweeper's query; the ``notification_outbox`` index serves it."""
    cutoff = timezone.now() - older_than
    return list(
        Notification.objects.filter(status=Status.PENDING, created_at__lte=cutoff)
        .filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=cutoff))
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )


@transaction.atomic
def retry_failed(notifications) -> int:
    """Give failed rows a fresh set of attempts and queue them (the admin's action)."""
    failed = notifications.filter(status=Status.FAILED)
    recipients = set(failed.values_list("recipient_id", flat=True))
    count = failed.update(status=Status.PENDING, attempts=0, last_error="", last_attempt_at=None)
    queue_delivery(recipients)
    return count
