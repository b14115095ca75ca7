"""Rows that had failed before the slow retries came in (predictions 0010,
accounts 0004): those that failed within three days join the hourly
retries, older ones are recorded as given up, so a release does not send
mail asked for long ago."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.support.migrations import LATEST, migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("predictions", "0010_correction_events"), ("accounts", "0003_unique_email_address")]


@pytest.fixture
def migrate():
    yield migrate_to
    migrate_to(LATEST)


def test_failed_rows_join_the_hourly_retries_or_are_given_up(migrate):
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Person = apps.get_model("sources", "Person")
    Prediction = apps.get_model("predictions", "Prediction")
    Notification = apps.get_model("predictions", "Notification")
    AccountEmail = apps.get_model("accounts", "AccountEmail")
    alice = User.objects.create(username="alice", email="alice@example.com")
    predictor = Person.objects.create(name="A", slug="a")
    now = timezone.now()
    lately, long_ago = now - dt.timedelta(days=1), now - dt.timedelta(days=5)
    for n, tried in enumerate((lately, long_ago)):
        prediction = Prediction.objects.create(
            claim=f"It happens {n}",
            predictor=predictor,
            made_on="2026-01-01",
            resolves_on="2026-02-01",
        )
        Notification.objects.create(
            recipient=alice,
            prediction=prediction,
            kind="due",
            status="failed",
            attempts=8,
            last_attempt_at=tried,
            next_attempt_at=tried + dt.timedelta(minutes=30),
        )
        AccountEmail.objects.create(
            user=alice, kind="password_reset", status="failed", attempts=5, last_attempt_at=tried
        )
    Notification.objects.create(
        recipient=alice, prediction=prediction, kind="overdue_reminder", sequence=1
    )

    apps = migrate(LATEST)

    for model in (
        apps.get_model("predictions", "Notification"),
        apps.get_model("accounts", "AccountEmail"),
    ):
        failed = model.objects.filter(status="failed")
        recent = failed.get(last_attempt_at=lately)
        assert (recent.failed_at, recent.given_up_at) == (lately, None)
        assert now <= recent.next_attempt_at <= timezone.now()  # at the next sweep
        old = failed.get(last_attempt_at=long_ago)
        assert (old.failed_at, old.given_up_at, old.next_attempt_at) == (long_ago, long_ago, None)
    pending = apps.get_model("predictions", "Notification").objects.get(status="pending")
    assert (pending.failed_at, pending.given_up_at) == (None, None)
