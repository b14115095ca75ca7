"""The forms' rate limits, as a person meets them: after too many failed
sign-ins every sign-in is refused, even with the right password, until the
window ends; sign-ups, reset requests, confirmation emails and claims filed
are limited too. A refusal is a 429 page saying when to try again."""

import datetime as dt

import pytest
from django.urls import reverse

from predictions.models import Prediction
from tests.accounts.support import PASSWORD as NEW_PASSWORD
from tests.accounts.support import rows
from tests.support.factories import PASSWORD, UserFactory
from tests.support.html import Page, text_of

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
WINDOW = dt.timedelta(minutes=15)


def refusal(response) -> str:
    assert response.status_code == 429
    return text_of(Page(response.content.decode()).one("[role=alert]"))


def sign_in(client, username: str = "alice", password: str = "wrong", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_after_too_many_failures_even_the_right_password_waits_for_the_window(
    client, contributor, limit, frozen_now
):
    limit("sign_in", 5, int(WINDOW.total_seconds()))
    for _ in range(5):
        assert sign_in(client).status_code == 200  # the form again, with its error

    sixth = sign_in(client)
    assert refusal(sixth) == "Too many failed sign-in attempts; try again in 15 minutes."
    assert sixth["Retry-After"] == "900"
    right_password = sign_in(client, password=PASSWORD)
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session

    frozen_now.shift(WINDOW - dt.timedelta(minutes=1))
    assert "try again in 1 minute." in refusal(sign_in(client, password=PASSWORD))

    frozen_now.shift(dt.timedelta(minutes=1))
    assert sign_in(client, password=PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(contributor.pk)


def test_failures_count_per_username_whatever_the_address(client, contributor, limit):
    limit("sign_in", 2, 900)
    sign_in(client, REMOTE_ADDR="192.0.2.1")
    sign_in(client, "ALICE", REMOTE_ADDR="192.0.2.2")

    assert sign_in(client, password=PASSWORD, REMOTE_ADDR="192.0.2.3").status_code == 429
    # Another username from a fresh address is not held up.
    UserFactory(username="bob")
    assert sign_in(client, "bob", PASSWORD, REMOTE_ADDR="192.0.2.4").status_code == 302


def test_failures_count_per_address_whatever_the_username(client, contributor, limit):
    limit("sign_in", 2, 900)
    sign_in(client, "someone")
    sign_in(client, "someone-else")

    assert sign_in(client, password=PASSWORD).status_code == 429
    assert sign_in(client, password=PASSWORD, REMOTE_ADDR="192.0.2.9").status_code == 302


def test_sign_ins_that_work_are_not_counted(client, contributor, limit):
    limit("sign_in", 1, 900)
    for _ in range(3):
        assert sign_in(client, password=PASSWORD).status_code == 302


def test_sign_ups_are_limited_per_address(client, limit, queued):
    limit("sign_up", 2, 3600)

    def sign_up(n: int):
        return client.post(
            reverse("accounts:signup"),
            {
                "username": f"new{n}",
                "email": f"new{n}@example.com",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )

    assert [sign_up(1).status_code, sign_up(2).status_code] == [200, 200]
    third = sign_up(3)
    assert refusal(third).startswith("Too many sign-ups; try again in ")
    assert len(rows()) == 2


def test_reset_requests_are_limited_per_email_address(client, contributor, limit, queued):
    limit("password_reset", 2, 3600)
    reset = reverse("password_reset")
    for n, address in enumerate(["alice@example.com", "ALICE@example.com"]):
        client.post(reset, {"email": address}, REMOTE_ADDR=f"192.0.2.{n}")

    third = client.post(reset, {"email": "alice@example.com"}, REMOTE_ADDR="192.0.2.99")

    assert refusal(third).startswith("Too many password reset requests; try again in ")
    assert len(rows(kind="password_reset")) == 2


def test_reset_requests_are_limited_per_client_address(client, limit, queued):
    limit("password_reset", 1, 3600)
    reset = reverse("password_reset")
    client.post(reset, {"email": "nobody@example.com"})

    # An unknown address is refused alike: the limit tells nothing.
    assert client.post(reset, {"email": "other@example.com"}).status_code == 429


def test_confirmation_emails_are_limited_per_account(client, limit, queued):
    limit("confirmation", 1, 3600)
    client.force_login(UserFactory(username="erin", verified=False))
    again = reverse("accounts:confirm-again")

    assert client.post(again).status_code == 302
    second = client.post(again)

    assert refusal(second).startswith("Too many confirmation emails sent; try again in ")
    assert len(rows()) == 1


CLAIM = {
    "source_url": "https://example.com/openai-wrong-side",
    "source_title": "OpenAI: wrong side of history",
    "published_on": "2025-02-01",
    "quote": "OpenAI may move towards open sourcing its models within the next month",
    "predictor": "Article commentator",
    "deadline": "2025-03-01",
    "confirm_deadline": "2025-03-01",
    "confirm_similar": "1",
}


def test_filing_on_the_web_is_limited_per_account(client, contributor, limit, frozen_now):
    limit("filing", 2, 3600)
    client.force_login(contributor)
    new = reverse("predictions:new")
    for n in (1, 2):
        assert client.post(new, {**CLAIM, "claim": f"Claim number {n}"}).status_code == 302

    third = client.post(new, {**CLAIM, "claim": "Claim number 3"}, REMOTE_ADDR="192.0.2.7")

    assert refusal(third) == "Too many claims filed; try again in 60 minutes."
    assert Prediction.objects.count() == 2


def test_filing_on_the_web_is_limited_per_client_address(client, limit, frozen_now):
    limit("filing", 1, 3600)
    new = reverse("predictions:new")
    client.force_login(UserFactory(username="alice"))
    assert client.post(new, {**CLAIM, "claim": "First"}).status_code == 302

    client.force_login(UserFactory(username="bob"))
    assert client.post(new, {**CLAIM, "claim": "Second"}).status_code == 429
    assert Prediction.objects.count() == 1


def test_the_admins_sign_in_counts_with_the_sites(client, staff, limit):
    limit("sign_in", 2, 900)
    sign_in(client, "dana")
    client.post("/admin/login/", {"username": "dana", "password": "wrong"})

    right = client.post("/admin/login/", {"username": "dana", "password": PASSWORD})

    assert refusal(right).startswith("Too many failed sign-in attempts; try again in ")
    assert "_auth_user_id" not in client.session
