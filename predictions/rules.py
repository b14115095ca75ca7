"""Who may do what to a prediction, and in which states: the one table of
these rules.

Contributors file claims and resolve and edit what they filed; editors (staff,
or anyone holding the ``predictions.editor`` permission, which the ``editors``
group has) may resolve, reopen, withdraw and edit anything. ``None`` as the
actor is the system itself (scheduled jobs, the demo loader).

The services enforce each rule (NotPermitted, InvalidTransition); pages,
email links, the admin and the API read the same rows to decide what to offer
and what to say when they cannot.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from core.errors import InvalidTransition, NotPermitted
from predictions.models import Prediction

# Who acts: a user (the project's user model is Django's), an anonymous
# visitor, or None for the system itself.
Actor = User | AnonymousUser | None
Status = Prediction.Status

EDITOR_PERMISSION = "predictions.editor"


def is_editor(user: Actor) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    # has_perm caches the user's permissions on the user object, so a page that
    # asks several times costs one query.
    return user.is_staff or user.has_perm(EDITOR_PERMISSION)


def is_filer(user: Actor, prediction: Prediction) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and prediction.filed_by_id is not None
        and prediction.filed_by_id == user.pk
    )


def can_file(user: Actor) -> bool:
    return user is None or (user.is_authenticated and user.is_active)


def _filer_or_editor(user: Actor, prediction: Prediction) -> bool:
    return user is None or is_filer(user, prediction) or is_editor(user)


def _editor(user: Actor, prediction: Prediction) -> bool:
    return user is None or is_editor(user)


@dataclass(frozen=True)
class Rule:
    """One action on a filed prediction."""

    statuses: frozenset[str]  # the states it applies to
    may: Callable[[Actor, Prediction], bool]  # who may
    refusal: str  # said to someone who may not
    unavailable: str  # said when the state rules it out; {status} is filled in

    def unavailable_for(self, prediction: Prediction) -> str:
        return self.unavailable.format(status=prediction.get_status_display().lower())


RULES: dict[str, Rule] = {
    "resolve": Rule(
        statuses=frozenset({Status.OPEN, Status.DUE}),
        may=_filer_or_editor,
        refusal="Only the filer or an editor may resolve this prediction.",
        unavailable="This prediction is {status}: only an open or due prediction can be resolved.",
    ),
    "edit": Rule(
        statuses=frozenset({Status.OPEN, Status.DUE, Status.RESOLVED}),
        may=_filer_or_editor,
        refusal="Only the filer or an editor may edit this prediction.",
        unavailable="This prediction is {status}: a withdrawn prediction cannot be edited.",
    ),
    "reopen": Rule(
        statuses=frozenset({Status.RESOLVED}),
        may=_editor,
        refusal="Only an editor may reopen a prediction.",
        unavailable="This prediction is {status}: only a resolved prediction can be reopened.",
    ),
    "withdraw": Rule(
        statuses=frozenset({Status.OPEN, Status.DUE, Status.RESOLVED}),
        may=_editor,
        refusal="Only an editor may withdraw a prediction.",
        unavailable="This prediction is already {status}.",
    ),
}


def may(action: str, user: Actor, prediction: Prediction) -> bool:
    """Whether ``user`` may do ``action`` to ``prediction``, whatever its state."""
    return RULES[action].may(user, prediction)


def is_available(action: str, prediction: Prediction) -> bool:
    """Whether ``prediction``'s state allows ``action``, whoever asks."""
    return prediction.status in RULES[action].statuses


def actions_for(user: Actor, prediction: Prediction) -> set[str]:
    """What ``user`` may do to ``prediction`` now: permitted, and possible in its state."""
    return {
        action
        for action in RULES
        if is_available(action, prediction) and may(action, user, prediction)
    }


def require_permitted(action: str, user: Actor, prediction: Prediction) -> None:
    if not may(action, user, prediction):
        raise NotPermitted(RULES[action].refusal)


def require_available(action: str, prediction: Prediction) -> None:
    if not is_available(action, prediction):
        raise InvalidTransition(RULES[action].unavailable_for(prediction))


def require_can_file(user: Actor) -> None:
    if not can_file(user):
        raise NotPermitted("Sign in to file a prediction.")
