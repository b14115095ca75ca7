"""The reminder check reads what is owed, never the outbox's history: each
due prediction carries its own reminder state (the number of the last
reminder of its due round and when the next is owed), so finding the
predictions owed a reminder costs what is owed, however many emails were
ever sent, and an outbox pruned of its sent rows cannot bring one back."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from predictions import notifications, services
from predictions.models import Notification, Prediction, Watch
from tests.predictions.notifications.support import reminders
from tests.support.factories import PredictionFactory, UserFactory

pytestmark = pytest.mark.django_db

OUTBOX = Notification._meta.db_table


def test_a_check_that_owes_nothing_does_not_read_the_outbox(due_prediction, frozen_now):
    services.mark_due()
    frozen_now.shift(dt.timedelta(days=3))

    with CaptureQueriesContext(connection) as captured:
        assert notifications.queue_reminders() == 0

    assert len(captured) == 1
    assert OUTBOX not in captured[0]["sql"]


def test_the_owed_query_reads_only_the_reminder_index_on_postgres(due_prediction, frozen_now):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN of PostgreSQL")
    services.mark_due()
    frozen_now.shift(dt.timedelta(days=8))
    with CaptureQueriesContext(connection) as captured:
        notifications.queue_reminders()
    owed_sql = captured[0]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # On a table of a few rows every index costs about the same, and which
        # one the planner takes follows how bloated earlier tests left each
        # (a CI run once took another). At scale the reminder index wins by
        # reading only what is owed, in order; without a full sort to fall
        # back on, the plan says whether the query can be answered that way.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {owed_sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "prediction_reminder_owed" in plan
    assert OUTBOX not in plan


def test_the_state_follows_the_round(due_prediction, frozen_now):
    services.mark_due()
    due_prediction.refresh_from_db()
    assert due_prediction.reminder_sequence == 0
    assert due_prediction.next_reminder_at is not None

    for _week in range(4):
        frozen_now.shift(dt.timedelta(days=7))
        notifications.queue_reminders()
    due_prediction.refresh_from_db()
    assert due_prediction.reminder_sequence == 4
    assert due_prediction.next_reminder_at is None  # all four written: nothing more owed


def test_pruned_sent_reminders_are_not_written_again(due_prediction, frozen_now, contributor):
    services.mark_due()
    notifications.deliver_notifications(recipient_id=contributor.pk)
    frozen_now.shift(dt.timedelta(days=7))
    notifications.queue_reminders()
    notifications.deliver_notifications(recipient_id=contributor.pk)
    Notification.objects.all().delete()  # as if pruned

    notifications.queue_reminders()
    frozen_now.shift(dt.timedelta(days=7))
    notifications.queue_reminders()

    assert reminders() == [("alice", 2)]


def test_a_reminder_nobody_receives_still_counts_its_week(frozen_now, contributor):
    """Nobody watches it: the check moves on rather than asking every run."""
    prediction = PredictionFactory.create(
        made_on=dt.date(2026, 2, 1), resolves_on=dt.date(2026, 3, 1)
    )
    services.mark_due()
    frozen_now.shift(dt.timedelta(days=7))

    assert notifications.queue_reminders() == 0
    prediction.refresh_from_db()
    assert prediction.reminder_sequence == 1
    assert prediction.next_reminder_at is not None
    with CaptureQueriesContext(connection) as captured:
        notifications.queue_reminders()
    assert len(captured) == 1


def test_an_edit_that_makes_it_due_owes_a_reminder_a_week_later(frozen_now, editor):
    prediction = PredictionFactory.create(
        made_on=dt.date(2026, 1, 1), resolves_on=dt.date(2026, 6, 1)
    )
    Watch.objects.create(user=UserFactory(username="walter"), prediction=prediction)
    services.edit_prediction(
        prediction=prediction, actor=editor, changes={"resolves_on": dt.date(2026, 3, 1)}
    )
    prediction.refresh_from_db()
    assert prediction.status == Prediction.Status.DUE

    frozen_now.shift(dt.timedelta(days=6))
    assert notifications.queue_reminders() == 0
    frozen_now.shift(dt.timedelta(days=1))
    assert notifications.queue_reminders() == 1
    assert reminders() == [("walter", 1)]


def test_a_backlog_is_reminded_in_batches(frozen_now, contributor):
    for day in range(1, 6):
        prediction = PredictionFactory.create(
            made_on=dt.date(2026, 2, 1), resolves_on=dt.date(2026, 3, day)
        )
        Watch.objects.create(user=contributor, prediction=prediction)
    services.mark_due()
    frozen_now.shift(dt.timedelta(days=7))

    assert notifications.queue_reminders(batch_size=2) == 5
    assert set(Prediction.objects.values_list("reminder_sequence", flat=True)) == {1}
