"""Every change of a prediction's state.

Each service is keyword-only, runs in one transaction, writes the
PredictionEvent that records it, bumps ``version`` and raises a domain error
(core.errors) instead of half-doing anything. The web form, the API, the admin
and the email links all call these same functions. Who hears about a change
is predictions.notifications.
"""

from predictions.services._common import status_for_deadline
from predictions.services.disputes import disputable_subjects, open_dispute, settle_dispute
from predictions.services.due import mark_due
from predictions.services.filing import file_claim
from predictions.services.lifecycle import (
    EDITABLE_FIELDS,
    edit_prediction,
    reopen_prediction,
    resolve_prediction,
    withdraw_prediction,
)
from predictions.services.proposals import (
    Recorded,
    confirm_proposal,
    decide_proposal,
    decline_proposal,
    propose_outcome,
    record_outcome,
)
from predictions.services.review import review_claim

__all__ = [
    "EDITABLE_FIELDS",
    "Recorded",
    "confirm_proposal",
    "decide_proposal",
    "decline_proposal",
    "disputable_subjects",
    "edit_prediction",
    "file_claim",
    "mark_due",
    "open_dispute",
    "propose_outcome",
    "record_outcome",
    "reopen_prediction",
    "resolve_prediction",
    "review_claim",
    "settle_dispute",
    "status_for_deadline",
    "withdraw_prediction",
]
