"""Sending the outbox. Delivery is at least once, on purpose.

A delivery first claims the recipient's pending rows with one compare-and-set
UPDATE: it writes its own claim and a lease on rows whose lease is free, so of
two deliveries racing for the same rows (a retry, the sweeper, two workers)
only one gets each row, on PostgreSQL and SQLite alike. It then sends one
email and marks the rows sent. A worker killed after the SMTP server accepted
the message but before that mark leaves the rows claimed; when the lease runs
out they are claimed again, together, and sent again: a rare duplicate with
the same Message-ID, never a lost email. Failures are counted and kept on the
rows; after NOTIFICATION_MAX_ATTEMPTS a row is ``failed`` and an admin may
retry it.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

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
    claim = _claim(recipient_id)
    if claim is None:
        return Delivery()
    rows = list(
        Notification.objects.filter(claim=claim, status=Status.PENDING)
        .select_related(
            "recipient",
            "prediction__predictor",
            "prediction__statement__speaker",
            "prediction__statement__source",
        )
        .order_by("prediction__resolves_on", "id")
    )
    for notification in rows:
        # One user object for all: what it may do is worked out once.
        notification.recipient = rows[0].recipient
    owed, stale = _split_still_owed(rows)
    now = timezone.now()
    if stale:
        Notification.objects.filter(pk__in=[n.pk for n in stale], claim=claim).update(
            status=Status.CANCELLED, last_attempt_at=now
        )
    if not owed:
        return Delivery(cancelled=len(stale))
    ids = [n.pk for n in owed]
    try:
        message = emails.notification_email(owed)
        message.send()
    except Exception as exc:  # SMTP, network, a template bug: all kept on the rows
        _record_failure(ids, claim, exc, now)
        reason = f"{type(exc).__name__}: {exc}"
        raise DeliveryFailed(f"Email to user {recipient_id} not sent: {reason}") from exc
    Notification.objects.filter(pk__in=ids, claim=claim).update(
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
    return Delivery(sent=len(owed), cancelled=len(stale))


def _claim(recipient_id: int) -> str | None:
    """Claim the recipient's pending rows whose lease is free; return the claim,
    or None if there was nothing to claim.

    Rows a dead delivery had claimed go first and alone, so that the email is
    sent again as it was, with the same Message-ID; newer rows wait for the
    next delivery.
    """
    now = timezone.now()
    free = Notification.objects.filter(recipient_id=recipient_id, status=Status.PENDING).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    abandoned = (
        free.exclude(claim="").order_by("claimed_until").values_list("claim", flat=True).first()
    )
    if abandoned:
        free = free.filter(claim=abandoned)
    claim = uuid4().hex
    lease = timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS)
    # The compare-and-set: the lease condition is checked again by the UPDATE
    # itself, so a row another delivery claimed meanwhile is left alone.
    claimed = free.update(claim=claim, claimed_until=now + lease)
    return claim if claimed else None


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


def _record_failure(ids: list[int], claim: str, exc: Exception, now) -> None:
    """Count the attempt and keep the error; free the rows for the retry."""
    limit = settings.NOTIFICATION_MAX_ATTEMPTS
    Notification.objects.filter(pk__in=ids, claim=claim).update(
        claim="",
        claimed_until=None,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        status=Case(
            When(attempts__gte=limit - 1, then=Value(Status.FAILED)),
            default=Value(Status.PENDING),
        ),
    )
    logger.warning("Could not send notifications %s: %s: %s", ids, type(exc).__name__, exc)


def recipients_left_pending(
    *, older_than: timedelta, retried_after: timedelta = timedelta(0)
) -> list[int]:
    """Recipients with rows pending longer than ``older_than`` that no delivery
    holds: a lost task, a dead worker, a broker that was down. A row that has
    failed before is left to its task's own retries (with backoff) until
    ``retried_after`` has passed since; the sweeper passes the longest backoff
    here, ``send_pending`` nothing. The ``notification_outbox`` index serves it.
    """
    now = timezone.now()
    return list(
        Notification.objects.filter(status=Status.PENDING, created_at__lte=now - older_than)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .filter(
            Q(last_attempt_at__isnull=True)
            | Q(last_attempt_at__lte=now - older_than - retried_after)
        )
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )


@transaction.atomic
def retry_failed(notifications) -> int:
    """Give failed rows a fresh set of attempts and queue them (the admin's action)."""
    failed = notifications.filter(status=Status.FAILED)
    recipients = set(failed.values_list("recipient_id", flat=True))
    count = failed.update(
        status=Status.PENDING,
        attempts=0,
        last_error="",
        last_attempt_at=None,
        claim="",
        claimed_until=None,
    )
    queue_delivery(recipients)
    return count
