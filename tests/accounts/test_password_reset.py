"""A forgotten password is reset by email. The request only writes an outbox
row and queues its id; a worker makes the one-use link and sends it, so the
link never travels through the broker, and the answer is the same whether
or not an account uses the address, even with the broker down. A completed
reset confirms the address, as the confirmation link would."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import tasks
from accounts.models import AccountEmail
from config.celery import app as celery_app
from predictions import rules
from tests.accounts.support import PASSWORD, link_path, rows
from tests.support.factories import UserFactory
from tests.support.ports import free_port

RESET = reverse("password_reset")


@pytest.fixture
def broker_down(monkeypatch):
    """Publishing goes to a Redis port where nothing listens, as kombu meets it
    when the broker is down."""
    dead = celery_app.connection_for_write(f"redis://127.0.0.1:{free_port()}/0")
    publish = tasks.deliver_account_email.apply_async
    monkeypatch.setattr(
        tasks.deliver_account_email,
        "apply_async",
        lambda *args, **kwargs: publish(*args, connection=dead, **kwargs),
    )
    yield
    dead.release()


def reset_with_link(client, message) -> int:
    """Follow the email's link and set PASSWORD; the answer's status."""
    form = client.get(link_path(message, "/accounts/reset/"), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    return done.status_code


@pytest.mark.django_db
def test_the_request_writes_a_row_and_queues_its_id_only(
    client, contributor, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(RESET, {"email": "ALICE@example.com"})

    assert response.status_code == 302
    assert len(callbacks) == 1  # queued after commit, not sent by the request
    assert rows() == [("alice", "password_reset", "pending")]
    assert queued == [AccountEmail.objects.get().pk]
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_worker_writes_a_reset_link_that_works(client, contributor, queued, site_url):
    client.post(RESET, {"email": "alice@example.com"})
    [row_id] = AccountEmail.objects.values_list("pk", flat=True)

    assert tasks.deliver_account_email.apply(args=[row_id]).get() == "sent"

    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == "Choose a new Hindsight password"
    assert "the Hindsight account alice" in message.body
    assert reset_with_link(client, message) == 302
    assert client.login(username="alice", password=PASSWORD)
    assert rows() == [("alice", "password_reset", "sent")]


@pytest.mark.django_db
def test_a_completed_reset_confirms_the_address(client, queued, site_url):
    erin = UserFactory(username="erin", verified=False)
    client.post(RESET, {"email": "erin@example.com"})
    tasks.deliver_account_email.apply(args=[AccountEmail.objects.get().pk]).get()

    assert reset_with_link(client, mail.outbox[0]) == 302

    assert type(erin).objects.get(pk=erin.pk).has_perm(rules.CONTRIBUTE_PERMISSION)


def test_a_message_queued_two_releases_ago_is_still_sent():
    # Two releases ago the request queued the email already written.
    legacy = {"subject": "Reset your password", "body": "Follow this link.", "to": "a@example.com"}

    assert tasks.send_account_email.apply(kwargs=legacy).get() is True

    [message] = mail.outbox
    assert (message.subject, message.body, message.to) == (
        "Reset your password",
        "Follow this link.",
        ["a@example.com"],
    )


@pytest.mark.django_db
def test_a_message_queued_by_the_previous_release_goes_through_the_outbox(contributor):
    # The previous release queued the user's id and which email.
    legacy = {"user_id": contributor.pk, "email": "password_reset"}

    assert tasks.send_account_email.apply(kwargs=legacy).get() is True

    assert [message.subject for message in mail.outbox] == ["Choose a new Hindsight password"]
    assert rows() == [("alice", "password_reset", "sent")]


@pytest.mark.django_db
def test_an_account_gone_inactive_meanwhile_gets_nothing(client, contributor, queued):
    client.post(RESET, {"email": "alice@example.com"})
    contributor.is_active = False
    contributor.save()

    row_id = AccountEmail.objects.get().pk
    assert tasks.deliver_account_email.apply(args=[row_id]).get() == "cancelled"

    assert mail.outbox == []
    assert rows() == [("alice", "password_reset", "cancelled")]


@pytest.mark.django_db
def test_an_unknown_address_queues_nothing_but_says_the_same(
    client, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET, {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert queued == []
    assert rows() == []


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
    # The row waits for the sweeper.
    assert rows() == [("alice", "password_reset", "pending")]
