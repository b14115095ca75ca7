"""The outbox: who is owed an email when a prediction comes due, written in
the same transaction as the flip, one email per recipient, delivered once."""

import datetime as dt
import email.policy
import re
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from config.celery import app as celery_app
from predictions import notifications, services, tasks
from predictions.models import (
    EmailPreferences,
    Follow,
    Notification,
    Prediction,
    PredictionEvent,
    TagFollow,
    Watch,
)
from predictions.notifications import delivery as delivery_module
from predictions.notifications import emails
from predictions.notifications.delivery import DeliveryFailed
from predictions.services import due as due_module
from tests.support.factories import PredictionFactory, UserFactory
from tests.support.markers import requires_postgres
from tests.support.ports import free_port

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2026, 3, 1)  # passed on frozen_now, 10 March 2026


@pytest.fixture
def due_prediction(frozen_now, contributor):
    """An open prediction past its deadline, filed (and so watched) by alice."""
    prediction = PredictionFactory(
        made_on=dt.date(2026, 2, 1), resolves_on=DEADLINE, filed_by=contributor
    )
    prediction.tags.create(name="AI", slug="ai")
    Watch.objects.create(user=contributor, prediction=prediction)
    return prediction


def owed(kind="due") -> set[tuple[str, int]]:
    return {
        (username, prediction_id)
        for username, prediction_id in Notification.objects.filter(kind=kind).values_list(
            "recipient__username", "prediction_id"
        )
    }


def test_the_flip_owes_one_due_email_per_recipient(due_prediction, contributor):
    watcher = UserFactory(username="wendy")
    Watch.objects.create(user=watcher, prediction=due_prediction)
    Follow.objects.create(user=UserFactory(username="pat"), person=due_prediction.predictor)
    TagFollow.objects.create(user=UserFactory(username="tess"), tag=due_prediction.tags.get())
    # Watching and following at once is still one email.
    Follow.objects.create(user=watcher, person=due_prediction.predictor)
    Watch.objects.create(
        user=UserFactory(username="noaddress", email=""), prediction=due_prediction
    )
    Watch.objects.create(
        user=UserFactory(username="gone", is_active=False), prediction=due_prediction
    )
    opted_out = UserFactory(username="quiet")
    Watch.objects.create(user=opted_out, prediction=due_prediction)
    EmailPreferences.objects.create(user=opted_out, due_emails=False)
    PredictionFactory(resolves_on=dt.date(2026, 4, 1), filed_by=contributor)  # not due yet

    assert services.mark_due() == 1

    pk = due_prediction.pk
    assert owed() == {("alice", pk), ("wendy", pk), ("pat", pk), ("tess", pk)}
    assert set(Notification.objects.values_list("status", "sequence")) == {("pending", 0)}


def test_a_second_run_owes_nothing_more(due_prediction):
    services.mark_due()
    Prediction.objects.filter(pk=due_prediction.pk).update(status="open")  # as if never flipped

    services.mark_due()

    assert Notification.objects.count() == 1


def test_if_the_outbox_write_fails_the_flip_is_undone_too(due_prediction, monkeypatch):
    def write_then_fail(ids, kind):
        due_module.Notification.objects.bulk_create(
            [Notification(recipient=due_prediction.filed_by, prediction_id=ids[0], kind=kind)]
        )
        raise RuntimeError("the database went away")

    monkeypatch.setattr(due_module, "write_notifications", write_then_fail)

    with pytest.raises(RuntimeError):
        services.mark_due()

    due_prediction.refresh_from_db()
    assert due_prediction.status == "open"
    assert not PredictionEvent.objects.exists()
    assert not Notification.objects.exists()


def test_deliveries_are_queued_once_per_recipient_after_commit(
    frozen_now, contributor, monkeypatch, django_capture_on_commit_callbacks
):
    for day in (1, 2, 3):
        prediction = PredictionFactory(resolves_on=dt.date(2026, 3, day), filed_by=contributor)
        Watch.objects.create(user=contributor, prediction=prediction)
    queued: list[list[int]] = []
    monkeypatch.setattr(
        "predictions.notifications.outbox.enqueue_deliveries", lambda ids: queued.append(ids)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.mark_due(batch_size=2)  # two batches, still one delivery

    assert queued == [[contributor.pk]]


def test_one_email_lists_every_newly_due_prediction(frozen_now, contributor):
    claims = []
    for day in (1, 2, 3):
        prediction = PredictionFactory(resolves_on=dt.date(2026, 3, day), filed_by=contributor)
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


def test_the_email_has_both_parts_the_links_and_the_unsubscribe_headers(due_prediction, settings):
    settings.SITE_URL = "https://hindsight.example"
    services.mark_due()

    notifications.deliver_notifications(recipient_id=due_prediction.filed_by_id)

    message = mail.outbox[0]
    assert message.subject == f"Did it happen? “{due_prediction.claim}”"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    headers = message.extra_headers
    assert headers["List-Unsubscribe"].startswith("<https://hindsight.example/email/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Message-ID"].endswith("@hindsight.example>")
    for outcome in ("right", "wrong", "partly_right", "unresolvable"):
        assert f"?outcome={outcome}" in message.body
        assert f"?outcome={outcome}" in html
    page = f"https://hindsight.example/predictions/{due_prediction.pk}/"
    assert page in message.body and page in html
    assert "“It will happen" not in message.body  # no statement on this prediction


def test_the_quote_source_and_deadline_phrase_are_in_the_email(frozen_now, contributor):
    prediction = services.file_claim(
        filed_by=contributor,
        claim="OpenAI releases the weights of a model",
        predictor="Sam Example",
        quote="We may open source our models within the next month.",
        source_url="https://news.example.com/openai",
        source_title="OpenAI may open up",
        made_on=dt.date(2026, 2, 10),
        deadline_text="within the next month",
    )
    frozen_now.shift(dt.timedelta(days=1))  # the deadline, 10 March, has passed
    services.mark_due()

    notifications.deliver_notifications(recipient_id=contributor.pk)

    body = mail.outbox[0].body
    html = mail.outbox[0].alternatives[0][0]
    assert "“We may open source our models within the next month.”" in body
    assert "Sam Example, OpenAI may open up <https://news.example.com/openai>" in body
    assert "Deadline:     10 March 2026 (“within the next month”)" in body
    assert 'href="https://news.example.com/openai"' in html
    assert Notification.objects.get().prediction == prediction


def test_only_who_may_resolve_gets_outcome_links(due_prediction, editor):
    follower = UserFactory(username="pat")
    for user in (follower, editor):
        Follow.objects.create(user=user, person=due_prediction.predictor)
    services.mark_due()

    for user in (due_prediction.filed_by, follower, editor):
        notifications.deliver_notifications(recipient_id=user.pk)

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "?outcome=wrong" in bodies["alice@example.com"]
    assert "?outcome=wrong" in bodies["charlie@example.com"]
    assert "?outcome=" not in bodies["pat@example.com"]
    assert f"/predictions/{due_prediction.pk}/" in bodies["pat@example.com"]


def test_rows_no_longer_owed_are_cancelled_not_sent(due_prediction, contributor):
    follower = UserFactory(username="pat")
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


def closed_port_mailer(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }


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


def reminders() -> list[tuple[str, int]]:
    return list(
        Notification.objects.filter(kind="overdue_reminder")
        .order_by("sequence", "recipient__username")
        .values_list("recipient__username", "sequence")
    )


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


def test_a_prediction_filed_after_its_deadline_is_recalled_a_week_after_filing(
    frozen_now, contributor
):
    services.file_claim(
        filed_by=contributor,
        claim="It happened last year",
        predictor="Pat Pundit",
        made_on=dt.date(2025, 1, 1),
        resolves_on=dt.date(2025, 6, 1),
    )
    frozen_now.shift(dt.timedelta(days=6))
    assert notifications.queue_reminders() == 0
    frozen_now.shift(dt.timedelta(days=1))
    assert notifications.queue_reminders() == 1


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


def test_a_reminder_says_so(due_prediction, frozen_now):
    services.mark_due()
    notifications.deliver_notifications(recipient_id=due_prediction.filed_by_id)
    frozen_now.shift(dt.timedelta(days=7))
    notifications.queue_reminders()

    notifications.deliver_notifications(recipient_id=due_prediction.filed_by_id)

    reminder = mail.outbox[1]
    assert reminder.subject == f"Still unresolved: “{due_prediction.claim}”"
    assert "Reminder 1 of 4" in reminder.body
    assert "Stop reminders:" in reminder.body


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
        PredictionFactory(resolves_on=dt.date(2026, 3, day), filed_by=contributor)
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
        prediction = PredictionFactory(resolves_on=dt.date(2026, 3, day), filed_by=contributor)
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


def test_the_delivery_task_sends_and_the_sweeper_queues(due_prediction, frozen_now, settings):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 60
    services.mark_due()
    queued = []
    celery_app.conf.task_always_eager = True
    try:
        frozen_now.shift(dt.timedelta(minutes=2))
        from unittest import mock

        with mock.patch.object(tasks.deliver_notifications, "delay", queued.append):
            assert tasks.deliver_pending_notifications.apply().get() == 1
        assert queued == [due_prediction.filed_by_id]
        assert tasks.deliver_notifications.apply(args=[queued[0]]).get() == 1
    finally:
        celery_app.conf.task_always_eager = False
    assert len(mail.outbox) == 1


def test_the_commands_work_without_celery(due_prediction, frozen_now, capsys):
    call_command("check_due")
    call_command("send_pending")

    out = capsys.readouterr().out.splitlines()
    assert out == [
        "1 prediction became due.",
        "0 reminders owed.",
        "Sent 1 notification(s); cancelled 0 no longer owed; 0 recipient(s) failed.",
    ]
    assert len(mail.outbox) == 1
    assert Notification.objects.get().status == "sent"


def test_send_pending_reports_a_failure_and_exits_non_zero(due_prediction, settings, capsys):
    settings.MAILERS = closed_port_mailer(free_port())
    services.mark_due()

    with pytest.raises(SystemExit) as exit_:
        call_command("send_pending")

    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert "1 recipient(s) failed" in captured.out
    assert "ConnectionRefusedError" in captured.err
    assert Notification.objects.get().attempts == 1


def test_the_reminder_check_costs_the_same_however_many_are_overdue(
    frozen_now, contributor, django_assert_num_queries
):
    for day in range(1, 8):
        prediction = PredictionFactory(resolves_on=dt.date(2026, 3, day), filed_by=contributor)
        Watch.objects.create(user=contributor, prediction=prediction)
    services.mark_due()
    frozen_now.shift(dt.timedelta(days=7))

    # The overdue predictions with their last reminders, then four queries to
    # find the recipients and one insert, inside a savepoint.
    with django_assert_num_queries(8):
        assert notifications.queue_reminders() == 7
    # Beat's next run, a few minutes later: nothing to write, one query.
    with django_assert_num_queries(1):
        assert notifications.queue_reminders() == 0


@pytest.mark.parametrize("count", [1, 6])
def test_one_email_costs_the_same_queries_whatever_it_lists(
    frozen_now, contributor, django_assert_num_queries, count
):
    for day in range(1, count + 1):
        prediction = PredictionFactory(resolves_on=dt.date(2026, 3, day), filed_by=contributor)
        Watch.objects.create(user=contributor, prediction=prediction)
    services.mark_due()

    # Claim the rows (look for a dead delivery's batch, then the UPDATE), load
    # them with their predictions, people and sources, four queries for who
    # still wants them, mark them sent, and ask whether any are left.
    # (Alice filed them, so she may resolve them without asking her groups.)
    with django_assert_num_queries(9):
        assert notifications.deliver_notifications(recipient_id=contributor.pk).sent == count


@pytest.mark.parametrize("policy", [email.policy.default, email.policy.SMTP])
def test_the_unsubscribe_header_is_a_plain_url_on_the_wire(due_prediction, settings, policy):
    """As the file and SMTP backends flatten it: not folded into RFC 2047
    encoded words, which mail clients would not read as a URL."""
    settings.SITE_URL = "https://hindsight.example"
    services.mark_due()
    notifications.deliver_notifications(recipient_id=due_prediction.filed_by_id)

    raw = mail.outbox[0].message(policy=policy).as_bytes()

    [header] = [line for line in raw.splitlines() if line.startswith(b"List-Unsubscribe:")]
    assert re.fullmatch(
        rb"List-Unsubscribe: <https://hindsight\.example/email/unsubscribe/\S+/>", header
    )
    assert b"=?utf-8?" not in header
    assert b"Content-Transfer-Encoding: quoted-printable" in raw  # the bodies as before
