"""Account emails, written by a worker: the request queues only a user's id
and which email, so a secret such as a password reset link is made where it
is sent and never travels through the broker."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger("hindsight.accounts")

PASSWORD_RESET = "password_reset"


def password_reset_email(user) -> EmailMessage | None:
    """The one-use link to choose a new password, or None if the account may
    not reset it (any more): inactive, no address, or no usable password."""
    if not (user.is_active and user.email and user.has_usable_password()):
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


EMAILS = {PASSWORD_RESET: password_reset_email}


def send_account_email(*, user_id: int, email: str) -> bool:
    """Write ``email`` for the user now and send it; False if there was
    nothing to send (the account is gone or may no longer have it)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    message = EMAILS[email](user) if user is not None else None
    if message is None:
        logger.info("No %s email for user %s: the account cannot have one.", email, user_id)
        return False
    message.send()
    return True
