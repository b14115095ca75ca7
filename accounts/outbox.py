"""The account emails' outbox: a confirmation, an "already registered" notice
or a password reset is a row first, and a message only when a worker sends it.

Asking for an email writes an ``AccountEmail`` row in the request's
transaction and, once that commits, asks Celery to send it. A broker that is
down is logged, never raised (the answer must not depend on it: for a reset
it would tell whether an account uses the address), and loses nothing: the
sweeper (``requeue_pending``, run by beat) queues rows left pending again.

A worker takes a row with one compare-and-set UPDATE, which counts the
attempt and stamps ``last_attempt_at``; no other worker takes the row until
ACCOUNT_EMAIL_SWEEP_AFTER_SECONDS have passed since, so a task queued twice
(the sweeper and a slow broker) sends once. A worker killed while sending
leaves the row pending; the sweeper queues it again after that delay, and
the address may get the email twice: at least once, on purpose. A send that
fails leaves the row pending with its error for the sweeper to retry, and
marks it failed after ACCOUNT_EMAIL_MAX_ATTEMPTS. The sweeper tries a failed
row again hourly for three days before giving it up, as it does the
prediction emails (core/outbox_retry.py).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts import emails
from accounts.models import AccountEmail
from core import outbox_pruning, outbox_retry

logger = logging.getLogger("hindsight.accounts")

Status = AccountEmail.Status
# The sweeper's batch: more would wait for its next run.
SWEEP_BATCH = 500


def queue_account_email(*, user: User, kind: str) -> AccountEmail:
    """Owe ``user`` the ``kind`` of email; a worker sends it after commit."""
    if kind not in AccountEmail.Kind.values:
        raise ValueError(f"No account email is called {kind!r}.")
    row = AccountEmail.objects.create(user=user, kind=kind)
    transaction.on_commit(lambda: enqueue(row.pk), robust=True)
    return row


def enqueue(row_id: int) -> None:
    # Imported here: the task module imports this one.
    from accounts.tasks import deliver_account_email

    deliver_account_email.delay(row_id)


def _lease() -> timedelta:
    return timedelta(seconds=settings.ACCOUNT_EMAIL_SWEEP_AFTER_SECONDS)


def _takeable(now) -> Q:
    """Rows no worker holds (none took them within the sweep delay) that are
    owed a try: pending ones, and failed ones whose hourly retry is due."""
    free = Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lt=now - _lease())
    return free & (Q(status=Status.PENDING) | outbox_retry.due_for_slow_try(now))


def deliver(row_id: int) -> str:
    """Write and send one row's email now; returns what became of the row:
    ``sent``, ``cancelled`` (no longer owed), ``pending`` (failed, to be
    retried soon), ``failed`` (to be retried in an hour), ``given_up`` or
    ``skipped`` (not ours to send: done already, not due yet, or another
    worker holds it)."""
    now = timezone.now()
    taken = AccountEmail.objects.filter(_takeable(now), pk=row_id).update(
        attempts=F("attempts") + 1, last_attempt_at=now
    )
    row = AccountEmail.objects.select_related("user").filter(pk=row_id).first()
    if not taken or row is None:
        return "skipped"
    message = emails.WRITERS[row.kind](row.user)
    if message is None:
        logger.info("Account email %s (%s) is no longer owed.", row.pk, row.kind)
        return _finish(row, Status.CANCELLED)
    try:
        message.send()
    except Exception as error:  # any mailer failure is the row's, to retry
        logger.warning(
            "Account email %s (%s), attempt %d, failed: %s",
            row.pk,
            row.kind,
            row.attempts,
            error,
            exc_info=True,
        )
        return _record_failure(row, f"{type(error).__name__}: {error}"[:2000], now)
    return _finish(row, Status.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None)


def _record_failure(row: AccountEmail, error: str, now) -> str:
    """Pending again for the sweeper's next round while quick retries are
    left; then failed, retried hourly, and given up after three days."""
    if row.failed_at is not None:
        fields = outbox_retry.after_slow_try(failed_at=row.failed_at, now=now)
        AccountEmail.objects.filter(pk=row.pk).update(last_error=error, **fields)
        if outbox_retry.is_given_up(fields):
            logger.error("Gave up account email %s (%s) after three days.", row.pk, row.kind)
            return "given_up"
        return Status.FAILED
    if row.attempts >= settings.ACCOUNT_EMAIL_MAX_ATTEMPTS:
        failing = outbox_retry.failing(now)
        AccountEmail.objects.filter(pk=row.pk).update(last_error=error, **failing)
        return str(failing["status"])
    return _finish(row, Status.PENDING, last_error=error)


def _finish(row: AccountEmail, status: str, **fields: object) -> str:
    AccountEmail.objects.filter(pk=row.pk).update(status=status, **fields)
    return status


def rows_left_pending() -> list[int]:
    """Rows owed a try that nobody has made within the sweep delay: their
    task was lost (a broker outage), their worker died or their last send
    failed; and failed rows whose hourly retry is due."""
    now = timezone.now()
    cutoff = now - _lease()
    waiting = Q(status=Status.PENDING) & (
        Q(last_attempt_at__isnull=True, created_at__lt=cutoff) | Q(last_attempt_at__lt=cutoff)
    )
    return list(
        AccountEmail.objects.filter(_takeable(now))
        .filter(waiting | outbox_retry.due_for_slow_try(now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def requeue_pending() -> int:
    """The sweeper: queue every row left pending again; returns how many.
    The first broker failure stops it, since the rest would meet the same."""
    row_ids = rows_left_pending()
    for queued, row_id in enumerate(row_ids):
        try:
            enqueue(row_id)
        except Exception as error:  # kombu raises many kinds; the rows stay pending
            logger.warning(
                "Could not queue %d account emails (%s); the next sweep will.",
                len(row_ids) - queued,
                error,
            )
            return queued
    return len(row_ids)


def outbox_health(now) -> dict[str, int]:
    """Counts of the outbox's trouble (core.outbox_retry.health_counts). A row
    is overdue when it is owed a try and nobody has tried it within the
    sweeper's pace (ACCOUNT_EMAIL_SWEEP_AFTER_SECONDS, then its next run, and
    a minute): the sweeper or the workers are not doing their work. One query."""
    cutoff = (
        now
        - timedelta(
            seconds=settings.ACCOUNT_EMAIL_SWEEP_AFTER_SECONDS
            + settings.ACCOUNT_EMAIL_SWEEP_SECONDS
        )
        - outbox_retry.GRACE
    )
    left_pending = Q(status=Status.PENDING) & (
        Q(last_attempt_at__isnull=True, created_at__lt=cutoff) | Q(last_attempt_at__lt=cutoff)
    )
    overdue = left_pending | outbox_retry.due_for_slow_try(cutoff)
    counts = AccountEmail.objects.filter(status__in=[Status.PENDING, Status.FAILED]).aggregate(
        **outbox_retry.health_counts(now, overdue=overdue)
    )
    return {name: int(value or 0) for name, value in counts.items()}


def prune() -> int:
    """Delete rows sent, cancelled or given up longer ago than
    OUTBOX_RETENTION_DAYS; returns how many went."""
    return outbox_pruning.prune(AccountEmail)
