"""The slow retry both outboxes share: the prediction emails
(predictions.Notification) and the account emails (accounts.AccountEmail).

Each outbox first retries a failed send quickly (its own backoff and
attempts). A row whose quick retries are spent becomes ``failed`` but is not
abandoned: an SMTP outage longer than the quick retries would otherwise leave
every email owed during it unsent until an admin acted. The sweeper tries a
failed row again every OUTBOX_SLOW_RETRY_SECONDS (an hour) until
OUTBOX_GIVE_UP_AFTER_SECONDS (three days) have passed since it failed; the
try that fails after that gives it up (``given_up_at``), and only an admin's
retry sends it then.

Both models have the fields this reads and writes: ``status``,
``failed_at`` (when its quick retries ran out), ``next_attempt_at``,
``given_up_at`` and ``last_attempt_at``.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q

PENDING = "pending"
FAILED = "failed"
# What "lately" means in the health report: failures of the last day.
RECENT = timedelta(days=1)
# How late past its sweeper's pace a row may be before the health report
# calls it overdue: time for the sweeper's task to reach a worker and send.
GRACE = timedelta(seconds=60)


def interval() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_SLOW_RETRY_SECONDS)


def give_up_after() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_GIVE_UP_AFTER_SECONDS)


def failing(now: datetime) -> dict[str, Any]:
    """The fields of a row whose last quick retry has just failed: failed
    now, tried again in an hour."""
    return {
        "status": FAILED,
        "failed_at": now,
        "next_attempt_at": now + interval(),
        "given_up_at": None,
    }


def after_slow_try(*, failed_at: datetime, now: datetime) -> dict[str, Any]:
    """The fields of a failed row whose slow try has just failed too: its
    next try in an hour, or given up once three days have passed since it
    failed."""
    if now - failed_at >= give_up_after():
        return {"next_attempt_at": None, "given_up_at": now}
    return {"next_attempt_at": now + interval()}


def is_given_up(fields: dict[str, Any]) -> bool:
    return fields.get("given_up_at") is not None


def due_for_slow_try(now: datetime) -> Q:
    """Failed rows, not given up, whose hour is up."""
    return Q(status=FAILED, given_up_at__isnull=True, next_attempt_at__lte=now)


# What an admin's retry clears, besides the outbox's own counters.
FRESH = {"failed_at": None, "given_up_at": None, "next_attempt_at": None}


def health_counts(now: datetime, *, overdue: Q) -> dict[str, Count]:
    """The health report's counts of an outbox, to pass to one ``aggregate()``
    over its pending and failed rows: rows owed a try that nobody made
    (``overdue``, which each outbox defines by its sweeper's pace), rows the
    mail server refused lately and that are still in their quick retries,
    rows whose send failed in the last day (failed rows tried lately,
    including those given up lately), and of those the rows given up."""
    since = now - RECENT
    return {
        "overdue": Count("pk", filter=overdue),
        "retrying": Count("pk", filter=Q(status=PENDING) & ~Q(last_error="")),
        "failed_last_day": Count("pk", filter=Q(status=FAILED, last_attempt_at__gte=since)),
        "given_up_last_day": Count("pk", filter=Q(status=FAILED, given_up_at__gte=since)),
    }


# Rows that failed before the slow retry existed: those that failed within the
# last three days join the hourly retries (from when they failed), older ones
# are recorded as given up, so that a release does not send mail asked for long
# ago. Fixed here rather than read from the settings: the migrations of both
# outboxes run it (with their historical models) and must not change with them.
ADOPT_WITHIN = timedelta(days=3)


def adopt_failed_rows(model: Any, now: datetime) -> None:
    """The data step of the migrations that brought the slow retry."""
    failed = model.objects.filter(status=FAILED, failed_at__isnull=True)
    failed.filter(last_attempt_at__lt=now - ADOPT_WITHIN).update(
        failed_at=F("last_attempt_at"), given_up_at=F("last_attempt_at"), next_attempt_at=None
    )
    failed.filter(last_attempt_at__isnull=True).update(
        failed_at=now, given_up_at=now, next_attempt_at=None
    )
    failed.update(failed_at=F("last_attempt_at"), next_attempt_at=now)
