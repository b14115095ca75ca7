"""Account emails, written by a worker when it sends them: the request writes
only an outbox row (accounts/outbox.py), so a secret such as a password reset
link or a confirmation token is made where it is sent and never travels
through the broker or sits in the database."""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import confirmation
from accounts.models import AccountEmail
from predictions import rules

Kind = AccountEmail.Kind


def _message(template: str, context: dict, to: str) -> EmailMessage:
    subject = "".join(render_to_string(f"{template}_subject.txt", context).splitlines())
    return EmailMessage(subject=subject, body=render_to_string(f"{template}.txt", context), to=[to])


def _reachable(user: User) -> bool:
    return user.is_active and bool(user.email)


def password_reset_email(user: User) -> EmailMessage | None:
    """The one-use link to choose a new password, or None if the account may
    not reset it (any more): inactive, no address, or no usable password."""
    if not (_reachable(user) and user.has_usable_password()):
        return None
    site = urlsplit(settings.SITE_URL)
    # The names Django's reset templates expect.
    context = {
        "email": user.email,
        "domain": site.netloc,
        "site_name": "Hindsight",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": site.scheme,
    }
    subject = "".join(
        render_to_string("registration/password_reset_subject.txt", context).splitlines()
    )
    body = render_to_string("registration/password_reset_email.html", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def confirm_email(user: User) -> EmailMessage | None:
    """The link that confirms the account's address; None once it is
    confirmed (or the account can no longer receive it)."""
    if not _reachable(user) or rules.is_verified(user):
        return None
    path = reverse("accounts:confirm", args=[confirmation.make_token(user)])
    return _message(
        "accounts/emails/confirm_email",
        {"user": user, "confirm_url": settings.SITE_URL + path},
        user.email,
    )


def already_registered(user: User) -> EmailMessage | None:
    """Someone signed up with this account's address: say so, and where to
    reset the password. The sign-up page said only "check your inbox"."""
    if not _reachable(user):
        return None
    return _message(
        "accounts/emails/already_registered",
        {
            "user": user,
            "reset_url": settings.SITE_URL + reverse("password_reset"),
            "sign_in_url": settings.SITE_URL + reverse("login"),
        },
        user.email,
    )


WRITERS: dict[str, Callable[[User], EmailMessage | None]] = {
    Kind.CONFIRM_EMAIL: confirm_email,
    Kind.ALREADY_REGISTERED: already_registered,
    Kind.PASSWORD_RESET: password_reset_email,
}
