"""What a due email or a reminder says: the claim, the quote and its source,
the deadline, outcome links for whoever may resolve, and unsubscribe headers
that mail clients can use."""

import datetime as dt
import email.policy
import re

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives

from predictions import notifications, services
from predictions.models import Follow, Notification
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def html_part(message: EmailMessage) -> str:
    """The HTML alternative of a sent email."""
    assert isinstance(message, EmailMultiAlternatives)
    content, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert isinstance(content, str)
    return content


def test_the_email_has_both_parts_the_links_and_the_unsubscribe_headers(due_prediction, settings):
    settings.SITE_URL = "https://hindsight.example"
    services.mark_due()

    notifications.deliver_notifications(recipient_id=due_prediction.filed_by_id)

    message = mail.outbox[0]
    assert message.subject == f"Did it happen? “{due_prediction.claim}”"
    html = html_part(message)
    headers = message.extra_headers
    assert headers["List-Unsubscribe"].startswith("<https://hindsight.example/email/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Message-ID"].endswith("@hindsight.example>")
    for outcome in ("right", "wrong", "partly_right", "unresolvable"):
        assert f"?outcome={outcome}" in message.body
        assert f"?outcome={outcome}" in html
    page = f"https://hindsight.example/predictions/{due_prediction.pk}/"
    assert page in message.body and page in html
    assert "“It will happen" not in message.body  # no statement on this prediction


def test_the_quote_source_and_deadline_phrase_are_in_the_email(frozen_now, editor):
    prediction = services.file_claim(
        filed_by=editor,
        claim="OpenAI releases the weights of a model",
        predictor="Sam Example",
        quote="We may open source our models within the next month.",
        source_url="https://news.example.com/openai",
        source_title="OpenAI may open up",
        made_on=dt.date(2026, 2, 10),
        deadline_text="within the next month",
    )
    frozen_now.shift(dt.timedelta(days=1))  # the deadline, 10 March, has passed
    services.mark_due()

    notifications.deliver_notifications(recipient_id=editor.pk)

    body = mail.outbox[0].body
    html = html_part(mail.outbox[0])
    assert "“We may open source our models within the next month.”" in body
    assert "Sam Example, OpenAI may open up <https://news.example.com/openai>" in body
    assert "Deadline:     10 March 2026 (“within the next month”)" in body
    assert 'href="https://news.example.com/openai"' in html
    assert Notification.objects.get().prediction == prediction


def test_editors_record_the_outcome_and_others_propose_it(due_prediction, editor):
    """alice judges her own forecast; charlie is an editor; pat, a follower,
    may only propose, and his email says so."""
    follower = UserFactory.create(username="pat")
    for user in (follower, editor):
        Follow.objects.create(user=user, person=due_prediction.predictor)
    services.mark_due()

    for user in (due_prediction.filed_by, follower, editor):
        notifications.deliver_notifications(recipient_id=user.pk)

    bodies = {message.to[0]: message.body for message in mail.outbox}
    for address in ("alice@example.com", "charlie@example.com"):
        assert "?outcome=wrong" in bodies[address]
        assert "Record the outcome" in bodies[address]
        assert "Propose the outcome" not in bodies[address]
    assert "?outcome=wrong" in bodies["pat@example.com"]
    assert "Propose the outcome" in bodies["pat@example.com"]
    assert "Record the outcome" not in bodies["pat@example.com"]
    assert f"/predictions/{due_prediction.pk}/" in bodies["pat@example.com"]


def test_a_reminder_says_so(due_prediction, frozen_now):
    services.mark_due()
    notifications.deliver_notifications(recipient_id=due_prediction.filed_by_id)
    frozen_now.shift(dt.timedelta(days=7))
    notifications.queue_reminders()

    notifications.deliver_notifications(recipient_id=due_prediction.filed_by_id)

    reminder = mail.outbox[1]
    assert reminder.subject == f"Still unresolved: “{due_prediction.claim}”"
    assert "Reminder 1 of 4" in reminder.body
    assert "Stop reminders:" in reminder.body


@pytest.mark.parametrize("policy", [email.policy.default, email.policy.SMTP])
def test_the_unsubscribe_header_is_a_plain_url_on_the_wire(due_prediction, settings, policy):
    """As the file and SMTP backends flatten it: not folded into RFC 2047
    encoded words, which mail clients would not read as a URL."""
    settings.SITE_URL = "https://hindsight.example"
    services.mark_due()
    notifications.deliver_notifications(recipient_id=due_prediction.filed_by_id)

    raw = mail.outbox[0].message(policy=policy).as_bytes()

    [header] = [line for line in raw.splitlines() if line.startswith(b"List-Unsubscribe:")]
    assert re.fullmatch(
        rb"List-Unsubscribe: <https://hindsight\.example/email/unsubscribe/\S+/>", header
    )
    assert b"=?utf-8?" not in header
    assert b"Content-Transfer-Encoding: quoted-printable" in raw  # the bodies as before
