"""Who may do what to a prediction: the one place these rules live.

Contributors file claims and resolve what they filed; editors (staff or the
``editors`` group) may resolve, reopen, withdraw and edit anything. ``None``
as the actor is the system itself (scheduled jobs, the demo loader).
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from predictions.exceptions import NotPermitted
from predictions.models import Prediction

Actor = AbstractBaseUser | AnonymousUser | None


def is_editor(user: Actor) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    # Kept on the user object: a page asks several times per request.
    if (known := getattr(user, "_hindsight_is_editor", None)) is None:
        known = user.groups.filter(name=settings.EDITORS_GROUP).exists()
        user._hindsight_is_editor = known
    return known


def _is_filer(user: Actor, prediction: Prediction) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and prediction.filed_by_id is not None
        and prediction.filed_by_id == user.pk
    )


def can_file(user: Actor) -> bool:
    return user is None or (user.is_authenticated and user.is_active)


def can_resolve(user: Actor, prediction: Prediction) -> bool:
    return user is None or _is_filer(user, prediction) or is_editor(user)


def can_edit(user: Actor, prediction: Prediction) -> bool:
    return user is None or _is_filer(user, prediction) or is_editor(user)


def can_reopen(user: Actor, prediction: Prediction) -> bool:
    return user is None or is_editor(user)


def can_withdraw(user: Actor, prediction: Prediction) -> bool:
    return user is None or is_editor(user)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotPermitted(message)
