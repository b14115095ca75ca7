"""Signing in through the real login form, as a person at a keyboard would."""

from playwright.sync_api import Page, expect

from tests.support.factories import PASSWORD


def sign_in(page: Page, base_url: str, username: str, *, then: str = "/") -> None:
    """Sign in as ``username`` (a factory user) and land on ``then``."""
    page.goto(f"{base_url}/accounts/login/?next={then}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}{then}")
