"""Sending the outbox. Delivery is at least once, on purpose.

A delivery first claims the recipient's pending rows with one compare-and-set
UPDATE: it writes its own claim and a lease on rows whose lease is free, so of
two deliveries racing for the same rows (a retry, the sweeper, two workers)
only one gets each row, on PostgreSQL and SQLite alike. It then sends one
email and marks the rows sent. A worker killed after the SMTP server accepted
the message but before that mark leaves the rows claimed; when the lease runs
out they are claimed again, together, and sent again: a rare duplicate with
the same Message-ID, never a lost email. Failures are counted and kept on the
rows; after NOTIFICATION_MAX_ATTEMPTS quick tries a row is ``failed``, and
the sweeper tries it again hourly for three days before giving it up
(core/outbox_retry.py); an admin may retry it at any time.
"""

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypedDict
from uuid import uuid4

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core import outbox_retry
from predictions.models import Notification, Prediction
from predictions.notifications import emails
from predictions.notifications.outbox import due_round, queue_delivery, recipients_for

logger = logging.getLogger("hindsight.notifications")


class _CurrentRound(TypedDict):
    current_round: int


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # A row loaded with its prediction's round now (outbox.due_round).
    WithRound = WithAnnotations[Notification, _CurrentRound]
else:
    WithRound = Notification

Status = Notification.Status


class DeliveryFailed(Exception):
    """The mailer refused; the rows stay pending with the error, to be tried
    again in ``retry_in``, or are failed (``retry_in`` is None)."""

    def __init__(self, message: str, retry_in: timedelta | None):
        super().__init__(message)
        self.retry_in = retry_in


@dataclass
class Delivery:
    sent: int = 0
    cancelled: int = 0
    # Other rows of this recipient's are ready now (they were not in this
    # email): deliver again.
    more: bool = False


def owed_a_try(now) -> Q:
    """Rows that no delivery holds and that are owed a try now: pending rows
    whose backoff, if any, is over, and failed rows whose hourly retry is due."""
    quick = Q(status=Status.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)) & (
        quick | outbox_retry.due_for_slow_try(now)
    )


def _more_ready(recipient_id: int) -> bool:
    return Notification.objects.filter(
        owed_a_try(timezone.now()), recipient_id=recipient_id
    ).exists()


def deliver_notifications(*, recipient_id: int) -> Delivery:
    """Email one recipient about all their pending notifications, in one message."""
    claim = _claim(recipient_id)
    if claim is None:
        return Delivery()
    rows = list(
        Notification.objects.filter(claim=claim, status__in=[Status.PENDING, Status.FAILED])
        .select_related(
            "recipient",
            "prediction__predictor",
            "prediction__statement__speaker",
            "prediction__statement__source",
        )
        .annotate(current_round=due_round("prediction"))
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
        return Delivery(cancelled=len(stale), more=_more_ready(recipient_id))
    ids = [n.pk for n in owed]
    try:
        message = emails.notification_email(owed)
        message.send()
    except Exception as exc:  # SMTP, network, a template bug: all kept on the rows
        retry_in = _record_failure(owed, claim, exc, now)
        reason = f"{type(exc).__name__}: {exc}"
        raise DeliveryFailed(
            f"Email to user {recipient_id} not sent: {reason}", retry_in=retry_in
        ) from exc
    Notification.objects.filter(pk__in=ids, claim=claim).update(
        status=Status.SENT,
        sent_at=now,
        message_id=message.extra_headers["Message-ID"],
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        next_attempt_at=None,
        last_error="",
    )
    logger.info(
        "Sent %s to user %s about %d prediction(s): notifications %s.",
        message.extra_headers["Message-ID"],
        recipient_id,
        len(ids),
        ids,
    )
    return Delivery(sent=len(owed), cancelled=len(stale), more=_more_ready(recipient_id))


def _claim(recipient_id: int) -> str | None:
    """Claim the recipient's pending rows whose lease is free; return the claim,
    or None if there was nothing to claim.

    Rows a dead delivery had claimed go first and alone, so that the email is
    sent again as it was, with the same Message-ID; newer rows wait for the
    next delivery.
    """
    now = timezone.now()
    free = Notification.objects.filter(owed_a_try(now), recipient_id=recipient_id)
    abandoned = (
        free.exclude(claim="").order_by("claimed_until").values_list("claim", flat=True).first()
    )
    if abandoned:
        free = free.filter(claim=abandoned)
    claim = uuid4().hex
    lease = timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS)
    # The compare-and-set: the UPDATE checks the conditions again as it runs,
    # so a row another delivery claimed meanwhile is left alone.
    claimed = free.update(claim=claim, claimed_until=now + lease)
    return claim if claimed else None


def _split_still_owed(
    rows: Sequence[WithRound],
) -> tuple[list[Notification], list[Notification]]:
    """Rows still owed now, and rows no longer owed: the prediction was
    resolved or withdrawn, came due again since (a later round owes its own
    email), or the recipient unwatched, unfollowed, unsubscribed or lost their
    address since the row was written. ``rows`` carry ``current_round``."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for notification in rows:
        by_kind[notification.kind].add(notification.prediction_id)
    # One claim is one recipient's: ask about them alone.
    recipient = [rows[0].recipient_id] if rows else []
    still_wanted = {
        kind: recipients_for(prediction_ids, kind, among=recipient)
        for kind, prediction_ids in by_kind.items()
    }
    owed: list[Notification] = []
    stale: list[Notification] = []
    for notification in rows:
        wanted = notification.recipient_id in still_wanted[notification.kind].get(
            notification.prediction_id, ()
        )
        due = notification.prediction.status == Prediction.Status.DUE
        this_round = notification.due_round == notification.current_round
        (owed if wanted and due and this_round else stale).append(notification)
    return owed, stale


def _record_failure(rows: list[Notification], claim: str, exc: Exception, now) -> timedelta | None:
    """Count the attempt, keep the error and say when each row is tried next.

    A row still in its quick retries waits NOTIFICATION_RETRY_BACKOFF_SECONDS
    after its first failure, doubling up to the cap; one that has had
    NOTIFICATION_MAX_ATTEMPTS becomes failed, and a failed row waits an hour
    or is given up (core/outbox_retry.py). Returns when the task should try
    again, or None when no row is left to its quick retries (the sweeper
    takes the failed ones)."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    attempted = {
        "claim": "",
        "claimed_until": None,
        "attempts": F("attempts") + 1,
        "last_attempt_at": now,
        "last_error": error,
    }
    mine = Notification.objects.filter(claim=claim)
    limit = settings.NOTIFICATION_MAX_ATTEMPTS
    quick = [n for n in rows if n.failed_at is None]
    retrying = [n for n in quick if n.attempts + 1 < limit]
    retry_in = None
    if retrying:
        attempts = max(n.attempts for n in retrying) + 1
        retry_in = timedelta(
            seconds=min(
                settings.NOTIFICATION_RETRY_BACKOFF_SECONDS * 2 ** (attempts - 1),
                settings.NOTIFICATION_RETRY_BACKOFF_MAX_SECONDS,
            )
        )
        mine.filter(pk__in=[n.pk for n in retrying]).update(
            **attempted, next_attempt_at=now + retry_in
        )
    spent = [n.pk for n in quick if n.attempts + 1 >= limit]
    if spent:
        mine.filter(pk__in=spent).update(**attempted, **outbox_retry.failing(now))
    by_failure: dict[datetime, list[int]] = defaultdict(list)
    for notification in rows:
        if notification.failed_at is not None:
            by_failure[notification.failed_at].append(notification.pk)
    for failed_at, ids in by_failure.items():
        fields = outbox_retry.after_slow_try(failed_at=failed_at, now=now)
        mine.filter(pk__in=ids).update(**attempted, **fields)
        if outbox_retry.is_given_up(fields):
            logger.error("Gave up notifications %s after three days of retries: %s", ids, error)
    logger.warning("Could not send notifications %s: %s", [n.pk for n in rows], error)
    return retry_in


def recipients_left_pending(*, older_than: timedelta) -> list[int]:
    """Recipients owed a try that no task is going to make: rows ready to
    send that have waited longer than ``older_than`` beyond when they were
    written or due for a retry (a lost task, a dead worker whose lease ran
    out, a broker that was down), and failed rows whose hourly retry is due.
    A pending row that failed is its own task's to retry at
    ``next_attempt_at``; the sweeper takes it only if that retry has not come
    ``older_than`` later. The ``notification_outbox`` index serves the query.
    """
    now = timezone.now()
    late = now - older_than
    left = Q(status=Status.PENDING, created_at__lte=late) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=late)
    )
    return list(
        Notification.objects.filter(owed_a_try(now))
        .filter(left | outbox_retry.due_for_slow_try(now))
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )


@transaction.atomic
def retry_failed(notifications) -> int:
    """Give failed rows, given up or not, a fresh set of attempts and queue
    them (the admin's action)."""
    failed = notifications.filter(status=Status.FAILED)
    recipients = set(failed.values_list("recipient_id", flat=True))
    count = failed.update(
        status=Status.PENDING,
        attempts=0,
        last_error="",
        last_attempt_at=None,
        **outbox_retry.FRESH,
        claim="",
        claimed_until=None,
    )
    queue_delivery(recipients)
    return count
