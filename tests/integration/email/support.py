"""Helpers of the end-to-end email tests: the workers' settings, due
predictions and readers made fast, and the tally the fault tests print:
``created=N delivered=N duplicated=N emails=N``, the outbox rows written, the
rows marked sent whose Message-ID the SMTP server received, the messages
that arrived again with a Message-ID already seen, and all the messages the
server accepted."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from predictions.models import Notification, Prediction
from tests.support.factories import PredictionFactory
from tests.support.smtp_server import Inbox, SmtpServer
from tests.support.worker import CeleryProcesses

# Links in the fault tests' emails are never followed; only their host shows,
# in the Message-ID.
SITE_URL = "http://hindsight.test"

SENT = Notification.Status.SENT
PENDING = Notification.Status.PENDING


def worker_settings(smtp: SmtpServer, **overrides: str) -> dict[str, str]:
    return {
        "EMAIL_URL": smtp.url,
        "SITE_URL": SITE_URL,
        "DUE_CHECK_SECONDS": "1",
        "NOTIFICATION_RETRY_BACKOFF_SECONDS": "1",
        "NOTIFICATION_RETRY_BACKOFF_MAX_SECONDS": "2",
        # A killed worker's rows are free to be claimed again this soon.
        "NOTIFICATION_CLAIM_SECONDS": "3",
        "NOTIFICATION_SWEEP_SECONDS": "1",
        "NOTIFICATION_SWEEP_AFTER_SECONDS": "3",
        **overrides,
    }


def due_prediction(**fields) -> Prediction:
    """Open, its deadline two days gone: beat's next check makes it due."""
    deadline = timezone.localdate() - dt.timedelta(days=2)
    return PredictionFactory.create(
        made_on=deadline - dt.timedelta(days=30), resolves_on=deadline, **fields
    )


def readers(count: int, prefix: str) -> list:
    """``count`` users with confirmed addresses, made in two queries."""
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.com") for n in range(count)
    )
    contribute = Permission.objects.get(
        content_type__app_label="predictions", codename="contribute"
    )
    contribute.user_set.add(*users)
    return users


def all_sent(expected_rows: int):
    def check() -> bool:
        rows = Notification.objects.all()
        return rows.count() == expected_rows and not rows.exclude(status=SENT).exists()

    return check


def tally(inbox: Inbox) -> dict[str, int]:
    received = inbox.message_ids()
    rows = list(Notification.objects.all())
    return {
        "created": len(rows),
        "delivered": sum(row.status == SENT and row.message_id in received for row in rows),
        "duplicated": inbox.duplicates(),
        "emails": len(inbox),
    }


def logged(processes: CeleryProcesses, *words: str) -> bool:
    """Some line of the processes' logs holds all these words."""
    return any(all(word in line for word in words) for line in processes.log().splitlines())


def summary(counts: dict[str, int]) -> str:
    return " ".join(f"{name}={value}" for name, value in counts.items())


def report(counts: dict[str, int]) -> str:
    line = summary(counts)
    print(f"\n{line}")
    return line
