"""Accounts' writes: signing up, confirming an address, and API tokens
(made, looked up and revoked only here)."""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission, User
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import NAME_MAX_LENGTH, AccountEmail, ApiToken
from accounts.outbox import queue_account_email
from core.errors import InvalidInput, NotPermitted
from predictions import rules

Kind = AccountEmail.Kind

KEY_PREFIX = "hs_"
USERNAME_TAKEN = "A user with that username already exists."
MAX_TOKENS_PER_USER = 20


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user`` and its key, which is never stored in clear."""
    if not user.is_authenticated or not user.is_active:
        raise NotPermitted("Sign in to create an API token.")
    name = name.strip()
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput.field("name", f"Keep the token's name to {NAME_MAX_LENGTH} characters.")
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise InvalidInput.field(
            "name", f"You have {MAX_TOKENS_PER_USER} tokens already; revoke one first."
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_key(key), prefix=key[:10])
    return token, key


def user_for_key(key: str):
    """The active user a key belongs to, or None; notes when it was last used."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key.strip())).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Writing on every request would make reads write; once a minute is enough.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_api_token(*, token: ApiToken, user) -> None:
    if token.user_id != user.pk:
        raise NotPermitted("That token is not yours.")
    token.delete()


# --- Signing up and confirming the address ---------------------------------


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
    existing = accounts.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = accounts.create_user(username=username, email=email, password=password)
                queue_account_email(user=user, kind=Kind.CONFIRM_EMAIL)
            return user
        except IntegrityError:
            # Someone signed up a moment ago with this address or username
            # (the unique indexes decided); the address is the one to hide.
            existing = accounts.filter(email__iexact=email).first()
            if existing is None:
                raise InvalidInput.field("username", USERNAME_TAKEN) from None
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
