"""Mail that outlasts an outage: once its quick retries are spent a row is
``failed``, and the sweeper tries it again every hour for three days before
it is given up (core/outbox_retry.py, the policy both outboxes share)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from predictions import notifications, services, tasks
from predictions.models import Notification, Watch
from predictions.notifications.delivery import DeliveryFailed
from tests.predictions.notifications.support import closed_port_mailer
from tests.support.factories import PredictionFactory
from tests.support.ports import free_port

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
SWEEP_AFTER = dt.timedelta(minutes=5)


@pytest.fixture
def mail_server_down(settings):
    settings.MAILERS = closed_port_mailer(free_port())  # nothing listens there
    settings.NOTIFICATION_MAX_ATTEMPTS = 1  # the quick retries are spent at once
    settings.OUTBOX_SLOW_RETRY_SECONDS = 3600
    settings.OUTBOX_GIVE_UP_AFTER_SECONDS = 3 * 24 * 3600


@pytest.fixture
def queued_deliveries(monkeypatch) -> list[int]:
    """The recipients whose delivery was put on the broker, in order."""
    recipients: list[int] = []
    monkeypatch.setattr(
        tasks.deliver_notifications,
        "apply_async",
        lambda args, countdown: recipients.append(args[0]),
    )
    return recipients


def fail_once(recipient_id: int) -> DeliveryFailed:
    with pytest.raises(DeliveryFailed) as failure:
        notifications.deliver_notifications(recipient_id=recipient_id)
    return failure.value


def test_a_failed_row_is_tried_hourly_for_three_days_then_given_up(
    due_prediction, mail_server_down, frozen_now
):
    services.mark_due()
    recipient = due_prediction.filed_by_id
    assert fail_once(recipient).retry_in is None  # no quick retry left: Celery stops
    failed_at = timezone.now()
    row = Notification.objects.get()
    assert (row.status, row.failed_at, row.given_up_at) == ("failed", failed_at, None)
    assert row.next_attempt_at == failed_at + HOUR

    # Not before the hour is up: neither the sweeper nor a delivery takes it.
    frozen_now.shift(HOUR - dt.timedelta(minutes=1))
    assert notifications.recipients_left_pending(older_than=SWEEP_AFTER) == []
    assert notifications.deliver_notifications(recipient_id=recipient).sent == 0

    frozen_now.shift(dt.timedelta(minutes=1))
    tries = 0
    while True:
        # The sweeper takes a failed row as soon as its hour is up.
        assert notifications.recipients_left_pending(older_than=SWEEP_AFTER) == [recipient]
        fail_once(recipient)
        tries += 1
        row = Notification.objects.get()
        assert row.status == "failed"
        if row.given_up_at is not None:
            break
        assert row.next_attempt_at == timezone.now() + HOUR
        assert tries < 100, "never given up"
        frozen_now.shift(HOUR)

    assert tries == 72  # every hour for three days
    assert row.given_up_at == failed_at + 72 * HOUR
    assert row.next_attempt_at is None
    assert row.failed_at == failed_at  # when the slow retries began
    frozen_now.shift(dt.timedelta(days=30))
    assert notifications.recipients_left_pending(older_than=dt.timedelta(0)) == []
    assert notifications.deliver_notifications(recipient_id=recipient).sent == 0


def test_a_failed_row_goes_out_once_the_mail_server_is_back(
    due_prediction, mail_server_down, frozen_now, settings, queued_deliveries
):
    services.mark_due()
    recipient = due_prediction.filed_by_id
    fail_once(recipient)
    frozen_now.shift(5 * HOUR)  # the beat was down too: it is tried when it can be
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    assert tasks.deliver_pending_notifications() == 1  # the sweeper's task
    assert queued_deliveries == [recipient]
    assert tasks.deliver_notifications(recipient) == 1

    row = Notification.objects.get()
    assert (row.status, row.given_up_at) == ("sent", None)
    assert row.message_id == mail.outbox[0].extra_headers["Message-ID"]
    assert len(mail.outbox) == 1


def test_a_new_row_and_a_failed_one_due_again_go_in_one_email(
    due_prediction, mail_server_down, frozen_now, settings, contributor
):
    services.mark_due()
    fail_once(contributor.pk)
    frozen_now.shift(HOUR)
    later = PredictionFactory.create(resolves_on=dt.date(2026, 3, 5), filed_by=contributor)
    Watch.objects.create(user=contributor, prediction=later)
    services.mark_due()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    assert notifications.deliver_notifications(recipient_id=contributor.pk).sent == 2
    assert len(mail.outbox) == 1
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_failed_row_and_a_new_one_failing_together_each_keep_their_own_pace(
    due_prediction, mail_server_down, frozen_now, settings, contributor
):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    services.mark_due()
    for _ in range(3):
        fail_once(contributor.pk)
        frozen_now.shift(HOUR)
    failed = Notification.objects.get()
    assert failed.status == "failed"
    later = PredictionFactory.create(resolves_on=dt.date(2026, 3, 5), filed_by=contributor)
    Watch.objects.create(user=contributor, prediction=later)
    services.mark_due()

    failure = fail_once(contributor.pk)  # both rows, one email, refused

    assert failure.retry_in == dt.timedelta(seconds=settings.NOTIFICATION_RETRY_BACKOFF_SECONDS)
    now = timezone.now()
    old = Notification.objects.get(pk=failed.pk)
    new = Notification.objects.exclude(pk=failed.pk).get()
    assert (old.status, old.next_attempt_at, old.failed_at) == (
        "failed",
        now + HOUR,
        failed.failed_at,
    )
    assert (new.status, new.attempts, new.failed_at) == ("pending", 1, None)


def test_the_admins_retry_starts_a_given_up_row_afresh(due_prediction, mail_server_down, settings):
    settings.OUTBOX_GIVE_UP_AFTER_SECONDS = 0  # the first slow try gives up
    services.mark_due()
    fail_once(due_prediction.filed_by_id)
    Notification.objects.update(next_attempt_at=timezone.now())
    fail_once(due_prediction.filed_by_id)
    assert Notification.objects.get().given_up_at is not None

    assert notifications.retry_failed(Notification.objects.all()) == 1

    row = Notification.objects.get()
    assert (row.status, row.attempts, row.failed_at, row.given_up_at) == ("pending", 0, None, None)
