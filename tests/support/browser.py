"""Signing up, confirming and signing in through the real forms, as a person
at a keyboard would."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from accounts import outbox
from accounts.models import AccountEmail
from tests.support.factories import PASSWORD


def sign_in(page: Page, base_url: str, username: str, *, then: str = "/") -> None:
    """Sign in as ``username`` (a factory user) and land on ``then``."""
    page.goto(f"{base_url}/accounts/login/?next={then}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}{then}")


def sign_up(page: Page, base_url: str, username: str) -> None:
    """Fill in the sign-up form from the home page, as a newcomer would."""
    page.goto(base_url)
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")


def confirm_address(page: Page, base_url: str, username: str) -> None:
    """Have the worker's job done (send the confirmation email from the outbox,
    to Django's test mailbox) and follow its link."""
    [row_id] = AccountEmail.objects.filter(user__username=username).values_list("pk", flat=True)
    assert outbox.deliver(row_id) == "sent"
    link = re.search(rf"{re.escape(base_url)}/accounts/confirm/\S+", str(mail.outbox[-1].body))
    assert link is not None
    page.goto(link[0])
    page.get_by_role("button", name="Confirm").click()
