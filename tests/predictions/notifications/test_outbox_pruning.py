"""Sent, cancelled and given-up outbox rows are deleted once they are older
than OUTBOX_RETENTION_DAYS (a beat task), in batches; pending and retrying
rows are kept, and nothing a pruned row recorded is ever sent again."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from core import outbox_pruning
from predictions import notifications, services, tasks
from predictions.models import Notification
from predictions.notifications import pruning
from tests.support.factories import PredictionFactory, UserFactory

pytestmark = pytest.mark.django_db


def row(status: str, **fields) -> Notification:
    return Notification.objects.create(
        recipient=UserFactory(),
        prediction=PredictionFactory(),
        kind="due",
        status=status,
        **fields,
    )


def test_only_finished_rows_past_the_retention_go(frozen_now, settings):
    settings.OUTBOX_RETENTION_DAYS = 35
    old_sent = row("sent")
    old_cancelled = row("cancelled")
    old_given_up = row("failed")
    old_retrying = row("failed")
    old_pending = row("pending")
    sent_late = row("pending")
    Notification.objects.filter(pk=old_sent.pk).update(
        sent_at=dt.datetime(2026, 3, 10, tzinfo=dt.UTC)
    )
    Notification.objects.filter(pk=old_given_up.pk).update(
        failed_at=F("created_at"), given_up_at=F("created_at")
    )
    Notification.objects.filter(pk=old_retrying.pk).update(
        failed_at=dt.datetime(2026, 3, 10, tzinfo=dt.UTC)
    )

    # 36 days later the rows written on 10 March are past the retention...
    frozen_now.shift(dt.timedelta(days=36))
    # ...but one sent only now (a late retry) is kept for its links' sake.
    Notification.objects.filter(pk=sent_late.pk).update(
        status="sent", sent_at=dt.datetime(2026, 4, 14, tzinfo=dt.UTC)
    )
    young = row("sent")

    assert pruning.prune_notifications() == 3

    left = set(Notification.objects.values_list("pk", flat=True))
    assert left == {old_retrying.pk, old_pending.pk, sent_late.pk, young.pk}
    assert old_sent.pk not in left and old_cancelled.pk not in left
    assert old_given_up.pk not in left


def test_given_up_rows_are_kept_for_the_retention_after_giving_up(frozen_now, settings):
    settings.OUTBOX_RETENTION_DAYS = 35
    given_up = row("failed")
    Notification.objects.filter(pk=given_up.pk).update(
        failed_at=dt.datetime(2026, 3, 10, tzinfo=dt.UTC),
        given_up_at=dt.datetime(2026, 3, 13, tzinfo=dt.UTC),
    )
    frozen_now.shift(dt.timedelta(days=36))
    assert pruning.prune_notifications() == 0  # given up 33 days ago
    frozen_now.shift(dt.timedelta(days=3))
    assert pruning.prune_notifications() == 1


def test_pruning_deletes_in_batches(frozen_now, settings, monkeypatch):
    settings.OUTBOX_RETENTION_DAYS = 35
    for _ in range(5):
        row("cancelled")
    frozen_now.shift(dt.timedelta(days=36))
    monkeypatch.setattr(outbox_pruning, "PRUNE_BATCH", 2)

    with CaptureQueriesContext(connection) as captured:
        assert pruning.prune_notifications() == 5

    deletes = [q["sql"] for q in captured if q["sql"].startswith("DELETE")]
    assert len(deletes) == 3  # 2, 2, then 1: fewer than a batch ends it
    assert all("LIMIT 2" in sql for sql in deletes)
    assert Notification.objects.count() == 0


def test_pruning_never_brings_an_email_back(due_prediction, frozen_now, contributor, settings):
    """The due email and three reminders sent, the rows pruned as they age:
    the due check and the reminders go on as if they were there."""
    settings.OUTBOX_RETENTION_DAYS = 31
    services.mark_due()
    notifications.deliver_notifications(recipient_id=contributor.pk)
    for _week in range(8):
        frozen_now.shift(dt.timedelta(days=7))
        tasks.prune_outbox()
        tasks.check_due_predictions()
        notifications.deliver_notifications(recipient_id=contributor.pk)

    # The due email and four reminders, each once, though the rows that
    # recorded the first ones were pruned before the last were owed.
    assert len(mail.outbox) == 5
    assert Notification.objects.count() < 5  # the old ones were pruned


def test_the_beat_schedule_prunes_both_outboxes(settings):
    tasks_run = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "predictions.tasks.prune_outbox" in tasks_run
    assert "accounts.tasks.prune_account_emails" in tasks_run


def test_the_retention_has_a_floor_the_resolve_links_need(tmp_path):
    """A resolve link lives 30 days: a shorter retention would break it, so
    start-up refuses it, naming the variable."""
    from predictions.notifications.links import RESOLVE_LINK_MAX_AGE
    from tests.support.settings_process import start

    assert RESOLVE_LINK_MAX_AGE.days < outbox_pruning.MINIMUM_RETENTION_DAYS
    result = start(tmp_path, OUTBOX_RETENTION_DAYS="30")

    assert result.returncode != 0
    assert f"OUTBOX_RETENTION_DAYS must be at least {outbox_pruning.MINIMUM_RETENTION_DAYS}" in (
        result.stderr
    )
