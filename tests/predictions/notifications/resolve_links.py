"""Helpers for the tests of the outcome links in due emails."""

import re

from django.conf import settings

from predictions.models import Notification, Prediction
from predictions.notifications import links
from tests.support.html import attribute, page

EVIDENCE = "https://news.example.com/bridge-opens"
OUTCOMES = ["right", "wrong", "partly_right", "unresolvable"]


def notify(user, prediction: Prediction) -> Notification:
    return Notification.objects.create(
        recipient=user, prediction=prediction, kind="due", status="sent"
    )


def link(notification: Notification, outcome: str = "wrong") -> str:
    """The link as it appears in the email, without the site's address."""
    url = links.resolve_url(notification, outcome)
    assert url.startswith(settings.SITE_URL + "/")
    return url.removeprefix(settings.SITE_URL)


def token_of(path: str) -> str:
    found = re.fullmatch(r"/email/(?:resolve|unsubscribe)/([^/]+)/(?:\?.*)?", path)
    assert found is not None, f"not an email link: {path}"
    return found[1]


def state(prediction: Prediction) -> tuple:
    """Everything a link could change: status, outcome, version and the record."""
    stored = Prediction.objects.get(pk=prediction.pk)
    events = list(stored.events.order_by("id").values_list("kind", "actor__username"))
    return (stored.status, stored.outcome, stored.version, stored.resolution_note, events)


def hidden_fields(response, path: str) -> dict[str, str]:
    """The hidden fields of the page's form that posts back to ``path``, by name."""
    form = page(response).one(f'form[method="post"][action="{path}"]')
    return {
        attribute(field, "name"): attribute(field, "value")
        for field in form.select('input[type="hidden"]')
    }


def confirm(client, path: str, **data):
    """What the confirmation page sends: its CSRF token, version and outcome."""
    hidden = hidden_fields(client.get(path), path)
    fields = {name: hidden[name] for name in ("csrfmiddlewaretoken", "version", "outcome")}
    return client.post(path, {**fields, **data})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def text(response) -> str:
    return response.content.decode()
