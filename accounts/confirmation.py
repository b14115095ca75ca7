"""The signed token in an address's confirmation link.

It carries the account's id and the address it was sent to, signed with
SECRET_KEY under a salt of its own (so no other signed value of the site can
pass for one), and is good for three days. Nothing is stored: an address
changed since the token was made no longer matches, so the old link stops
working by itself.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core import signing

SALT = "hindsight.accounts.confirm-email"
MAX_AGE = timedelta(days=3)


class InvalidConfirmation(Exception):
    """The link is garbled, expired, or no longer names the account's address."""


def make_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=SALT, compress=True)


def user_for_token(token: str) -> User:
    """The active account the token was made for, with the same address now;
    raises InvalidConfirmation with a message fit for its holder otherwise."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidConfirmation(
            "This confirmation link has expired: links work for three days."
        ) from None
    except signing.BadSignature:
        raise InvalidConfirmation(
            "This confirmation link is not valid: it may have been cut short or mistyped."
        ) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("user"), int):
        raise InvalidConfirmation("This confirmation link is not valid.")
    user = get_user_model().objects.filter(pk=payload["user"], is_active=True).first()
    if user is None or not user.email or user.email != payload.get("email"):
        raise InvalidConfirmation(
            "This confirmation link is for an address the account no longer has."
        )
    return user
