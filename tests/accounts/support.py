"""Helpers of the account tests: the site's address in emails, a link read
out of an email, and the outbox's rows."""

import re

from django.core.mail import EmailMessage

from accounts.models import AccountEmail

SITE_URL = "https://hindsight.example"
PASSWORD = "a long enough passphrase 42"


def link_path(message: EmailMessage, path_prefix: str) -> str:
    """The path of the link under ``path_prefix`` in the email's plain text
    body, which must be built on SITE_URL."""
    body = str(message.body)
    found = re.search(rf"{re.escape(SITE_URL)}({re.escape(path_prefix)}\S*)", body)
    assert found is not None, body
    return found.group(1)


def rows(**filters) -> list[tuple[str, str, str]]:
    """(username, kind, status) of the outbox rows, oldest first."""
    return list(
        AccountEmail.objects.filter(**filters)
        .order_by("created_at", "pk")
        .values_list("user__username", "kind", "status")
    )
