"""What a link to record an outcome can do when it is opened.

``open_resolve_link`` reads the token and the ledger and answers with one
state; the page for each state is the view's business. Nothing is written
here: the outcome is recorded (or, for someone who may not resolve, proposed)
by record_outcome, on the confirming POST.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User

from predictions import rules, selectors
from predictions.models import Notification, Prediction, PredictionEvent
from predictions.notifications import links


class LinkState(StrEnum):
    INVALID = "invalid"  # not a token we made, or the address was changed
    EXPIRED = "expired"
    GONE = "gone"  # the email or its recipient is no longer on the ledger
    SETTLED = "settled"  # already resolved (by this link or anyone), or withdrawn
    PROPOSED = "proposed"  # someone has proposed an outcome, awaiting an editor
    NOT_PERMITTED = "not_permitted"  # the recipient may no longer resolve it
    SOMEONE_ELSES = "someone_elses"  # a browser signed in as someone else
    READY = "ready"  # show the confirmation; the POST records (or proposes) the outcome


@dataclass(frozen=True)
class OpenedLink:
    """A link that names a prediction and its recipient, and the state it is in."""

    state: LinkState
    outcome: str
    prediction: Prediction
    recipient: User
    # The recipient may not resolve, so the POST proposes the outcome instead.
    proposing: bool = False


def open_resolve_link(
    *, token: str, outcome: str | None, user: User | AnonymousUser
) -> LinkState | OpenedLink:
    """The state of the link ``token`` opened by ``user``: INVALID, EXPIRED or
    GONE alone (it names nothing usable), or any other with what it names.
    ``outcome`` is the one the address names, None when it names none."""
    try:
        link = links.read_resolve_token(token)
    except links.LinkExpired:
        return LinkState.EXPIRED
    except links.LinkInvalid:
        return LinkState.INVALID
    if outcome is not None and outcome != link.outcome:
        return LinkState.INVALID
    notification = (
        Notification.objects.select_related("recipient")
        .filter(
            pk=link.notification_id,
            recipient_id=link.recipient_id,
            prediction_id=link.prediction_id,
        )
        .first()
    )
    if notification is None or not notification.recipient.is_active:
        return LinkState.GONE
    recipient = notification.recipient
    prediction = selectors.any_predictions().get(pk=notification.prediction_id)
    # A link works once: any resolution or proposal since the email went out
    # spends it, even if an editor has reopened the prediction since.
    spent = prediction.events.filter(
        kind__in=[PredictionEvent.Kind.RESOLVED, PredictionEvent.Kind.PROPOSED],
        at__gte=notification.sent_at or notification.created_at,
    ).exists()
    may_resolve = rules.may("resolve", recipient, prediction)
    proposing = not may_resolve and rules.may("propose", recipient, prediction)
    if spent or not rules.is_available("resolve", prediction):
        state = LinkState.SETTLED
    elif not (may_resolve or proposing):
        state = LinkState.NOT_PERMITTED
    elif proposing and prediction.has_proposal:
        state = LinkState.PROPOSED
    elif user.is_authenticated and user.pk != recipient.pk:
        # The outcome would be recorded under the recipient's name, not the
        # signed-in user's: a forwarded email, or a shared computer.
        state = LinkState.SOMEONE_ELSES
    else:
        state = LinkState.READY
    return OpenedLink(state, link.outcome, prediction, recipient, proposing)
