"""A forgotten password is reset by email. The request only queues the
user's id; a worker makes the one-use link and sends it, so the link never
travels through the broker, and the answer is the same whether or not an
account uses the address, even with the broker down."""

import re

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse

from accounts.tasks import send_account_email
from config.celery import app as celery_app
from tests.support.factories import UserFactory
from tests.support.ports import free_port

RESET = reverse("password_reset")
PASSWORD = "a long enough passphrase 42"
SITE_URL = "https://hindsight.example"


@pytest.fixture
def queued(monkeypatch):
    """What the request put on the broker: (args, kwargs) of each task."""
    calls: list[tuple] = []
    monkeypatch.setattr(
        send_account_email,
        "apply_async",
        lambda args=None, kwargs=None, **_: calls.append((tuple(args or ()), kwargs or {})),
    )
    return calls


@pytest.fixture
def broker_down(monkeypatch):
    """Publishing goes to a Redis port where nothing listens, as kombu meets it
    when the broker is down."""
    dead = celery_app.connection_for_write(f"redis://127.0.0.1:{free_port()}/0")
    publish = send_account_email.apply_async
    monkeypatch.setattr(
        send_account_email,
        "apply_async",
        lambda *args, **kwargs: publish(*args, connection=dead, **kwargs),
    )
    yield
    dead.release()


def reset_link(message: EmailMessage) -> str:
    """The path of the reset link in the email's (plain text) body."""
    body = str(message.body)
    found = re.search(rf"{re.escape(SITE_URL)}(/accounts/reset/\S+)", body)
    assert found is not None, body
    return found.group(1)


@pytest.mark.django_db
def test_the_request_queues_the_users_id_and_nothing_secret(
    client, contributor, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(RESET, {"email": "ALICE@example.com"})

    assert response.status_code == 302
    assert len(callbacks) == 1  # queued after commit, not sent by the request
    assert queued == [((), {"user_id": contributor.pk, "email": "password_reset"})]
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_worker_writes_a_reset_link_that_works(
    client, contributor, queued, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE_URL
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET, {"email": "alice@example.com"})
    [(args, kwargs)] = queued

    send_account_email.apply(args=args, kwargs=kwargs).get()

    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == "Choose a new Hindsight password"
    assert "the Hindsight account alice" in message.body
    form = client.get(reset_link(message), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert done.status_code == 302
    assert client.login(username="alice", password=PASSWORD)


def test_a_message_queued_by_the_previous_release_is_still_sent():
    # Before this release the request queued the email already written.
    legacy = {"subject": "Reset your password", "body": "Follow this link.", "to": "a@example.com"}

    assert send_account_email.apply(kwargs=legacy).get() is True

    [message] = mail.outbox
    assert (message.subject, message.body, message.to) == (
        "Reset your password",
        "Follow this link.",
        ["a@example.com"],
    )


@pytest.mark.django_db
def test_an_account_gone_inactive_meanwhile_gets_nothing(contributor):
    contributor.is_active = False
    contributor.save()

    send_account_email.apply(kwargs={"user_id": contributor.pk, "email": "password_reset"}).get()

    assert mail.outbox == []


@pytest.mark.django_db
def test_an_unknown_address_queues_nothing_but_says_the_same(
    client, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET, {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert queued == []


def answer(client, address: str) -> tuple[int, list[tuple[str, int]], str]:
    response = client.post(RESET, {"email": address}, follow=True)
    return response.status_code, response.redirect_chain, response.content.decode()


# Autocommit, as in production: on_commit runs inside the request.
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_known_address_answers_like_an_unknown_one(client, broker_down):
    UserFactory(username="alice")
    client.raise_request_exception = False

    known = answer(client, "alice@example.com")
    unknown = answer(client, "nobody@example.com")

    assert known[0] == 200
    assert known == unknown
