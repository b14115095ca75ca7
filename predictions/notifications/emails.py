"""Building emails. One name maps to three templates under templates/notifications/emails/:
``<name>_subject.txt``, ``<name>.txt`` and ``<name>.html``."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from predictions import rules
from predictions.models import Notification, Prediction
from predictions.notifications import links

# An email lists this many predictions at most; past that it says how many
# more there are and links to the page that lists every due prediction. A
# recipient owed 600 at once (a tag followed, a backlog made due) would get
# a message of about 2 MB otherwise.
ITEM_LIMIT = 50


class LedgerEmail(EmailMultiAlternatives):
    """An email whose long URL headers stay URLs.

    A List-Unsubscribe URL has nowhere to fold. At the email package's default
    78 columns it would be rewritten as RFC 2047 encoded words, which mail
    clients do not read as a URL; RFC 5322 allows header lines of 998. Only the
    flattening changes: the bodies keep the transfer encoding chosen for 78.
    """

    def message(self, **kwargs):
        message = super().message(**kwargs)
        message.policy = message.policy.clone(max_line_length=998)
        return message


@dataclass(frozen=True)
class OutcomeLink:
    label: str
    url: str


@dataclass(frozen=True)
class Item:
    """One prediction in an email, with the links this recipient may use."""

    notification: Notification
    prediction: Prediction
    page_url: str
    outcome_links: list[OutcomeLink]
    # The links open the form to propose an outcome, which an editor confirms.
    proposing: bool = False


def render(name: str, context: dict) -> tuple[str, str, str]:
    """Subject (one line), plain text and HTML of the named email."""
    subject = " ".join(
        render_to_string(f"notifications/emails/{name}_subject.txt", context).split()
    )
    text = render_to_string(f"notifications/emails/{name}.txt", context)
    html = render_to_string(f"notifications/emails/{name}.html", context)
    return subject, text, html


def message_id(notification_ids: Sequence[int]) -> str:
    """The same rows always give the same Message-ID, so a message sent twice
    (a worker killed between the SMTP server's acceptance and the database
    commit) is recognisable as a repeat by the mail system and by us."""
    ids = sorted(notification_ids)
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]
    domain = urlsplit(settings.SITE_URL).hostname or "hindsight.invalid"
    return f"<notifications.{ids[0]}.{len(ids)}.{digest}@{domain}>"


def item_for(notification: Notification, resolve_template: str | None = None) -> Item:
    prediction = notification.prediction
    may_resolve = rules.may("resolve", notification.recipient, prediction)
    proposing = not may_resolve and rules.may("propose", notification.recipient, prediction)
    urls = (
        links.resolve_urls(notification, Prediction.Outcome.values, resolve_template)
        if may_resolve or proposing
        else {}
    )
    return Item(
        notification=notification,
        prediction=prediction,
        page_url=links.absolute(prediction.get_absolute_url()),
        outcome_links=[
            OutcomeLink(label, urls[outcome])
            for outcome, label in Prediction.Outcome.choices
            if outcome in urls
        ],
        proposing=proposing,
    )


def notification_email(notifications: Sequence[Notification]) -> LedgerEmail:
    """One email to one recipient about all these predictions: those that just
    came due first, then the reminders, ITEM_LIMIT of them at most, and a link
    to the list of every due prediction for the rest. The email answers every
    row it was built from, listed or not."""
    recipient = notifications[0].recipient
    due_rows = [n for n in notifications if n.kind == Notification.Kind.DUE]
    reminder_rows = [n for n in notifications if n.kind != Notification.Kind.DUE]
    template = links.resolve_path_template()  # one reverse() for every item's links
    due = [item_for(n, template) for n in due_rows[:ITEM_LIMIT]]
    reminders = [item_for(n, template) for n in reminder_rows[: ITEM_LIMIT - len(due)]]
    items = due + reminders
    kinds = sorted({n.kind for n in notifications})
    unsubscribe_url = links.unsubscribe_url(recipient.pk, kinds)
    context = {
        "recipient": recipient,
        "due": due,
        "reminders": reminders,
        "items": items,
        # What the email is about, listed or not.
        "total": len(notifications),
        "due_count": len(due_rows),
        "reminder_count": len(reminder_rows),
        "more": len(notifications) - len(items),
        "more_url": links.absolute(f"{reverse('predictions:list')}?status=due"),
        "unsubscribe_url": unsubscribe_url,
        "unsubscribe_what": " and ".join(
            "reminders" if kind == Notification.Kind.OVERDUE_REMINDER else "due emails"
            for kind in kinds
        ),
        "account_url": links.absolute(reverse("accounts:account")),
        "site_url": settings.SITE_URL,
    }
    subject, text, html = render("notification", context)
    message = LedgerEmail(
        subject=subject,
        body=text,
        to=[recipient.email],
        headers={
            "Message-ID": message_id([n.pk for n in notifications]),
            # RFC 8058: a mail client may unsubscribe with one POST to this URL.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
