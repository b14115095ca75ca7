"""Account emails outlast an outage too: a row whose quick retries are spent
is ``failed`` and the sweeper tries it again every hour for three days, then
gives it up (the same policy as the prediction emails, core/outbox_retry.py)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts import outbox, tasks
from accounts.models import AccountEmail
from tests.predictions.notifications.support import closed_port_mailer
from tests.support.factories import UserFactory
from tests.support.ports import free_port

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def erin(db, settings):
    settings.MAILERS = closed_port_mailer(free_port())  # nothing listens there
    settings.ACCOUNT_EMAIL_MAX_ATTEMPTS = 1  # the quick retries are spent at once
    settings.ACCOUNT_EMAIL_SWEEP_AFTER_SECONDS = 180
    settings.OUTBOX_SLOW_RETRY_SECONDS = 3600
    settings.OUTBOX_GIVE_UP_AFTER_SECONDS = 3 * 24 * 3600
    return UserFactory(username="erin", verified=False)


def test_a_failed_account_email_is_tried_hourly_for_three_days_then_given_up(erin, frozen_now):
    row = outbox.queue_account_email(user=erin, kind="confirm_email")
    assert outbox.deliver(row.pk) == "failed"
    failed_at = timezone.now()
    failed = AccountEmail.objects.get()
    assert (failed.failed_at, failed.next_attempt_at) == (failed_at, failed_at + HOUR)
    assert failed.given_up_at is None

    frozen_now.shift(HOUR - dt.timedelta(minutes=1))
    assert outbox.rows_left_pending() == []
    assert outbox.deliver(row.pk) == "skipped"

    frozen_now.shift(dt.timedelta(minutes=1))
    tries = 0
    outcome = ""
    while outcome != "given_up":
        assert outbox.rows_left_pending() == [row.pk]
        outcome = outbox.deliver(row.pk)
        assert outcome in {"failed", "given_up"}
        tries += 1
        assert tries < 100, "never given up"
        if outcome == "failed":
            assert AccountEmail.objects.get().next_attempt_at == timezone.now() + HOUR
            frozen_now.shift(HOUR)

    assert tries == 72
    given_up = AccountEmail.objects.get()
    assert (given_up.status, given_up.given_up_at) == ("failed", failed_at + 72 * HOUR)
    assert given_up.next_attempt_at is None
    frozen_now.shift(dt.timedelta(days=30))
    assert outbox.rows_left_pending() == []
    assert outbox.deliver(row.pk) == "skipped"
    assert mail.outbox == []


def test_a_failed_account_email_is_sent_once_the_mail_server_is_back(
    erin, queued, frozen_now, settings
):
    row = outbox.queue_account_email(user=erin, kind="password_reset")
    assert outbox.deliver(row.pk) == "failed"
    frozen_now.shift(2 * HOUR)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    assert tasks.send_pending_account_emails() == 1  # the sweeper
    assert queued == [row.pk]
    assert tasks.deliver_account_email(row.pk) == "sent"
    # Queued twice (the sweeper again, a slow broker): sent once.
    assert tasks.deliver_account_email(row.pk) == "skipped"

    assert [message.to for message in mail.outbox] == [["erin@example.com"]]
    assert AccountEmail.objects.get().status == "sent"


def test_a_failed_row_being_tried_is_not_taken_by_a_second_worker(erin, frozen_now, monkeypatch):
    row = outbox.queue_account_email(user=erin, kind="confirm_email")
    assert outbox.deliver(row.pk) == "failed"
    frozen_now.shift(HOUR)
    outcomes = []

    def send_while_another_worker_tries(message, *args, **kwargs):
        outcomes.append(outbox.deliver(row.pk))  # the sweeper queued it twice
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", send_while_another_worker_tries)

    assert outbox.deliver(row.pk) == "sent"
    assert outcomes == ["skipped"]
