"""/healthz and `manage.py health` report the outbox and the beat: rows owed
a try nobody made (dead workers or sweeper), rows that failed in the last day
(the mail server refusing), and when the due check last completed (a dead
beat). Mail and beat problems make the report red: `manage.py health` exits
1 and `/healthz` answers 503; `/healthz?serving`, the load balancer's probe,
stays 200 so that late mail does not take the site down (docs/deploy.md)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AccountEmail
from predictions import heartbeats
from predictions.models import Notification
from tests.support.factories import PredictionFactory, UserFactory

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def intervals(settings):
    settings.DUE_CHECK_SECONDS = 300  # red once 10 minutes have passed without one
    settings.NOTIFICATION_SWEEP_SECONDS = 120
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 300  # overdue after 300 + 120 + 60 s
    settings.ACCOUNT_EMAIL_SWEEP_SECONDS = 60
    settings.ACCOUNT_EMAIL_SWEEP_AFTER_SECONDS = 180  # overdue after 180 + 60 + 60 s


@pytest.fixture
def beating(intervals, frozen_now):
    heartbeats.record(heartbeats.DUE_CHECK)
    return frozen_now


def notification(**fields) -> Notification:
    return Notification.objects.create(
        recipient=UserFactory(), prediction=PredictionFactory(), kind="due", **fields
    )


def report(client, query: str = "") -> tuple[int, dict]:
    response = client.get(f"/healthz{query}")
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def command() -> tuple[int, dict]:
    """What `manage.py health` printed, and its exit code."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("health", stdout=out)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, json.loads(out.getvalue())


def test_all_green(client, beating):
    beating.shift(MINUTE)

    status, body = report(client)

    assert status == 200
    assert body == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "due_check": {
            "status": "ok",
            "completed_at": "2026-03-10T12:00:00Z",
            "age_seconds": 60,
            "limit_seconds": 600,
        },
        "outbox": {
            "notifications": {
                "status": "ok",
                "overdue": 0,
                "retrying": 0,
                "failed_last_day": 0,
                "given_up_last_day": 0,
            },
            "account_emails": {
                "status": "ok",
                "overdue": 0,
                "retrying": 0,
                "failed_last_day": 0,
                "given_up_last_day": 0,
            },
        },
        "problems": [],
    }
    assert report(client, "?serving")[0] == 200
    assert command() == (0, body)


def test_a_stale_due_check_is_red(client, beating):
    beating.shift(10 * MINUTE + dt.timedelta(seconds=1))  # beat (or every worker) died

    status, body = report(client)

    assert status == 503
    assert report(client, "?serving")[0] == 200  # the site itself still serves
    assert body["status"] == "red"
    assert body["due_check"] == {
        "status": "red",
        "completed_at": "2026-03-10T12:00:00Z",
        "age_seconds": 601,
        "limit_seconds": 600,
    }
    assert body["problems"] == ["The due check last completed 601 s ago (limit 600 s)."]
    assert command() == (1, body)


def test_a_due_check_that_never_ran_is_red(client, intervals, frozen_now):
    status, body = report(client)

    assert (status, body["status"]) == (503, "red")
    assert body["due_check"] == {
        "status": "red",
        "completed_at": None,
        "age_seconds": None,
        "limit_seconds": 600,
    }
    assert body["problems"] == ["The due check has never completed."]
    assert report(client, "?serving")[0] == 200  # a fresh install can serve
    assert command()[0] == 1


def test_a_row_owed_a_try_that_nobody_made_is_red(client, beating):
    notification()
    beating.shift(8 * MINUTE)
    heartbeats.record(heartbeats.DUE_CHECK)
    assert report(client)[1]["status"] == "ok"  # the sweeper may yet take it

    beating.shift(MINUTE)  # 9 minutes: the sweeper should have sent it by now
    heartbeats.record(heartbeats.DUE_CHECK)
    status, body = report(client)

    assert (status, body["status"]) == (503, "red")
    assert body["outbox"]["notifications"]["overdue"] == 1
    assert body["outbox"]["notifications"]["status"] == "red"
    assert body["problems"] == ["1 prediction email(s) owed a try that nobody made."]
    assert command()[0] == 1


def test_a_row_under_a_live_claim_or_waiting_for_its_retry_is_not_overdue(client, beating):
    now = timezone.now()
    notification(claim="a" * 32, claimed_until=now + 5 * MINUTE)
    notification(attempts=2, last_error="SMTPServerDisconnected", next_attempt_at=now + 2 * MINUTE)
    beating.shift(9 * MINUTE)
    heartbeats.record(heartbeats.DUE_CHECK)
    # The retry is 7 minutes late and the claim 4 minutes gone: the sweeper
    # takes them at its next run, so they are not overdue yet.

    notifications = report(client)[1]["outbox"]["notifications"]

    assert (notifications["overdue"], notifications["retrying"]) == (0, 1)


def test_a_failed_row_whose_hourly_retry_is_late_is_overdue(client, beating):
    notification(status="failed", failed_at=timezone.now(), next_attempt_at=timezone.now())
    beating.shift(9 * MINUTE)
    heartbeats.record(heartbeats.DUE_CHECK)

    assert report(client)[1]["outbox"]["notifications"]["overdue"] == 1


def test_rows_that_failed_in_the_last_day_are_red(client, beating):
    now = timezone.now()
    notification(
        status="failed", last_attempt_at=now, failed_at=now, next_attempt_at=now + 60 * MINUTE
    )
    notification(status="failed", last_attempt_at=now, failed_at=now, given_up_at=now)
    # Failed and given up more than a day ago: the admin's list, not the alarm.
    long_ago = now - dt.timedelta(days=2)
    notification(
        status="failed", last_attempt_at=long_ago, failed_at=long_ago, given_up_at=long_ago
    )
    AccountEmail.objects.create(
        user=UserFactory(),
        kind="confirm_email",
        status="failed",
        last_attempt_at=now,
        failed_at=now,
        next_attempt_at=now + 60 * MINUTE,
    )

    status, body = report(client)

    assert (status, body["status"]) == (503, "red")
    assert body["outbox"]["notifications"] == {
        "status": "red",
        "overdue": 0,
        "retrying": 0,
        "failed_last_day": 2,
        "given_up_last_day": 1,
    }
    assert body["outbox"]["account_emails"]["failed_last_day"] == 1
    assert body["problems"] == [
        "2 prediction email(s) failed in the last day, 1 of them given up.",
        "1 account email(s) failed in the last day, 0 of them given up.",
    ]
    assert command()[0] == 1


def test_rows_the_mail_server_refused_lately_are_a_warning(client, beating):
    now = timezone.now()
    notification(attempts=1, last_error="ConnectionRefusedError", next_attempt_at=now + MINUTE)

    status, body = report(client)

    assert (status, body["status"]) == (200, "warn")
    assert body["outbox"]["notifications"]["status"] == "warn"
    assert body["problems"] == ["1 prediction email(s) refused lately, being retried."]
    assert report(client, "?serving")[0] == 200
    assert command()[0] == 0


def test_an_account_email_left_pending_is_red(client, beating):
    AccountEmail.objects.create(user=UserFactory(), kind="password_reset")
    beating.shift(5 * MINUTE + dt.timedelta(seconds=1))
    heartbeats.record(heartbeats.DUE_CHECK)

    body = report(client)[1]

    assert body["status"] == "red"
    assert body["outbox"]["account_emails"]["overdue"] == 1
    assert body["problems"] == ["1 account email(s) owed a try that nobody made."]
