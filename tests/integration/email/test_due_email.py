"""Due emails, end to end: a real Celery worker and beat on the test
PostgreSQL and Redis send through a real SMTP server (aiosmtpd) on localhost,
one email to each recipient, and its "Wrong" link, followed by a real HTTP
client, resolves the prediction in the filer's name."""

from predictions.models import (
    EmailPreferences,
    Follow,
    Notification,
    Prediction,
    PredictionEvent,
    Tag,
    TagFollow,
    Watch,
)
from tests.integration.email.support import (
    all_sent,
    due_prediction,
    summary,
    tally,
    worker_settings,
)
from tests.integration.email.web import browser, fetch
from tests.support.factories import StatementFactory, UserFactory
from tests.support.html import Page, attribute
from tests.support.markers import END_TO_END
from tests.support.worker import wait_for

pytestmark = END_TO_END


def resolve_form(html: str) -> tuple[str, dict[str, str]]:
    """Where the page's form posts to an email link, and the fields it sends."""
    form = Page(html).one('form[action*="/email/resolve/"]')
    fields = {
        attribute(field, "name"): (
            field.get_text() if field.name == "textarea" else attribute(field, "value", "")
        )
        for field in form.select("input[name], textarea[name]")
    }
    return attribute(form, "action"), fields


def text_and_html(message) -> tuple[str, str]:
    assert message.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    return parts["text/plain"], parts["text/html"]


def link_labelled(text: str, label: str) -> str:
    [url] = [
        line.split(": ", 1)[1]
        for line in text.splitlines()
        if line.strip().startswith(f"{label}: http")
    ]
    return url


def test_a_due_prediction_mails_each_recipient_once_and_its_wrong_link_resolves_it(
    celery, smtp, live_server
):
    filer = UserFactory.create(username="fiona")
    watcher = UserFactory.create(username="walter")
    predictor_fan = UserFactory.create(username="petra")
    tag_fan = UserFactory.create(username="tomas")
    opted_out = UserFactory.create(username="olga")
    EmailPreferences.objects.create(user=opted_out, due_emails=False)
    no_address = UserFactory.create(username="nadia", email="")
    statement = StatementFactory.create(text="The Riverton bridge reopens within the next month.")
    # Fiona is the speaker's own account: hers to resolve from the email.
    statement.speaker.account = filer
    statement.speaker.save(update_fields=["account"])
    prediction = due_prediction(
        claim="The Riverton bridge reopens",
        predictor=statement.speaker,
        statement=statement,
        deadline_text="within the next month",
        filed_by=filer,
    )
    transport = Tag.objects.create(name="transport", slug="transport")
    prediction.tags.add(transport)
    for user in (filer, watcher):  # the filer watches what they file
        Watch.objects.create(user=user, prediction=prediction)
    for user in (predictor_fan, opted_out, no_address):
        Follow.objects.create(user=user, person=prediction.predictor)
    TagFollow.objects.create(user=tag_fan, tag=transport)
    owed = {user.email: user for user in (filer, watcher, predictor_fan, tag_fan)}
    smtp.start()
    # The sweeper stays out of it: these emails go by the tasks queued when the
    # rows were written.
    processes = celery(
        **worker_settings(smtp, SITE_URL=live_server.url, NOTIFICATION_SWEEP_AFTER_SECONDS="3600")
    )

    processes.start_worker()
    processes.start_beat()

    delivered = wait_for(lambda: len(smtp.inbox) >= len(owed) and all_sent(len(owed))())
    assert delivered, f"{summary(tally(smtp.inbox))}\n{processes.log()}"
    rows = {row.recipient_id: row for row in Notification.objects.all()}
    assert set(rows) == {user.pk for user in owed.values()}
    messages = {received.to: received.message for received in smtp.inbox.messages}
    for received in smtp.inbox.messages:
        # On the wire the header is the plain URL, not RFC 2047 encoded words.
        assert f"List-Unsubscribe: <{live_server.url}/email/unsubscribe/".encode() in received.raw
    assert sorted(received.to for received in smtp.inbox.messages) == sorted(owed)
    for address, message in messages.items():
        row = rows[owed[address].pk]
        assert message["Message-ID"] == row.message_id
        assert message["List-Unsubscribe"].startswith(f"<{live_server.url}/email/unsubscribe/")
        assert message["List-Unsubscribe"].endswith(">")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text, html = text_and_html(message)
        assert "The Riverton bridge reopens" in text and "The Riverton bridge reopens" in html
        assert f"{live_server.url}{prediction.get_absolute_url()}" in text
    filers_text, _ = text_and_html(messages[filer.email])
    watchers_text, _ = text_and_html(messages[watcher.email])
    # Who may resolve records the outcome; anyone else proposes it, for an editor.
    assert "Record the outcome" in filers_text
    assert "Propose the outcome" in watchers_text
    wrong = link_labelled(filers_text, "Wrong")
    assert wrong.startswith(f"{live_server.url}/email/resolve/")

    http = browser()
    status, _, page = fetch(http, wrong)
    assert status == 200, page
    assert Prediction.objects.get(pk=prediction.pk).status == "due"  # a GET changes nothing
    action, fields = resolve_form(page)
    assert fields["outcome"] == "wrong" and fields["csrfmiddlewaretoken"]
    fields["note"] = "Still closed: the council postponed the works."
    status, location, page = fetch(http, live_server.url + action, fields)

    assert status == 302, page
    assert location == prediction.get_absolute_url()
    resolved = Prediction.objects.get(pk=prediction.pk)
    assert (resolved.status, resolved.outcome, resolved.resolved_by) == ("resolved", "wrong", filer)
    event = resolved.events.get(kind=PredictionEvent.Kind.RESOLVED)
    assert event.actor == filer
    assert fetch(http, wrong)[0] == 410  # used: the link now says so and changes nothing
    assert len(smtp.inbox) == len(owed)
