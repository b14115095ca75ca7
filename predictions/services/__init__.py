"""Every write to the ledger's predictions.

Each service is keyword-only, runs in one transaction, writes the
PredictionEvent that records it, bumps ``version`` and raises a domain error
(predictions.exceptions) instead of half-doing anything. The web form, the API
and the email links all call these same functions.
"""

from predictions.services._common import status_for_deadline
from predictions.services.delivery import (
    deliver_notifications,
    recipients_left_pending,
    retry_failed,
)
from predictions.services.due import mark_due
from predictions.services.filing import file_claim
from predictions.services.lifecycle import (
    EDITABLE_FIELDS,
    edit_prediction,
    reopen_prediction,
    resolve_prediction,
    withdraw_prediction,
)
from predictions.services.notifying import enqueue_deliveries, queue_reminders
from predictions.services.preferences import set_email_preferences, unsubscribe
from predictions.services.watching import (
    follow,
    follow_tag,
    unfollow,
    unfollow_tag,
    unwatch,
    watch,
)

__all__ = [
    "EDITABLE_FIELDS",
    "deliver_notifications",
    "edit_prediction",
    "enqueue_deliveries",
    "file_claim",
    "follow",
    "follow_tag",
    "mark_due",
    "queue_reminders",
    "recipients_left_pending",
    "reopen_prediction",
    "resolve_prediction",
    "retry_failed",
    "set_email_preferences",
    "status_for_deadline",
    "unfollow",
    "unfollow_tag",
    "unsubscribe",
    "unwatch",
    "watch",
    "withdraw_prediction",
]
