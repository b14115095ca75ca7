"""Links in account emails are built on SITE_URL, never on the Host header of
the request that asked for them: with ALLOWED_HOSTS = ["*"] (DEBUG's default)
a forged Host would otherwise put an attacker's address in a password reset
link, and the token with it."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import tasks
from accounts.models import AccountEmail
from tests.accounts.support import PASSWORD, SITE_URL
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

FORGED = "attacker.example"


@pytest.fixture(autouse=True)
def any_host(settings, site_url):
    settings.ALLOWED_HOSTS = ["*"]


def links_in_the_email_sent_for(client, path: str, data: dict) -> list[str]:
    response = client.post(path, data, HTTP_HOST=FORGED)
    assert response.status_code in {200, 302}
    for row_id in AccountEmail.objects.values_list("pk", flat=True):
        assert tasks.deliver_account_email.apply(args=[row_id]).get() == "sent"
    assert mail.outbox, "no email was sent"
    bodies = " ".join(str(message.body) for message in mail.outbox)
    assert FORGED not in bodies
    return re.findall(r"https?://\S+", bodies)


def test_the_password_reset_link(client, contributor, queued):
    links = links_in_the_email_sent_for(
        client, reverse("password_reset"), {"email": "alice@example.com"}
    )

    assert [link for link in links if "/accounts/reset/" in link]
    assert all(link.startswith(SITE_URL + "/") for link in links), links


def test_the_confirmation_link(client, queued):
    links = links_in_the_email_sent_for(
        client,
        reverse("accounts:signup"),
        {
            "username": "erin",
            "email": "erin@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert [link for link in links if "/accounts/confirm/" in link]
    assert all(link.startswith(SITE_URL + "/") for link in links), links


def test_the_confirmation_sent_again(client, queued):
    erin = UserFactory(username="erin", verified=False)
    client.force_login(erin)

    links = links_in_the_email_sent_for(client, reverse("accounts:confirm-again"), {})

    assert [link for link in links if "/accounts/confirm/" in link]
    assert all(link.startswith(SITE_URL + "/") for link in links), links


def test_the_already_registered_email(client, contributor, queued):
    links = links_in_the_email_sent_for(
        client,
        reverse("accounts:signup"),
        {
            "username": "mallory",
            "email": "alice@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert len(links) == 2  # where to reset the password, where to sign in
    assert all(link.startswith(SITE_URL + "/") for link in links), links
