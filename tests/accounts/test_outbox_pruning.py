"""The account emails' outbox is pruned like the prediction emails': rows
sent, cancelled or given up longer ago than OUTBOX_RETENTION_DAYS go."""

import datetime as dt

import pytest

from accounts import outbox, tasks
from accounts.models import AccountEmail
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_finished_rows_past_the_retention_go_and_the_rest_stay(frozen_now, settings):
    settings.OUTBOX_RETENTION_DAYS = 35
    user = UserFactory(username="erin", verified=False)
    sent = outbox.queue_account_email(user=user, kind="confirm_email")
    assert outbox.deliver(sent.pk) == "sent"
    pending = outbox.queue_account_email(user=user, kind="password_reset")
    failed = outbox.queue_account_email(user=user, kind="password_reset")
    AccountEmail.objects.filter(pk=failed.pk).update(
        status="failed", failed_at=dt.datetime(2026, 3, 10, tzinfo=dt.UTC)
    )

    frozen_now.shift(dt.timedelta(days=34))
    assert tasks.prune_account_emails() == 0
    frozen_now.shift(dt.timedelta(days=2))
    young = outbox.queue_account_email(user=user, kind="confirm_email")
    AccountEmail.objects.filter(pk=young.pk).update(status="cancelled")

    assert tasks.prune_account_emails() == 1
    assert set(AccountEmail.objects.values_list("pk", flat=True)) == {
        pending.pk,
        failed.pk,
        young.pk,
    }
