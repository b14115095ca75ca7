"""Pruning the prediction emails' outbox (core/outbox_pruning.py)."""

from datetime import datetime

from core import outbox_pruning
from predictions.models import Notification


def prune_notifications(*, now: datetime | None = None) -> int:
    """Delete the rows sent, cancelled or given up longer ago than
    OUTBOX_RETENTION_DAYS; returns how many went."""
    return outbox_pruning.prune(Notification, now=now)
