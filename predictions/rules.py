"""Who may do what to a prediction, and in which states: the one table of
these rules.

- A **verified** account (its email address confirmed, which grants the
  ``predictions.contribute`` permission) may file claims, propose outcomes,
  dispute, watch and follow. An account that has not confirmed may browse only.
- An **editor** (staff, or anyone holding ``predictions.editor``, which the
  ``editors`` group has) reviews claims, resolves, confirms or declines
  proposed outcomes, settles disputes, reopens, withdraws, edits and merges.
- A **self-forecaster** (the account an editor linked to the predictor) judges
  their own published forecasts directly, as on PredictionBook; the record
  says the outcome is self-judged.
- Anyone else's outcome is a **proposal**, which counts nowhere until an
  editor confirms it. A filer may edit their claim while it awaits review.

``None`` as the actor is the system itself (scheduled jobs, the demo loader),
which may do anything. The services enforce each rule (NotPermitted,
InvalidTransition); pages, email links, the admin and the API read the same
rows to decide what to offer and what to say when they cannot.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, Permission, User
from django.db.models import Q

from core.errors import InvalidTransition, NotPermitted
from predictions.models import Prediction

# Who acts: a user (the project's user model is Django's), an anonymous
# visitor, or None for the system itself.
Actor = User | AnonymousUser | None
Status = Prediction.Status
Review = Prediction.ReviewState

EDITOR_PERMISSION = "predictions.editor"
CONTRIBUTE_PERMISSION = "predictions.contribute"

SIGN_IN = "Sign in first."
UNCONFIRMED = (
    "Confirm your email address first: follow the link in the email we sent you. "
    "Your account page can send it again."
)


def _signed_in(user: Actor) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_editor(user: Actor) -> bool:
    if user is None or not _signed_in(user):
        return False
    # has_perm caches the user's permissions on the user object, so a page that
    # asks several times costs one query.
    return user.is_staff or user.has_perm(EDITOR_PERMISSION)


def is_verified(user: Actor) -> bool:
    """Signed in with a confirmed address (or an editor): may contribute."""
    if user is None or not _signed_in(user):
        return False
    return is_editor(user) or user.has_perm(CONTRIBUTE_PERMISSION)


def verified_users() -> Q:
    """``is_verified`` as a condition on users, for queries over many (who is
    owed an email): active, and confirmed or an editor."""
    permissions = Permission.objects.filter(
        content_type__app_label="predictions", codename__in=["contribute", "editor"]
    )
    return Q(is_active=True) & (
        Q(is_superuser=True)
        | Q(is_staff=True)
        | Q(user_permissions__in=permissions)
        | Q(groups__permissions__in=permissions)
    )


def is_filer(user: Actor, prediction: Prediction) -> bool:
    return (
        user is not None
        and _signed_in(user)
        and prediction.filed_by_id is not None
        and prediction.filed_by_id == user.pk
    )


def is_self_forecaster(user: Actor, prediction: Prediction) -> bool:
    """The verified account linked to the person who made the prediction."""
    return (
        user is not None
        and is_verified(user)
        and prediction.predictor.account_id is not None
        and prediction.predictor.account_id == user.pk
    )


def require_verified(user: Actor) -> None:
    """Refuse, saying what to do, unless ``user`` may contribute."""
    if user is None:
        return
    if not _signed_in(user):
        raise NotPermitted(SIGN_IN)
    if not is_verified(user):
        raise NotPermitted(UNCONFIRMED)


def require_editor(user: Actor, refusal: str) -> None:
    if user is not None and not is_editor(user):
        raise NotPermitted(refusal)


def can_file(user: Actor) -> bool:
    return user is None or is_verified(user)


def require_can_file(user: Actor) -> None:
    if user is not None and not _signed_in(user):
        raise NotPermitted("Sign in to file a prediction.")
    require_verified(user)


def publishes_at_once(user: Actor, predictor_account_id: int | None) -> bool:
    """Whether a claim ``user`` files skips review: an editor's, the system's,
    or a self-forecaster's own forecast."""
    if user is None or is_editor(user):
        return True
    return predictor_account_id is not None and predictor_account_id == user.pk


# --- Who ----------------------------------------------------------------------


def _editor(user: Actor, prediction: Prediction) -> bool:
    return user is None or is_editor(user)


def _editor_or_self_forecaster(user: Actor, prediction: Prediction) -> bool:
    return _editor(user, prediction) or is_self_forecaster(user, prediction)


def _verified(user: Actor, prediction: Prediction) -> bool:
    return user is None or is_verified(user)


def _proposer(user: Actor, prediction: Prediction) -> bool:
    """Verified, and not someone whose outcome would simply take effect."""
    return is_verified(user) and not _editor_or_self_forecaster(user, prediction)


def _editor_or_filer_awaiting_review(user: Actor, prediction: Prediction) -> bool:
    if _editor(user, prediction):
        return True
    return (
        prediction.review_state == Review.PENDING
        and is_filer(user, prediction)
        and is_verified(user)
    )


# --- The table ----------------------------------------------------------------

LIVE = frozenset({Status.OPEN, Status.DUE})
NOT_WITHDRAWN = frozenset({Status.OPEN, Status.DUE, Status.RESOLVED})
ANY_STATUS = frozenset(Status.values)
PUBLISHED = frozenset({Review.PUBLISHED})
UNDECIDED = frozenset({Review.PENDING, Review.REJECTED})


@dataclass(frozen=True)
class Rule:
    """One action on a filed prediction."""

    statuses: frozenset[str]  # the states it applies to
    may: Callable[[Actor, Prediction], bool]  # who may
    refusal: str  # said to someone who may not
    unavailable: str  # said when the state rules it out; {status} is filled in
    review_states: frozenset[str] = PUBLISHED  # the review states it applies to
    # A further condition on the prediction, with what to say when it fails.
    condition: Callable[[Prediction], bool] | None = None
    condition_fails: str = ""

    def applies_to(self, prediction: Prediction) -> bool:
        return (
            prediction.status in self.statuses
            and prediction.review_state in self.review_states
            and (self.condition is None or self.condition(prediction))
        )

    def unavailable_for(self, prediction: Prediction) -> str:
        if prediction.review_state not in self.review_states:
            if prediction.review_state == Review.PUBLISHED:
                return "This claim has been reviewed and published already."
            return (
                f"This claim is {prediction.get_review_state_display().lower()}: "
                "only a published claim can be resolved, disputed, reopened or withdrawn."
            )
        if prediction.status not in self.statuses:
            return self.unavailable.format(status=prediction.get_status_display().lower())
        return self.condition_fails


def _has_proposal(prediction: Prediction) -> bool:
    return prediction.has_proposal


def _has_no_proposal(prediction: Prediction) -> bool:
    return not prediction.has_proposal


RULES: dict[str, Rule] = {
    "resolve": Rule(
        statuses=LIVE,
        may=_editor_or_self_forecaster,
        refusal="Only an editor, or the person who made the prediction, may resolve it; "
        "you may propose an outcome instead.",
        unavailable="This prediction is {status}: only an open or due prediction can be resolved.",
    ),
    "propose": Rule(
        statuses=LIVE,
        may=_proposer,
        refusal="Confirm your email address to propose an outcome.",
        unavailable="This prediction is {status}: only an open or due prediction can be resolved.",
        condition=_has_no_proposal,
        condition_fails="An outcome has been proposed already and awaits an editor.",
    ),
    "confirm": Rule(
        statuses=LIVE,
        may=_editor,
        refusal="Only an editor may confirm or decline a proposed outcome.",
        unavailable="This prediction is {status}: there is no outcome to confirm.",
        condition=_has_proposal,
        condition_fails="No outcome has been proposed for this prediction.",
    ),
    "review": Rule(
        statuses=ANY_STATUS,
        may=_editor,
        refusal="Only an editor may approve or reject a claim.",
        unavailable="",
        review_states=UNDECIDED,
    ),
    "edit": Rule(
        statuses=NOT_WITHDRAWN,
        may=_editor_or_filer_awaiting_review,
        refusal="Only an editor may edit this prediction (its filer may while it awaits review).",
        unavailable="This prediction is {status}: a withdrawn prediction cannot be edited.",
        review_states=frozenset(Review.values),
    ),
    "reopen": Rule(
        statuses=frozenset({Status.RESOLVED}),
        may=_editor,
        refusal="Only an editor may reopen a prediction.",
        unavailable="This prediction is {status}: only a resolved prediction can be reopened.",
    ),
    "withdraw": Rule(
        statuses=NOT_WITHDRAWN,
        may=_editor,
        refusal="Only an editor may withdraw a prediction.",
        unavailable="This prediction is already {status}.",
    ),
    "dispute": Rule(
        statuses=NOT_WITHDRAWN,
        may=_verified,
        refusal=UNCONFIRMED,
        unavailable="This prediction is {status}: there is nothing left to dispute.",
    ),
    "settle": Rule(
        statuses=ANY_STATUS,
        may=_editor,
        refusal="Only an editor may uphold or dismiss a dispute.",
        unavailable="",
        review_states=frozenset(Review.values),
    ),
}


# What a resolved prediction was judged on: its outcome and its Brier score
# rest on these, so an edit after resolution could invert the claim and the
# score would follow. "edit" still applies to a resolved prediction, for the
# rest (its tags, which only file it); these wait until it is reopened.
JUDGED_FIELDS = frozenset(
    {
        "claim",
        "made_on",
        "resolves_on",
        "deadline_text",
        "confidence",
        "confidence_basis",
        "confidence_hedge",
    }
)
REOPEN_FIRST = (
    "This prediction is resolved. Reopen it first to change the claim, confidence or deadline."
)


def locked_fields(prediction: Prediction) -> frozenset[str]:
    """The fields an edit of ``prediction`` may not change in its state."""
    return JUDGED_FIELDS if prediction.status == Status.RESOLVED else frozenset()


def require_editable(prediction: Prediction, fields: Iterable[str]) -> None:
    """Refuse (InvalidTransition) a change to ``fields`` that the state locks."""
    if locked_fields(prediction) & set(fields):
        raise InvalidTransition(REOPEN_FIRST)


def may(action: str, user: Actor, prediction: Prediction) -> bool:
    """Whether ``user`` may do ``action`` to ``prediction``, whatever its state."""
    return RULES[action].may(user, prediction)


def is_available(action: str, prediction: Prediction) -> bool:
    """Whether ``prediction``'s state allows ``action``, whoever asks."""
    return RULES[action].applies_to(prediction)


def actions_for(user: Actor, prediction: Prediction) -> set[str]:
    """What ``user`` may do to ``prediction`` now: permitted, and possible in its state."""
    return {
        action
        for action in RULES
        if is_available(action, prediction) and may(action, user, prediction)
    }


def require_permitted(action: str, user: Actor, prediction: Prediction) -> None:
    if not may(action, user, prediction):
        if user is not None and not is_verified(user) and action != "review":
            # Say what would help: signing in, or confirming the address.
            require_verified(user)
        raise NotPermitted(RULES[action].refusal)


def require_available(action: str, prediction: Prediction) -> None:
    if not is_available(action, prediction):
        raise InvalidTransition(RULES[action].unavailable_for(prediction))


def can_see(user: Actor, prediction: Prediction) -> bool:
    """A published claim is public; one awaiting review or rejected is seen by
    its filer and the editors only (to everyone else it does not exist)."""
    return prediction.is_published or is_filer(user, prediction) or is_editor(user)
