"""Every change of a prediction's state.

Each service is keyword-only, runs in one transaction, writes the
PredictionEvent that records it, bumps ``version`` and raises a domain error
(core.errors) instead of half-doing anything. The web form, the API, the admin
and the email links all call these same functions. Who hears about a change
is predictions.notifications.
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

__all__ = [
    "EDITABLE_FIELDS",
    "edit_prediction",
    "file_claim",
    "mark_due",
    "reopen_prediction",
    "resolve_prediction",
    "status_for_deadline",
    "withdraw_prediction",
]
