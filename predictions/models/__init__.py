"""Predictions, their history, who is told when they fall due, and the outbox."""

from predictions.models.disputes import Dispute
from predictions.models.events import AppendOnlyViolation, PredictionEvent
from predictions.models.heartbeat import Heartbeat
from predictions.models.outbox import Notification
from predictions.models.prediction import Prediction
from predictions.models.search import SearchDocument
from predictions.models.subscriptions import EmailPreferences, Follow, TagFollow, Watch
from predictions.models.tags import Tag
from predictions.models.totals import PersonTagTotals, PersonTotals, TagTotals

__all__ = [
    "AppendOnlyViolation",
    "Dispute",
    "EmailPreferences",
    "Follow",
    "Heartbeat",
    "Notification",
    "PersonTagTotals",
    "PersonTotals",
    "Prediction",
    "PredictionEvent",
    "SearchDocument",
    "Tag",
    "TagFollow",
    "TagTotals",
    "Watch",
]
