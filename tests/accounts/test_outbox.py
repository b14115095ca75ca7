"""The account emails' outbox: a row owed is sent once by whichever worker
takes it; a lost task, a dead worker or a failed send leaves it pending and
the sweeper queues it again; a mailer that keeps failing marks it failed."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts import outbox, tasks
from accounts.models import AccountEmail
from accounts.services import confirm_email
from tests.accounts.support import rows
from tests.predictions.notifications.support import closed_port_mailer
from tests.support.factories import UserFactory
from tests.support.ports import free_port

pytestmark = pytest.mark.django_db

SWEEP_AFTER = dt.timedelta(minutes=3)


@pytest.fixture
def erin(db, settings):
    settings.ACCOUNT_EMAIL_SWEEP_AFTER_SECONDS = SWEEP_AFTER.total_seconds()
    return UserFactory(username="erin", verified=False)


def test_the_sweeper_sends_a_row_whose_task_was_lost(erin, queued, frozen_now):
    # Written, but its task never reached a worker (no commit hook ran here).
    row = outbox.queue_account_email(user=erin, kind="confirm_email")
    assert tasks.send_pending_account_emails.apply().get() == 0  # too young to count as lost

    frozen_now.shift(SWEEP_AFTER + dt.timedelta(seconds=1))
    assert tasks.send_pending_account_emails.apply().get() == 1
    assert queued == [row.pk]
    assert tasks.deliver_account_email.apply(args=queued).get() == "sent"

    assert [message.to for message in mail.outbox] == [["erin@example.com"]]
    assert rows() == [("erin", "confirm_email", "sent")]
    assert tasks.send_pending_account_emails.apply().get() == 0


def test_a_row_is_sent_once_however_often_it_is_queued(erin, queued, frozen_now):
    row = outbox.queue_account_email(user=erin, kind="confirm_email")

    assert outbox.deliver(row.pk) == "sent"
    frozen_now.shift(SWEEP_AFTER * 2)
    assert outbox.deliver(row.pk) == "skipped"

    assert len(mail.outbox) == 1


def test_a_row_a_worker_holds_is_left_to_it_until_the_delay_passes(erin, frozen_now):
    row = outbox.queue_account_email(user=erin, kind="confirm_email")
    # A worker took it and died before sending.
    AccountEmail.objects.filter(pk=row.pk).update(attempts=1, last_attempt_at=timezone.now())

    assert outbox.deliver(row.pk) == "skipped"
    assert outbox.rows_left_pending() == []

    frozen_now.shift(SWEEP_AFTER + dt.timedelta(seconds=1))
    assert outbox.rows_left_pending() == [row.pk]
    assert outbox.deliver(row.pk) == "sent"
    assert AccountEmail.objects.get().attempts == 2


def test_a_failed_send_is_kept_for_the_sweeper_then_given_up(erin, settings, frozen_now):
    settings.MAILERS = closed_port_mailer(free_port())
    settings.ACCOUNT_EMAIL_MAX_ATTEMPTS = 2
    row = outbox.queue_account_email(user=erin, kind="confirm_email")

    assert outbox.deliver(row.pk) == "pending"
    failed_once = AccountEmail.objects.get()
    assert (failed_once.attempts, failed_once.status) == (1, "pending")
    assert "ConnectionRefusedError" in failed_once.last_error

    frozen_now.shift(SWEEP_AFTER + dt.timedelta(seconds=1))
    assert outbox.rows_left_pending() == [row.pk]
    assert outbox.deliver(row.pk) == "failed"
    assert AccountEmail.objects.get().attempts == 2
    frozen_now.shift(SWEEP_AFTER * 2)
    assert outbox.rows_left_pending() == []
    assert mail.outbox == []


def test_a_confirmation_no_longer_owed_is_cancelled(erin, queued):
    row = outbox.queue_account_email(user=erin, kind="confirm_email")

    confirm_email(erin)

    assert outbox.deliver(row.pk) == "cancelled"
    assert mail.outbox == []


def test_an_unknown_kind_is_refused(erin):
    with pytest.raises(ValueError, match="No account email is called 'welcome'"):
        outbox.queue_account_email(user=erin, kind="welcome")
