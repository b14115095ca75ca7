"""Confirming the address: the worker's email carries a signed link built on
SITE_URL; opening it changes nothing, pressing Confirm grants contributing
and signs in (once); an expired, garbled or outdated link says so with a
400; the account page of an unconfirmed account offers the link again."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from accounts import confirmation, tasks
from accounts.outbox import queue_account_email
from predictions import rules
from tests.accounts.support import link_path, rows
from tests.support.factories import UserFactory
from tests.support.html import Page, text_of

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:account")
AGAIN = reverse("accounts:confirm-again")


@pytest.fixture
def erin(db):
    return UserFactory(username="erin", verified=False)


def confirm_url(user) -> str:
    return reverse("accounts:confirm", args=[confirmation.make_token(user)])


def fresh(user):
    """The user as the database has it now, without cached permissions."""
    return type(user).objects.get(pk=user.pk)


def test_the_worker_sends_a_link_built_on_the_site_url(erin, site_url, queued):
    row = queue_account_email(user=erin, kind="confirm_email")

    assert tasks.deliver_account_email.apply(args=[row.pk]).get() == "sent"

    [message] = mail.outbox
    assert message.to == ["erin@example.com"]
    assert message.subject == "Confirm your Hindsight email address"
    path = link_path(message, "/accounts/confirm/")
    assert confirmation.user_for_token(path.split("/")[-2]) == erin
    assert rows() == [("erin", "confirm_email", "sent")]


def test_opening_the_link_changes_nothing(client, erin):
    response = client.get(confirm_url(erin))

    assert response.status_code == 200
    page = Page(response.content.decode())
    assert page.one('form[method="post"] button[type="submit"]').get_text() == "Confirm"
    assert "erin@example.com" in text_of(page.one("main"))
    assert not rules.is_verified(fresh(erin))
    assert "_auth_user_id" not in client.session


def test_confirming_grants_contributing_and_signs_in(client, erin):
    response = client.post(confirm_url(erin))

    assert response.status_code == 302
    assert response["Location"] == ACCOUNT
    assert fresh(erin).has_perm(rules.CONTRIBUTE_PERMISSION)
    assert client.session["_auth_user_id"] == str(erin.pk)
    assert "your address is confirmed" in client.get(ACCOUNT).content.decode()


def test_the_link_signs_in_only_once(client, erin):
    url = confirm_url(erin)
    client.post(url)
    client.logout()

    again = client.post(url)

    assert again.status_code == 302
    assert again["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_an_expired_link_says_so(client, erin, frozen_now):
    url = confirm_url(erin)
    frozen_now.shift(confirmation.MAX_AGE + dt.timedelta(seconds=1))

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "This confirmation link has expired" in response.content.decode()
    assert not rules.is_verified(fresh(erin))


@pytest.mark.parametrize("damage", [lambda t: t[:-3], lambda t: t + "x", lambda t: "nonsense"])
def test_a_garbled_link_says_so(client, erin, damage):
    token = confirmation.make_token(erin)

    response = client.post(reverse("accounts:confirm", args=[damage(token)]))

    assert response.status_code == 400
    assert "This confirmation link is not valid" in response.content.decode()
    assert not rules.is_verified(fresh(erin))


def test_a_link_for_an_address_the_account_no_longer_has_fails(client, erin):
    url = confirm_url(erin)
    erin.email = "erin@elsewhere.example"
    erin.save()

    response = client.post(url)

    assert response.status_code == 400
    assert "an address the account no longer has" in response.content.decode()
    assert not rules.is_verified(fresh(erin))


def test_the_account_page_of_an_unconfirmed_account_offers_the_link_again(
    client, erin, queued, django_capture_on_commit_callbacks
):
    client.force_login(erin)
    banner = Page(client.get(ACCOUNT).content.decode()).one("#confirm-address")
    assert "erin@example.com" in text_of(banner)
    assert banner.select_one(f'form[action="{AGAIN}"][method="post"]') is not None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(AGAIN, follow=True)

    assert "We sent the link again to erin@example.com" in response.content.decode()
    assert rows() == [("erin", "confirm_email", "pending")]
    assert len(queued) == 1


def test_a_confirmed_account_sees_no_banner_and_gets_no_email(client, contributor):
    client.force_login(contributor)
    assert not Page(client.get(ACCOUNT).content.decode()).select("#confirm-address")

    response = client.post(AGAIN, follow=True)

    assert "Your address is confirmed already" in response.content.decode()
    assert rows() == []


def test_sending_again_needs_a_post(client, erin):
    client.force_login(erin)
    assert client.get(AGAIN).status_code == 405
    assert rows() == []
