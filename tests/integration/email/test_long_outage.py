"""A mail server down for three hours, longer than any quick retry: every
email owed during the outage (prediction emails and account emails) arrives
once the server is back, none of them twice.

Three hours pass on time-machine's clock. A Celery worker in another process
would not see that clock, so beat and the worker are played in this process,
tick by tick, by the very tasks they run: beat calls each task of
CELERY_BEAT_SCHEDULE at its interval; the worker runs what was queued with
``delay`` and a delivery's retry at its countdown, as Celery's ``self.retry``
would. The mail goes over SMTP to a real server (aiosmtpd), which is not
listening during the outage. Every retry setting is the production default.
"""

import datetime as dt
import heapq
import itertools
from collections.abc import Callable
from typing import cast

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from accounts import outbox as account_outbox
from accounts import tasks as account_tasks
from accounts.models import AccountEmail
from config.celery import app as celery_app
from predictions import tasks
from predictions.models import Notification, Watch
from predictions.notifications.delivery import DeliveryFailed
from tests.integration.email.support import SITE_URL, due_prediction, readers
from tests.support.factories import UserFactory
from tests.support.smtp_server import SmtpServer

# The worker in another process reads what this test writes: commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

START = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
OUTAGE = dt.timedelta(hours=3)
TICK = dt.timedelta(seconds=30)


class Worker:
    """The broker and a worker: tasks run in the order they are due."""

    def __init__(self) -> None:
        self._queue: list[tuple[dt.datetime, int, str, int]] = []
        self._order = itertools.count()
        self.retries = 0

    def put(self, task: str, argument: int, delay: dt.timedelta = dt.timedelta(0)) -> None:
        heapq.heappush(self._queue, (timezone.now() + delay, next(self._order), task, argument))

    def run_due(self) -> None:
        now = timezone.now()
        while self._queue and self._queue[0][0] <= now:
            _, _, task, argument = heapq.heappop(self._queue)
            if task == "notifications":
                try:
                    tasks.deliver_notifications(argument)
                except DeliveryFailed as failure:
                    # The task asked Celery to retry after retry_in; None ends it.
                    if failure.retry_in is not None:
                        self.retries += 1
                        self.put(task, argument, failure.retry_in)
            else:
                account_tasks.deliver_account_email(argument)


class Beat:
    """Calls each task of CELERY_BEAT_SCHEDULE every ``schedule`` seconds."""

    def __init__(self) -> None:
        now = timezone.now()
        self._every = {
            str(entry["task"]): dt.timedelta(seconds=cast(float, entry["schedule"]))
            for entry in settings.CELERY_BEAT_SCHEDULE.values()
        }
        self._next = {task: now + every for task, every in self._every.items()}

    def run_due(self) -> None:
        now = timezone.now()
        for task, due_at in self._next.items():
            if due_at <= now:
                celery_app.tasks[task]()
                self._next[task] = now + self._every[task]


@pytest.fixture
def worker(monkeypatch) -> Worker:
    worker = Worker()
    monkeypatch.setattr(
        tasks.deliver_notifications,
        "apply_async",
        lambda args, countdown: worker.put("notifications", args[0]),
    )
    monkeypatch.setattr(
        account_tasks.deliver_account_email, "delay", lambda row: worker.put("account", row)
    )
    return worker


def run(
    clock: time_machine.Traveller,
    beat: Beat,
    worker: Worker,
    until: dt.datetime,
    done: Callable[[], bool] = lambda: False,
) -> bool:
    """Tick until ``until`` or until ``done()``; whether it was done."""
    while timezone.now() < until:
        beat.run_due()
        worker.run_due()
        if done():
            return True
        clock.shift(TICK)
    return done()


def owe_due_emails(users: list, count: int) -> int:
    """``count`` predictions past their deadline, each watched by a third of
    ``users`` (some users watch several): beat's next due check owes the
    emails. Returns how many rows that makes."""
    rows = 0
    for n in range(count):
        prediction = due_prediction()
        watchers = users[n % 3 :: 3]
        Watch.objects.bulk_create(Watch(user=user, prediction=prediction) for user in watchers)
        rows += len(watchers)
    return rows


def owe_account_emails(prefix: str, count: int) -> int:
    for n in range(count):
        user = UserFactory(username=f"{prefix}{n}", verified=False)
        account_outbox.queue_account_email(user=user, kind="confirm_email")
    return count


def test_a_three_hour_smtp_outage_loses_no_email_and_sends_none_twice(
    smtp: SmtpServer, worker: Worker, settings
):
    settings.SITE_URL = SITE_URL
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            # Nothing listens on smtp.port until the server is started.
            "OPTIONS": {"host": "127.0.0.1", "port": smtp.port, "timeout": 10},
        }
    }
    with time_machine.travel(START, tick=False) as clock:
        users = readers(30, "reader")
        beat = Beat()
        owed = 0
        # Mail is owed at the start of the outage, an hour in and two hours in.
        for hour in range(3):
            owed += owe_due_emails(users, 3)
            run(clock, beat, worker, until=timezone.now() + dt.timedelta(minutes=30))
            owed += owe_account_emails(f"new{hour}-", 4)
            run(clock, beat, worker, until=START + (hour + 1) * dt.timedelta(hours=1))

        assert timezone.now() >= START + OUTAGE
        assert len(smtp.inbox) == 0
        # The outage outlasted the quick retries of the first mail owed: those
        # rows are failed, left to the hourly retries.
        assert Notification.objects.filter(status="failed").exists()
        assert AccountEmail.objects.filter(status="failed").exists()
        assert not Notification.objects.filter(given_up_at__isnull=False).exists()
        created = Notification.objects.count() + AccountEmail.objects.count()
        assert created == owed

        smtp.start()  # the mail server is back, on the same port

        def all_sent() -> bool:
            return not (
                Notification.objects.exclude(status="sent").exists()
                or AccountEmail.objects.exclude(status="sent").exists()
            )

        delivered = run(
            clock, beat, worker, until=timezone.now() + dt.timedelta(hours=2), done=all_sent
        )
        back_for = timezone.now() - (START + OUTAGE)

    received = smtp.inbox.message_ids()
    notifications = list(Notification.objects.all())
    account_rows = list(AccountEmail.objects.all())
    lost = sum(row.status != "sent" or row.message_id not in received for row in notifications)
    lost += sum(row.status != "sent" for row in account_rows)
    # The prediction emails' Message-IDs say so (predictions.notifications.emails).
    confirmations = [
        m for m in smtp.inbox.messages if not m.message_id.startswith("<notifications.")
    ]
    line = (
        f"emails lost after a 3-hour simulated SMTP outage: {lost} of {created} "
        f"({len(notifications)} prediction emails owed, sent in "
        f"{len(received) - len(confirmations)} messages; {len(account_rows)} account emails); "
        f"duplicated: {smtp.inbox.duplicates()}; "
        f"all out {back_for} after the server came back; {worker.retries} quick retries"
    )
    print(f"\n{line}")
    assert delivered, line
    assert lost == 0, line
    assert smtp.inbox.duplicates() == 0, line
    assert sorted(m.to for m in confirmations) == sorted(row.user.email for row in account_rows)
