"""API tokens: made, looked up and revoked only here."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import NAME_MAX_LENGTH, ApiToken
from core.errors import InvalidInput, NotPermitted

KEY_PREFIX = "hs_"
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
