"""Sending the outbox: one email per recipient about everything they are
owed, rows no longer owed cancelled, failures kept and retried with a
backoff, and a claim that lets only one delivery send each row."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection

from predictions import notifications, services
from predictions.models import Follow, Notification, Watch
from predictions.notifications import delivery as delivery_module
from predictions.notifications import emails
from predictions.notifications.delivery import DeliveryFailed
from tests.predictions.notifications.support import closed_port_mailer
from tests.support.factories import PredictionFactory, UserFactory
from tests.support.markers import requires_postgres
from tests.support.ports import free_port

pytestmark = pytest.mark.django_db


def test_one_email_lists_every_newly_due_prediction(frozen_now, contributor):
    claims = []
    for day in (1, 2, 3):
        prediction = PredictionFactory.create(
            resolves_on=dt.date(2026, 3, day), filed_by=contributor
        )
        Watch.objects.create(user=contributor, prediction=prediction)
        claims.append(prediction.claim)
    services.mark_due()

    delivery = notifications.deliver_notifications(recipient_id=contributor.pk)

    assert delivery.sent == 3
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert message.subject == "3 predictions are waiting for an outcome"
    for claim in claims:
        assert claim in message.body
    rows = Notification.objects.all()
    assert {row.status for row in rows} == {"sent"}
    assert {row.message_id for row in rows} == {message.extra_headers["Message-ID"]}
    assert all(row.sent_at is not None for row in rows)
    assert all(row.attempts == 1 for row in rows)


def test_rows_no_longer_owed_are_cancelled_not_sent(due_prediction, contributor):
    follower = UserFactory.create(username="pat")
    Follow.objects.create(user=follower, person=due_prediction.predictor)
    services.mark_due()
    Follow.objects.filter(user=follower).delete()
    services.resolve_prediction(prediction=due_prediction, outcome="right", actor=contributor)

    for user in (contributor, follower):
        delivery = notifications.deliver_notifications(recipient_id=user.pk)
        assert (delivery.sent, delivery.cancelled) == (0, 1)

    assert mail.outbox == []
    assert set(Notification.objects.values_list("status", flat=True)) == {"cancelled"}


def test_unsubscribing_cancels_what_is_waiting(due_prediction, contributor):
    services.mark_due()
    notifications.unsubscribe(user_id=contributor.pk, kinds=["due"])

    assert notifications.deliver_notifications(recipient_id=contributor.pk).cancelled == 1
    assert mail.outbox == []


def test_a_refused_send_is_kept_counted_and_retried_until_failed(
    due_prediction, settings, frozen_now
):
    settings.MAILERS = closed_port_mailer(free_port())  # nothing listens there
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_BACKOFF_SECONDS = 60
    services.mark_due()
    recipient = due_prediction.filed_by_id

    for attempt, backoff in ((1, 60), (2, 120)):
        with pytest.raises(DeliveryFailed) as failure:
            notifications.deliver_notifications(recipient_id=recipient)
        assert failure.value.retry_in == dt.timedelta(seconds=backoff)
        row = Notification.objects.get()
        assert (row.status, row.attempts) == ("pending", attempt)
        assert row.last_error.startswith("ConnectionRefusedError")
        assert row.next_attempt_at is not None and row.last_attempt_at is not None
        assert row.next_attempt_at - row.last_attempt_at == dt.timedelta(seconds=backoff)
        # Before its backoff is over nobody tries it: not a retry, not the sweeper.
        assert notifications.deliver_notifications(recipient_id=recipient).sent == 0
        assert notifications.recipients_left_pending(older_than=dt.timedelta(0)) == []
        frozen_now.shift(dt.timedelta(seconds=backoff))

    with pytest.raises(DeliveryFailed) as failure:
        notifications.deliver_notifications(recipient_id=recipient)
    assert failure.value.retry_in is None  # nothing left to retry
    assert Notification.objects.get().status == "failed"

    # An admin's retry makes it pending again, with a fresh set of attempts.
    assert notifications.retry_failed(Notification.objects.all()) == 1
    row = Notification.objects.get()
    assert (row.status, row.attempts, row.last_error) == ("pending", 0, "")
    assert row.next_attempt_at is None


def test_the_sweeper_finds_rows_left_pending_for_a_while(due_prediction, frozen_now):
    services.mark_due()
    after = dt.timedelta(minutes=5)

    assert notifications.recipients_left_pending(older_than=after) == []
    frozen_now.shift(dt.timedelta(minutes=6))
    assert notifications.recipients_left_pending(older_than=after) == [due_prediction.filed_by_id]

    # A row that failed is its task's to retry at its next attempt; the
    # sweeper takes it only if that retry is five minutes late.
    retry_at = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
    Notification.objects.update(next_attempt_at=retry_at)
    frozen_now.shift(dt.timedelta(minutes=14))
    assert notifications.recipients_left_pending(older_than=after) == []
    frozen_now.shift(dt.timedelta(minutes=2))
    assert notifications.recipients_left_pending(older_than=after) == [due_prediction.filed_by_id]

    # A row a delivery holds is left alone until its lease runs out.
    Notification.objects.update(claim="x", claimed_until=dt.datetime.now(dt.UTC) + after)
    assert notifications.recipients_left_pending(older_than=after) == []
    Notification.objects.update(claim="", claimed_until=None)

    Notification.objects.update(status="sent")
    assert notifications.recipients_left_pending(older_than=after) == []


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_send_one_email(due_prediction):
    """A retry and the sweeper's task racing for the same rows: the claim is a
    compare-and-set, so one of them sends and the other finds nothing."""
    services.mark_due()
    recipient = due_prediction.filed_by_id
    start = threading.Barrier(2)
    sent: list[int] = []

    def deliver():
        start.wait()
        try:
            sent.append(notifications.deliver_notifications(recipient_id=recipient).sent)
        finally:
            connection.close()

    workers = [threading.Thread(target=deliver) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)

    assert sorted(sent) == [0, 1]
    assert len(mail.outbox) == 1


def test_rows_a_dead_delivery_held_are_sent_again_as_they_were(frozen_now, contributor, settings):
    """A worker killed after the SMTP server took the message: its rows wait
    out the lease, then go again together, with the same Message-ID; a row
    owed since goes in an email of its own."""
    first, second, later = (
        PredictionFactory.create(resolves_on=dt.date(2026, 3, day), filed_by=contributor)
        for day in (1, 2, 9)
    )
    for prediction in (first, second, later):
        Watch.objects.create(user=contributor, prediction=prediction)
    services.mark_due(today=dt.date(2026, 3, 5))  # first and second
    assert delivery_module._claim(contributor.pk) is not None  # ...and the worker dies
    held = sorted(Notification.objects.values_list("pk", flat=True))
    services.mark_due()  # later comes due meanwhile

    assert notifications.deliver_notifications(recipient_id=contributor.pk).sent == 1  # later
    frozen_now.shift(dt.timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS + 1))
    again = notifications.deliver_notifications(recipient_id=contributor.pk)

    assert (again.sent, again.more) == (2, False)
    assert [m.extra_headers["Message-ID"] for m in mail.outbox][1] == emails.message_id(held)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_after_a_dead_workers_batch_the_newer_rows_follow(frozen_now, contributor, settings):
    for day in (1, 9):
        prediction = PredictionFactory.create(
            resolves_on=dt.date(2026, 3, day), filed_by=contributor
        )
        Watch.objects.create(user=contributor, prediction=prediction)
    services.mark_due(today=dt.date(2026, 3, 5))
    delivery_module._claim(contributor.pk)  # the worker dies
    services.mark_due()
    frozen_now.shift(dt.timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS + 1))

    first = notifications.deliver_notifications(recipient_id=contributor.pk)
    assert (first.sent, first.more) == (1, True)  # the held batch, alone
    second = notifications.deliver_notifications(recipient_id=contributor.pk)
    assert (second.sent, second.more) == (1, False)
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("count", [1, 6])
def test_one_email_costs_the_same_queries_whatever_it_lists(
    frozen_now, contributor, django_assert_num_queries, count
):
    for day in range(1, count + 1):
        prediction = PredictionFactory.create(
            resolves_on=dt.date(2026, 3, day), filed_by=contributor
        )
        Watch.objects.create(user=contributor, prediction=prediction)
    services.mark_due()

    # Claim the rows (look for a dead delivery's batch, then the UPDATE), load
    # them with their predictions, people and sources, four queries for who
    # still wants them, mark them sent, and ask whether any are left; and her
    # permissions, directly and through her groups (two queries, once: is she
    # an editor, or may she only propose an outcome).
    with django_assert_num_queries(11):
        assert notifications.deliver_notifications(recipient_id=contributor.pk).sent == count
