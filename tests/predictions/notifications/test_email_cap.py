"""An email lists 50 predictions at most: past that it says how many more
there are and links to the page that lists them all. A recipient owed 600
due emails at once got one message of about 2 MB before."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from predictions import notifications
from predictions.models import Notification
from tests.predictions.notifications.support import owe

pytestmark = pytest.mark.django_db

SITE_URL = "https://hindsight.example"
ALL_DUE = f"{SITE_URL}/predictions/?status=due"


def html_of(message) -> str:
    assert isinstance(message, EmailMultiAlternatives)
    content = message.alternatives[0][0]
    assert isinstance(content, str)
    return content


def test_600_due_predictions_make_one_email_of_50_with_a_link_to_the_rest(
    frozen_now, contributor, settings
):
    settings.SITE_URL = SITE_URL
    owe(contributor, 600)

    delivery = notifications.deliver_notifications(recipient_id=contributor.pk)

    assert delivery.sent == 600  # every row is answered by this one email
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    html = html_of(message)
    assert message.subject == "600 predictions are waiting for an outcome"
    assert "600 predictions you follow on Hindsight have reached their deadlines" in message.body
    assert message.body.count("The prediction: ") == 50
    assert html.count("See the prediction</a>") == 50
    assert "and 550 more" in message.body and "and 550 more" in html
    assert ALL_DUE in message.body
    assert f'href="{ALL_DUE}"' in html
    size = len(message.message().as_bytes())
    print(f"\nA due email about 600 predictions: {size} bytes")
    assert size < 250_000
    rows = Notification.objects.all()
    assert {row.status for row in rows} == {"sent"}
    assert {row.message_id for row in rows} == {message.extra_headers["Message-ID"]}


def test_50_predictions_are_all_listed_with_no_link_to_more(frozen_now, contributor):
    owe(contributor, 50)

    notifications.deliver_notifications(recipient_id=contributor.pk)

    message = mail.outbox[0]
    assert message.body.count("The prediction: ") == 50
    assert "...and" not in message.body
    assert "?status=due" not in message.body
