"""Signed links in emails: record an outcome, or stop a kind of email.

Each purpose has its own salt, so a token made for one can never be replayed
as the other. The tokens carry ids only; everything else is read afresh from
the database when the link is followed.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from predictions.models import Notification, Prediction

RESOLVE_SALT = "hindsight.email.resolve"
UNSUBSCRIBE_SALT = "hindsight.email.unsubscribe"
RESOLVE_LINK_MAX_AGE = timedelta(days=30)


class LinkInvalid(Exception):
    """Forged, truncated or not made by this site."""


class LinkExpired(Exception):
    """Genuine but older than it may be."""


@dataclass(frozen=True)
class ResolveLink:
    notification_id: int
    prediction_id: int
    recipient_id: int
    outcome: str


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# Stands for the token in the resolve link's path, reversed once per email: a
# due email carries four links per prediction, and a reverse() for each was a
# good part of what building a long email cost. Signed tokens hold only
# characters a path keeps as they are (URL-safe base64 and ":"), so putting
# one in place of this gives what reverse() would.
_TOKEN = "TOKEN"


def resolve_path_template() -> str:
    """The resolve link's path with a stand-in for the token (for resolve_urls)."""
    return reverse("predictions:email-resolve", args=[_TOKEN])


def resolve_urls(
    notification: Notification, outcomes: list[str], template: str | None = None
) -> dict[str, str]:
    """Outcome → its resolve link, for one notification; ``template`` (from
    resolve_path_template) saves a reverse() when building many."""
    template = template or resolve_path_template()
    return {outcome: _resolve_url(notification, outcome, template) for outcome in outcomes}


def resolve_url(notification: Notification, outcome: str) -> str:
    return _resolve_url(notification, outcome, resolve_path_template())


def _resolve_url(notification: Notification, outcome: str, template: str) -> str:
    if outcome not in Prediction.Outcome.values:
        raise ValueError(f"Not an outcome: {outcome!r}")
    token = signing.dumps(
        {
            "n": notification.pk,
            "p": notification.prediction_id,
            "u": notification.recipient_id,
            "o": outcome,
        },
        salt=RESOLVE_SALT,
        compress=True,
    )
    path = template.replace(_TOKEN, token)
    # The outcome is in the token; repeating it in the address lets a reader
    # (and a mail client's preview) see which link is which.
    return absolute(f"{path}?{urlencode({'outcome': outcome})}")


def read_resolve_token(token: str) -> ResolveLink:
    try:
        data = signing.loads(token, salt=RESOLVE_SALT, max_age=RESOLVE_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    try:
        link = ResolveLink(
            notification_id=int(data["n"]),
            prediction_id=int(data["p"]),
            recipient_id=int(data["u"]),
            outcome=str(data["o"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkInvalid from exc
    if link.outcome not in Prediction.Outcome.values:
        raise LinkInvalid
    return link


def unsubscribe_url(recipient_id: int, kinds: list[str]) -> str:
    """A link that turns these kinds of email off for this user, without
    signing in. It does not expire: an old email's link must keep working
    (RFC 8058 asks the same of List-Unsubscribe)."""
    token = signing.dumps({"u": recipient_id, "k": sorted(kinds)}, salt=UNSUBSCRIBE_SALT)
    return absolute(reverse("predictions:email-unsubscribe", args=[token]))


def read_unsubscribe_token(token: str) -> tuple[int, list[str]]:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        kinds = [str(kind) for kind in data["k"]]
        user_id = int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise LinkInvalid from exc
    if not kinds or not set(kinds) <= set(Notification.Kind.values):
        raise LinkInvalid
    return user_id, kinds
