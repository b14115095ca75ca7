"""Helpers for filling and reading the outbox in tests."""

import datetime as dt

from predictions import services
from predictions.models import Notification, Watch
from tests.support.factories import PersonFactory, PredictionFactory


def owe(user, count: int) -> None:
    """``count`` predictions past their deadline, watched by ``user``, made due."""
    predictor = PersonFactory()
    predictions = [
        PredictionFactory.create(
            predictor=predictor, made_on=dt.date(2026, 1, 5), resolves_on=dt.date(2026, 3, 1)
        )
        for _ in range(count)
    ]
    Watch.objects.bulk_create(Watch(user=user, prediction=p) for p in predictions)
    services.mark_due()


def owed(kind="due") -> set[tuple[str, int]]:
    """(recipient's username, prediction id) of every row of that kind."""
    return set(
        Notification.objects.filter(kind=kind).values_list("recipient__username", "prediction_id")
    )


def reminders() -> list[tuple[str, int]]:
    """(recipient's username, sequence) of every reminder, in order."""
    return list(
        Notification.objects.filter(kind="overdue_reminder")
        .order_by("due_round", "sequence", "recipient__username")
        .values_list("recipient__username", "sequence")
    )


def closed_port_mailer(port: int) -> dict:
    """A mailer that connects to a port where nothing listens."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
