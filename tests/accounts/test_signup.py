"""Signing up: the account is made unconfirmed and owed one confirmation
email, nobody is signed in, and the answer is the same whether or not the
address already has an account (that account is told instead)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts import tasks
from predictions import rules
from tests.accounts.support import PASSWORD, link_path, rows
from tests.support.html import Page, text_of

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")


def sign_up(client, username: str = "erin", email: str = "erin@example.com", **changes):
    return client.post(
        SIGNUP,
        {
            "username": username,
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            **changes,
        },
    )


def test_signing_up_owes_one_confirmation_email_and_signs_nobody_in(
    client, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert response.status_code == 200
    main = text_of(Page(response.content.decode()).one("main"))
    assert "Check your inbox at erin@example.com" in main
    erin = get_user_model().objects.get(username="erin")
    assert erin.email == "erin@example.com"
    assert not rules.is_verified(erin)
    assert rows() == [("erin", "confirm_email", "pending")]
    assert queued == [erin.account_emails.get().pk]  # queued after commit, for a worker
    assert mail.outbox == []  # the request sends nothing itself
    assert "_auth_user_id" not in client.session


def test_a_used_address_gets_the_same_answer_and_its_account_is_told(
    client, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = sign_up(client, "erin", "erin@example.com")
        used = sign_up(client, "frank", "erin@example.com")
        used_otherwise_written = sign_up(client, "gina", "ERIN@Example.COM")

    assert new.status_code == used.status_code == used_otherwise_written.status_code == 200
    assert used.content == new.content
    otherwise = text_of(Page(used_otherwise_written.content.decode()).one("main"))
    assert "Check your inbox at ERIN@Example.COM" in otherwise
    assert not get_user_model().objects.filter(username__in=["frank", "gina"]).exists()
    assert rows() == [
        ("erin", "confirm_email", "pending"),
        ("erin", "already_registered", "pending"),
        ("erin", "already_registered", "pending"),
    ]
    assert len(queued) == 3
    assert "_auth_user_id" not in client.session


def test_the_already_registered_email_says_where_to_reset_the_password(
    client, contributor, queued, site_url
):
    sign_up(client, "mallory", "alice@example.com")
    [row_id] = contributor.account_emails.values_list("pk", flat=True)

    assert tasks.deliver_account_email.apply(args=[row_id]).get() == "sent"

    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == "Someone tried to sign up to Hindsight with your address"
    assert "your account alice" in message.body
    assert link_path(message, "/accounts/password_reset/") == reverse("password_reset")


def test_a_taken_username_is_said_on_the_form(client, contributor):
    response = sign_up(client, "ALICE", "someone@example.com")

    assert response.status_code == 400
    assert "username" in response.context["form"].errors
    assert rows() == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password2": "different"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password2"),
        ({"username": ""}, "username"),
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
    ],
)
def test_signup_errors_are_shown_by_their_field(client, change, field):
    response = sign_up(client, **change)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not get_user_model().objects.filter(username="erin").exists()
    assert rows() == []


def test_every_input_of_the_form_is_labelled(client):
    page = Page(client.get(SIGNUP).content.decode())

    inputs = page.select("form.claim-form input:not([type=hidden])")
    assert len(inputs) == 4
    for field in inputs:
        assert page.select(f'label[for="{field["id"]}"]')
