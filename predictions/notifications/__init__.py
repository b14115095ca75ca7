"""Who hears about a prediction and how: subscriptions (watching, following),
preferences, the outbox, delivery, the emails and their signed links."""

from predictions.notifications.delivery import (
    deliver_notifications,
    recipients_left_pending,
    retry_failed,
)
from predictions.notifications.outbox import enqueue_deliveries
from predictions.notifications.preferences import set_email_preferences, unsubscribe
from predictions.notifications.reminders import queue_reminders
from predictions.notifications.subscriptions import (
    follow,
    follow_tag,
    unfollow,
    unfollow_tag,
    unwatch,
    watch,
)

__all__ = [
    "deliver_notifications",
    "enqueue_deliveries",
    "follow",
    "follow_tag",
    "queue_reminders",
    "recipients_left_pending",
    "retry_failed",
    "set_email_preferences",
    "unfollow",
    "unfollow_tag",
    "unsubscribe",
    "unwatch",
    "watch",
]
