"""The private calendar's address: /feeds/mine/<token>/deadlines.ics, where
the token is the account's id and its CalendarKey, signed. A calendar app
cannot sign in, so the address is the credential: it is long, signed (a made-up
one is refused before the database is asked), and revocable (a new key makes
the old address fail)."""

from django.core import signing
from django.utils.crypto import constant_time_compare

from feeds.models import CalendarKey

SALT = "feeds.private-calendar"


def token_for(key: CalendarKey) -> str:
    return signing.dumps([key.user_id, key.key], salt=SALT, compress=False)


def account_for(token: str):
    """The active account ``token`` names with its current key, else None."""
    try:
        user_id, key = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    current = CalendarKey.objects.select_related("user").filter(user_id=user_id).first()
    if current is None or not current.user.is_active:
        return None
    if not constant_time_compare(str(key), current.key):
        return None
    return current.user
