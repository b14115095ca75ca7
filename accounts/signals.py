"""What follows from a user's row changing, whichever code saved it: a new
password revokes the account's API tokens, and a new or renamed account
gets its username's skeleton (accounts.confusables).

Why signals on save rather than a service each path calls: passwords change
through the password change page, reset links, the admin, the
``changepassword`` command and any code calling ``set_password`` and
``save``; a service would need every one of them (and every future one) to
remember to call it. Every path ends in ``User.save``, so the check sits
there: before the save the stored hash is read and compared. What does not
go through ``save`` (a queryset ``update()``, raw SQL) is not seen; nothing
in the project sets passwords that way.

A hash Django replaces on sign-in (the same password under a newer hasher
or more iterations, ``check_password``'s upgrade) is not a change: Django
clears its own note of a new password before that save, and the old hash
was outdated. Any other new hash is a change.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher, identify_hasher, is_password_usable
from django.db import IntegrityError
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.confusables import stored_skeleton
from accounts.models import ApiToken, UsernameSkeleton

_WATCHED_FIELDS = {"password", "username"}
# Set on the instance by pre_save for post_save.
_PASSWORD_CHANGED = "_accounts_password_changed"
_RENAMED = "_accounts_renamed"


def _outdated(encoded: str) -> bool:
    """Whether Django would re-hash this on the next sign-in."""
    if not is_password_usable(encoded):
        return False
    try:
        hasher = identify_hasher(encoded)
    except ValueError:
        return False
    preferred = get_hasher("default")
    return hasher.algorithm != preferred.algorithm or preferred.must_update(encoded)


def _password_changed(old_hash: str, user: Any) -> bool:
    if user.password == old_hash:
        return False
    # AbstractBaseUser.set_password keeps the raw password until the save.
    if getattr(user, "_password", None) is not None:
        return True
    return not _outdated(old_hash)


def _refuse_a_lookalike(user: Any) -> None:
    """Before the user's row is written: outside a transaction (a shell,
    ``createsuperuser``) a clash found only after it would leave the
    account made without its skeleton. The unique index still decides races."""
    others = UsernameSkeleton.objects.filter(skeleton=stored_skeleton(user.username))
    if user.pk is not None:
        others = others.exclude(user_id=user.pk)
    if others.exists():
        raise IntegrityError(f"The username {user.username!r} looks like an existing one.")


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def note_what_changes(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    setattr(instance, _PASSWORD_CHANGED, False)
    setattr(instance, _RENAMED, False)
    if raw:
        return
    if instance._state.adding:
        _refuse_a_lookalike(instance)
        return
    if update_fields is not None and not _WATCHED_FIELDS & set(update_fields):
        return
    stored = (
        get_user_model().objects.filter(pk=instance.pk).values_list("password", "username").first()
    )
    if stored is None:
        return
    old_hash, old_username = stored
    setattr(instance, _PASSWORD_CHANGED, _password_changed(old_hash, instance))
    setattr(instance, _RENAMED, old_username != instance.username)
    if old_username != instance.username:
        _refuse_a_lookalike(instance)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def follow_the_change(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if getattr(instance, _PASSWORD_CHANGED, False):
        ApiToken.objects.filter(user=instance).delete()
    # A clash raises IntegrityError: the unique index decides a race between
    # two sign-ups the checks both let through.
    if created:
        UsernameSkeleton.objects.create(user=instance, skeleton=stored_skeleton(instance.username))
    elif getattr(instance, _RENAMED, False):
        # An account that clashed before skeletons existed has no row yet.
        UsernameSkeleton.objects.update_or_create(
            user=instance, defaults={"skeleton": stored_skeleton(instance.username)}
        )
    setattr(instance, _PASSWORD_CHANGED, False)
    setattr(instance, _RENAMED, False)
