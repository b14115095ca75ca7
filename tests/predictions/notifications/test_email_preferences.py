"""Choosing which emails come: the unsubscribe link in every email and the
account page's two checkboxes.

The unsubscribe link works without signing in, and never expires: the signed
token is the credential. A GET only asks (link scanners follow GETs); the POST
— from the page's button, or a mail provider's RFC 8058 one-click POST with no
cookie and no CSRF token — turns off the kinds the link names, and no more."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from predictions import notifications
from predictions.models import EmailPreferences
from predictions.notifications import links
from tests.support.html import Page

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:account")
EMAIL_SETTINGS = reverse("accounts:email-preferences")


def unsubscribe_link(user, kinds: list[str]) -> str:
    url = links.unsubscribe_url(user.pk, kinds)
    assert url.startswith(settings.SITE_URL + "/email/unsubscribe/")
    return url.removeprefix(settings.SITE_URL)


def preferences(user) -> tuple[bool, bool] | None:
    """(due emails, reminders), or None when the user never chose (all on)."""
    row = EmailPreferences.objects.filter(user=user).first()
    return None if row is None else (row.due_emails, row.reminder_emails)


def text(response) -> str:
    return response.content.decode()


def one_click(path: str):
    """What a mail provider sends for RFC 8058: no cookie, no CSRF token."""
    provider = Client(enforce_csrf_checks=True)
    return provider.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )


def is_ticked(html: str, name: str) -> bool:
    """Whether the page's checkbox ``name`` is ticked."""
    return Page(html).one(f'input[type="checkbox"][name="{name}"]').has_attr("checked")


# --- the unsubscribe link -----------------------------------------------------------


def test_opening_the_link_asks_first_and_changes_nothing(client, contributor):
    path = unsubscribe_link(contributor, ["due"])

    for _ in range(2):  # a link scanner, then the reader
        response = client.get(path)
        html = text(response)
        assert response.status_code == 200
        assert "Stop due emails?" in html
        assert "For alice." in html
        assert '<form method="post"' in html
        assert '<button type="submit">Stop due emails</button>' in html
        assert client.head(path).status_code == 200

    assert preferences(contributor) is None


@pytest.mark.parametrize(
    ("kinds", "what", "after"),
    [
        (["due"], "due emails", (False, True)),
        (["overdue_reminder"], "overdue reminder emails", (True, False)),
        (["due", "overdue_reminder"], "due emails and overdue reminder emails", (False, False)),
    ],
)
def test_confirming_turns_off_only_the_kinds_the_link_names(contributor, kinds, what, after):
    browser = Client(enforce_csrf_checks=True)  # anonymous: no sign-in needed
    path = unsubscribe_link(contributor, kinds)
    assert f"Stop {what}?" in text(browser.get(path))

    response = browser.post(path)

    html = text(response)
    assert response.status_code == 200
    assert "You are unsubscribed" in html
    assert f"alice will get no more {what}." in html
    assert "your email settings</a>" in html
    assert preferences(contributor) == after


def test_a_mail_providers_one_click_post_unsubscribes(contributor, other_contributor):
    notifications.set_email_preferences(
        user=other_contributor, due_emails=True, reminder_emails=True
    )

    response = one_click(unsubscribe_link(contributor, ["due", "overdue_reminder"]))

    assert response.status_code == 200
    assert preferences(contributor) == (False, False)
    assert preferences(other_contributor) == (True, True)  # only the link's user


def test_unsubscribing_keeps_what_was_already_off(contributor):
    notifications.set_email_preferences(user=contributor, due_emails=True, reminder_emails=False)

    one_click(unsubscribe_link(contributor, ["due"]))
    one_click(unsubscribe_link(contributor, ["due"]))  # twice is harmless

    assert preferences(contributor) == (False, False)
    assert EmailPreferences.objects.filter(user=contributor).count() == 1


def test_the_link_never_expires(client, contributor, frozen_now):
    path = unsubscribe_link(contributor, ["overdue_reminder"])
    frozen_now.shift(dt.timedelta(days=800))

    assert client.get(path).status_code == 200
    assert one_click(path).status_code == 200
    assert preferences(contributor) == (True, False)


@pytest.mark.parametrize("how", ["changed", "truncated", "unknown kind", "no kinds", "made up"])
def test_a_bad_link_is_refused_and_changes_nothing(client, contributor, how):
    token = unsubscribe_link(contributor, ["due"]).split("/")[3]
    bad = {
        "changed": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "truncated": token[:-6],
        # Signed by this site, but naming no kind of email it sends.
        "unknown kind": unsubscribe_link(contributor, ["weekly_digest"]).split("/")[3],
        "no kinds": unsubscribe_link(contributor, []).split("/")[3],
        "made up": "not-a-token",
    }[how]
    path = reverse("predictions:email-unsubscribe", args=[bad])

    for response in (client.get(path), client.post(path), one_click(path)):
        html = text(response)
        assert response.status_code == 400
        assert "This link is not valid" in html
        assert "Nothing was changed." in html
    assert preferences(contributor) is None


def test_a_link_for_a_deleted_account_says_so(client, contributor):
    path = unsubscribe_link(contributor, ["due"])
    contributor.delete()

    for response in (client.get(path), one_click(path)):
        assert response.status_code == 410
        assert "This link no longer works" in text(response)
    assert not EmailPreferences.objects.exists()


# --- the account page's email settings ---------------------------------------------------


def test_both_kinds_start_on(client, contributor):
    client.force_login(contributor)

    html = text(client.get(ACCOUNT))

    assert '<h2 id="emails-heading">Emails</h2>' in html
    assert is_ticked(html, "due_emails")
    assert is_ticked(html, "reminder_emails")
    assert "Email me when a prediction I watch or follow reaches its deadline" in html
    assert "Remind me weekly, up to four times, while it stays unresolved" in html
    assert '<button type="submit">Save email settings</button>' in html
    assert preferences(contributor) is None  # reading the page stores nothing


@pytest.mark.parametrize(
    ("ticked", "saved"),
    [
        ({"due_emails": "on", "reminder_emails": "on"}, (True, True)),
        ({"due_emails": "on"}, (True, False)),
        ({"reminder_emails": "on"}, (False, True)),
        ({}, (False, False)),  # an unticked box is sent as nothing: off
    ],
)
def test_saving_the_form_stores_both_choices(contributor, ticked, saved):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(contributor)
    account = Page(text(browser.get(ACCOUNT)))
    token = account.one(f'form[action="{EMAIL_SETTINGS}"] input[name="csrfmiddlewaretoken"]')

    response = browser.post(
        EMAIL_SETTINGS, {"csrfmiddlewaretoken": token["value"], **ticked}, follow=True
    )

    assert response.redirect_chain == [(f"{ACCOUNT}#emails-heading", 302)]
    html = text(response)
    assert "Your email settings are saved." in html
    assert preferences(contributor) == saved
    assert is_ticked(html, "due_emails") is saved[0]
    assert is_ticked(html, "reminder_emails") is saved[1]


def test_saving_changes_only_your_own_settings(client, contributor, other_contributor):
    notifications.set_email_preferences(
        user=other_contributor, due_emails=True, reminder_emails=True
    )
    client.force_login(contributor)

    client.post(EMAIL_SETTINGS, {"reminder_emails": "on"})
    client.post(EMAIL_SETTINGS, {"due_emails": "on"})  # saved again: one row, updated

    assert preferences(contributor) == (True, False)
    assert preferences(other_contributor) == (True, True)
    assert EmailPreferences.objects.filter(user=contributor).count() == 1


def test_an_unsubscribe_shows_on_the_account_page(client, contributor):
    one_click(unsubscribe_link(contributor, ["overdue_reminder"]))
    client.force_login(contributor)

    html = text(client.get(ACCOUNT))

    assert is_ticked(html, "due_emails")
    assert not is_ticked(html, "reminder_emails")


def test_a_reader_is_asked_to_sign_in(client, contributor):
    response = client.post(EMAIL_SETTINGS, {"due_emails": "on"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={EMAIL_SETTINGS}"
    assert client.get(ACCOUNT)["Location"] == f"{reverse('login')}?next={ACCOUNT}"
    assert not EmailPreferences.objects.exists()


def test_the_settings_address_only_takes_a_post(client, contributor):
    client.force_login(contributor)

    assert client.get(EMAIL_SETTINGS).status_code == 405
    assert preferences(contributor) is None
