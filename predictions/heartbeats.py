"""When the periodic jobs last completed (predictions.models.Heartbeat), for
the health check: a beat or a worker pool that has died leaves no error
anywhere, only a job that stops running."""

from datetime import datetime

from django.utils import timezone

from predictions.models import Heartbeat

DUE_CHECK = Heartbeat.DUE_CHECK


def record(name: str) -> None:
    """The job ``name`` has just completed. One UPDATE (an INSERT the first time)."""
    now = timezone.now()
    if not Heartbeat.objects.filter(name=name).update(completed_at=now):
        Heartbeat.objects.update_or_create(name=name, defaults={"completed_at": now})


def last_completed(name: str) -> datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("completed_at", flat=True).first()
