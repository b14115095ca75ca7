"""Accounts' writes: signing up, confirming an address, API tokens (made,
looked up and revoked only here) and deactivating an account."""

import datetime as dt
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission, User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.confusables import skeleton, stored_skeleton
from accounts.models import NAME_MAX_LENGTH, AccountEmail, ApiToken, UsernameSkeleton
from accounts.outbox import queue_account_email
from core.display import DELETED_USERNAME_PREFIX, deleted_username
from core.errors import InvalidInput, NotPermitted
from predictions import rules
from predictions.models import EmailPreferences, Follow, TagFollow, Watch
from sources.models import AccountLinkRequest, Person

Kind = AccountEmail.Kind

KEY_PREFIX = "hs_"
USERNAME_TAKEN = "A user with that username already exists."
# Says no more than the rule: not which account, nor how it is similar.
USERNAME_TOO_SIMILAR = "That username is too similar to an existing username; choose another."
USERNAME_RESERVED = "Usernames starting “deleted-user-” are kept for closed accounts."
MAX_TOKENS_PER_USER = 20
# The expiries the token page offers, in days; None: until revoked.
TOKEN_LIFETIMES = (None, 30, 90, 365)
# "Last used" is written at most this often per token, not on every request.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class TokenRefused(Exception):
    """The key is not one a request may use; the message says why."""


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(
    *, user, name: str = "", expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its key, which is never stored in clear;
    it works until revoked, or for ``expires_in_days`` (one of TOKEN_LIFETIMES)."""
    if not user.is_authenticated or not user.is_active:
        raise NotPermitted("Sign in to create an API token.")
    name = name.strip()
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput.field("name", f"Keep the token's name to {NAME_MAX_LENGTH} characters.")
    if expires_in_days not in TOKEN_LIFETIMES:
        raise InvalidInput.field("expires_in", "Choose one of the expiries offered.")
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise InvalidInput.field(
            "name", f"You have {MAX_TOKENS_PER_USER} tokens already; revoke one first."
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    expires_at = None
    if expires_in_days is not None:
        expires_at = timezone.now() + dt.timedelta(days=expires_in_days)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=hash_key(key), prefix=key[:10], expires_at=expires_at
    )
    return token, key


def user_for_key(key: str):
    """The active user a key belongs to (TokenRefused if none); notes when
    the token was last used."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key.strip())).first()
    if token is None or not token.user.is_active:
        raise TokenRefused("Unknown or revoked token.")
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRefused(
            f"This token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC; "
            "make a new one on your account's API tokens page."
        )
    # Writing on every request would make reads write: only when the note is
    # a minute old, and the condition holds in the UPDATE too, so concurrent
    # requests with one token write it once.
    stale = now - LAST_USED_PRECISION
    if token.last_used_at is None or token.last_used_at < stale:
        ApiToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale), pk=token.pk
        ).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_api_token(*, token: ApiToken, user) -> None:
    if token.user_id != user.pk:
        raise NotPermitted("That token is not yours.")
    token.delete()


# --- Signing up and confirming the address ---------------------------------


def check_username(username: str, *, account: User | None = None) -> None:
    """InvalidInput on ``username`` if it looks like another account's name
    (accounts.confusables), or like a closed account's. ``account``: the
    one being renamed, whose own name does not count."""
    if skeleton(username).startswith(skeleton(DELETED_USERNAME_PREFIX)):
        raise InvalidInput.field("username", USERNAME_RESERVED)
    others = UsernameSkeleton.objects.filter(skeleton=stored_skeleton(username))
    if account is not None and account.pk is not None:
        others = others.exclude(user=account)
    if others.exists():
        raise InvalidInput.field("username", USERNAME_TOO_SIMILAR)


@transaction.atomic
def sign_up(*, username: str, email: str, password: str) -> User | None:
    """A new, unconfirmed account, owed a confirmation email; it may sign in
    and browse but not contribute until the address is confirmed.

    When an account already has the address (whatever its case), nothing is
    made: that account is owed an "already registered" email instead, and
    the answer is None. The caller must answer both alike, so that signing
    up does not tell who has an account.
    """
    accounts = get_user_model().objects
    check_username(username)
    existing = accounts.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = accounts.create_user(username=username, email=email, password=password)
                queue_account_email(user=user, kind=Kind.CONFIRM_EMAIL)
            return user
        except IntegrityError:
            # Someone signed up a moment ago with this address, this username
            # or one like it (the unique indexes decided); the address is the
            # one to hide.
            existing = accounts.filter(email__iexact=email).first()
            if existing is None:
                taken = accounts.filter(username=username).exists()
                raise InvalidInput.field(
                    "username", USERNAME_TAKEN if taken else USERNAME_TOO_SIMILAR
                ) from None
    else:
        # Hashing the password as a new account would, so the answer takes
        # as long either way.
        make_password(password)
    queue_account_email(user=existing, kind=Kind.ALREADY_REGISTERED)
    return None


def send_confirmation_again(user: User) -> bool:
    """Owe the account another confirmation email; False (and nothing owed)
    when its address is confirmed already."""
    if not user.is_authenticated or not user.is_active:
        raise NotPermitted(rules.SIGN_IN)
    if rules.is_verified(user):
        return False
    if not user.email:
        raise NotPermitted("Your account has no email address to confirm.")
    queue_account_email(user=user, kind=Kind.CONFIRM_EMAIL)
    return True


def confirm_email(user: User) -> bool:
    """The address is the account's: grant what that grants, contributing
    (``predictions.contribute``). True if it was not granted before."""
    if user.has_perm(rules.CONTRIBUTE_PERMISSION):
        return False
    app_label, codename = rules.CONTRIBUTE_PERMISSION.split(".")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    # has_perm cached the user's permissions (without this one) on the object.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return True


# --- Closing an account ------------------------------------------------------


@transaction.atomic
def deactivate_user(user: User) -> None:
    """Close the account without deleting its row: what the account did
    (filed claims, events in the hash-chained history, resolutions, reviews,
    disputes) stays attributed to the same id and is shown as "deleted user
    #<id>" (core.display). What identified the person goes: the username
    becomes ``deleted-user-<id>``, the address and names are emptied, the
    password made unusable (which ends every session), API tokens, watches,
    follows, email settings, permissions and the link to a person on the
    ledger removed, pending emails cancelled. Doing it again changes nothing.
    """
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    ApiToken.objects.filter(user=user).delete()
    Watch.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
    TagFollow.objects.filter(user=user).delete()
    EmailPreferences.objects.filter(user=user).delete()
    Person.objects.filter(account=user).update(account=None)
    # The request's note said how to tell it was them: personal, so it goes.
    AccountLinkRequest.objects.filter(user=user, state=AccountLinkRequest.State.PENDING).delete()
    AccountLinkRequest.objects.filter(user=user).update(message="")
    AccountEmail.objects.filter(user=user, status=AccountEmail.Status.PENDING).update(
        status=AccountEmail.Status.CANCELLED
    )
    user.groups.clear()
    user.user_permissions.clear()
    user.username = deleted_username(user.pk)
    user.email = ""
    user.first_name = user.last_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
