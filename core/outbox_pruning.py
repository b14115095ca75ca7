"""Pruning both outboxes (predictions.Notification, accounts.AccountEmail):
rows that are done with are deleted once OUTBOX_RETENTION_DAYS have passed,
so the tables hold what is owed and a recent history, not every email ever
sent. Beat runs each outbox's prune task (predictions.tasks.prune_outbox,
accounts.tasks.prune_account_emails).

A row is done with when it was sent, cancelled or given up; it goes when
that happened longer ago than the retention (and it was written longer ago
too, which lets the ``status, created_at`` index of each outbox find it).
Pending and failed rows still in their retries are never pruned. Nothing
that decides whether an email is owed reads these rows: the due email is
written once, by the flip to due, and the reminders' count is kept on the
prediction (predictions.notifications.reminders).

The retention may not be shorter than MINIMUM_RETENTION_DAYS: a prediction
email's resolve links name its row and work for 30 days after it was sent
(predictions.notifications.links), and a link whose row is gone says the
email is gone.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Model, Q, Subquery
from django.utils import timezone

# One DELETE statement, in its own transaction, removes at most this many rows:
# short locks, and a long backlog cleared bit by bit.
PRUNE_BATCH = 5000
# A resolve link lives 30 days after its email was sent; a day more for the
# seconds between the row's sent_at and the signing of its links.
MINIMUM_RETENTION_DAYS = 31


def cutoff(now: datetime | None = None) -> datetime:
    """Rows done with before this are pruned."""
    return (now or timezone.now()) - timedelta(days=settings.OUTBOX_RETENTION_DAYS)


def done_with_before(before: datetime) -> Q:
    """Rows sent, cancelled or given up before ``before`` (see the module)."""
    return Q(created_at__lt=before) & (
        Q(status="sent", sent_at__lt=before)
        | Q(status="cancelled")
        | Q(status="failed", given_up_at__lt=before)
    )


def prune(model: type[Model], *, now: datetime | None = None) -> int:
    """Delete ``model``'s rows done with before the retention, PRUNE_BATCH per
    statement; returns how many went."""
    old = model._default_manager.filter(done_with_before(cutoff(now))).order_by()
    pruned = 0
    while True:
        batch = Subquery(old.values("pk")[:PRUNE_BATCH])
        deleted, _ = model._default_manager.filter(pk__in=batch).delete()
        pruned += deleted
        if deleted < PRUNE_BATCH:
            return pruned
