"""Weekly reminders about a prediction left due: a week after it came due and
each week after the last, four at most in each due round, stopped at once by
whatever makes them no longer wanted."""

import datetime as dt

import pytest
from django.core import mail

from predictions import notifications, services
from predictions.models import Notification, Watch
from tests.predictions.notifications.support import reminders
from tests.support.factories import PredictionFactory

pytestmark = pytest.mark.django_db


def test_reminders_come_weekly_after_the_due_date_up_to_four(due_prediction, frozen_now):
    services.mark_due()  # came due now, 10 March

    frozen_now.shift(dt.timedelta(days=6, hours=23))
    assert notifications.queue_reminders() == 0
    frozen_now.shift(dt.timedelta(hours=1))
    assert notifications.queue_reminders() == 1
    assert notifications.queue_reminders() == 0  # the same week twice: nothing new
    assert reminders() == [("alice", 1)]

    for _week in (2, 3, 4, 5, 6):
        frozen_now.shift(dt.timedelta(days=7))
        notifications.queue_reminders()
    assert reminders() == [("alice", 1), ("alice", 2), ("alice", 3), ("alice", 4)]


def test_a_late_job_sends_the_next_reminder_not_a_burst(due_prediction, frozen_now):
    services.mark_due()
    frozen_now.shift(dt.timedelta(days=22))  # three weeks and a day: the job was down

    assert notifications.queue_reminders() == 1
    assert reminders() == [("alice", 1)]
    frozen_now.shift(dt.timedelta(days=7))
    notifications.queue_reminders()
    assert reminders() == [("alice", 1), ("alice", 2)]


def test_after_a_reopening_the_reminders_go_on_a_week_later(
    due_prediction, frozen_now, contributor, editor
):
    services.mark_due()
    for _week in (1, 2):
        frozen_now.shift(dt.timedelta(days=7))
        notifications.queue_reminders()
    frozen_now.shift(dt.timedelta(days=2))  # day 16
    services.resolve_prediction(prediction=due_prediction, outcome="right", actor=contributor)
    services.reopen_prediction(prediction=due_prediction, actor=editor, reason="Misread it")

    frozen_now.shift(dt.timedelta(days=6))
    assert notifications.queue_reminders() == 0
    frozen_now.shift(dt.timedelta(days=1))  # a week after the reopening
    assert notifications.queue_reminders() == 1
    assert reminders() == [("alice", 1), ("alice", 2), ("alice", 3)]


def test_a_new_due_round_counts_its_reminders_from_one(
    due_prediction, frozen_now, contributor, editor
):
    services.mark_due()
    for _week in range(4):
        frozen_now.shift(dt.timedelta(days=7))
        notifications.queue_reminders()
    assert reminders() == [("alice", 1), ("alice", 2), ("alice", 3), ("alice", 4)]
    # 7 April: the deadline moves to the end of April, which then passes.
    services.edit_prediction(
        prediction=due_prediction, actor=editor, changes={"resolves_on": dt.date(2026, 4, 30)}
    )
    frozen_now.shift(dt.timedelta(days=24))  # 1 May
    assert services.mark_due() == 1

    frozen_now.shift(dt.timedelta(days=6))
    assert notifications.queue_reminders() == 0
    frozen_now.shift(dt.timedelta(days=1))  # a week after it came due again
    assert notifications.queue_reminders() == 1

    latest = Notification.objects.filter(kind="overdue_reminder").latest("created_at")
    assert (latest.due_round, latest.sequence) == (2, 1)
    assert reminders()[-1] == ("alice", 1)


def test_a_prediction_filed_after_its_deadline_is_recalled_a_week_after_filing(frozen_now, editor):
    services.file_claim(
        filed_by=editor,
        claim="It happened last year",
        predictor="Pat Pundit",
        made_on=dt.date(2025, 1, 1),
        resolves_on=dt.date(2025, 6, 1),
    )
    frozen_now.shift(dt.timedelta(days=6))
    assert notifications.queue_reminders() == 0
    frozen_now.shift(dt.timedelta(days=1))
    assert notifications.queue_reminders() == 1
    assert Notification.objects.get().due_round == 0  # it never became due: it was filed so


@pytest.mark.parametrize("stop", ["resolve", "unwatch", "turn off reminders"])
def test_reminders_stop_at_once(due_prediction, frozen_now, contributor, stop):
    services.mark_due()
    notifications.deliver_notifications(recipient_id=contributor.pk)  # the due email
    frozen_now.shift(dt.timedelta(days=7))
    notifications.queue_reminders()  # reminder 1 owed, not yet sent
    if stop == "resolve":
        services.resolve_prediction(prediction=due_prediction, outcome="wrong", actor=contributor)
    elif stop == "unwatch":
        notifications.unwatch(user=contributor, prediction=due_prediction)
    else:
        notifications.set_email_preferences(
            user=contributor, due_emails=True, reminder_emails=False
        )

    delivery = notifications.deliver_notifications(recipient_id=contributor.pk)
    frozen_now.shift(dt.timedelta(days=7))
    notifications.queue_reminders()

    assert (delivery.sent, delivery.cancelled) == (0, 1)
    assert [m.subject for m in mail.outbox] == [f"Did it happen? “{due_prediction.claim}”"]
    assert reminders() == [("alice", 1)]  # the second is never written
    assert Notification.objects.get(kind="overdue_reminder").status == "cancelled"


def test_the_reminder_check_costs_the_same_however_many_are_overdue(
    frozen_now, contributor, django_assert_num_queries
):
    for day in range(1, 8):
        prediction = PredictionFactory.create(
            resolves_on=dt.date(2026, 3, day), filed_by=contributor
        )
        Watch.objects.create(user=contributor, prediction=prediction)
    services.mark_due()
    frozen_now.shift(dt.timedelta(days=7))

    # The predictions owed a reminder (their state is on them), then inside a
    # savepoint: those locked with their rounds, four queries to find the
    # recipients, one insert and one update of their state.
    with django_assert_num_queries(10):
        assert notifications.queue_reminders() == 7
    # Beat's next run, a few minutes later: nothing to write, one query.
    with django_assert_num_queries(1):
        assert notifications.queue_reminders() == 0
