"""Every write to the ledger's predictions.

Each service is keyword-only, runs in one transaction, writes the
PredictionEvent that records it, bumps ``version`` and raises a domain error
(predictions.exceptions) instead of half-doing anything. The web form, the API
and the email links all call these same functions.
"""

from predictions.services._common import status_for_deadline
from predictions.services.due import mark_due
from predictions.services.filing import file_claim
from predictions.services.lifecycle import (
    EDITABLE_FIELDS,
    edit_prediction,
    reopen_prediction,
    resolve_prediction,
    withdraw_prediction,
)
from predictions.services.watching import follow, unfollow, unwatch, watch

__all__ = [
    "EDITABLE_FIELDS",
    "edit_prediction",
    "file_claim",
    "follow",
    "mark_due",
    "reopen_prediction",
    "resolve_prediction",
    "status_for_deadline",
    "unfollow",
    "unwatch",
    "watch",
    "withdraw_prediction",
]
