"""Outcome links that are refused: forged, tampered with or made for another
purpose, expired, already used, or pointing at a prediction someone else
resolved or withdrew, or at something gone. Each shows a page that says so,
and changes nothing."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse

from predictions import services
from predictions.models import EmailPreferences, Notification
from predictions.notifications import links
from tests.predictions.notifications.resolve_links import (
    confirm,
    link,
    state,
    text,
    token_of,
)

pytestmark = pytest.mark.django_db


def tampered(notification: Notification) -> dict[str, str]:
    wrong = token_of(link(notification, "wrong"))
    right = token_of(link(notification, "right"))
    payload, stamp, signature = wrong.rsplit(":", 2)
    other_signature = right.rsplit(":", 1)[1]
    flipped = "A" if signature[-1] != "A" else "B"
    return {
        "a changed signature": f"{payload}:{stamp}:{signature[:-1]}{flipped}",
        "a truncated token": wrong[:-5],
        "another link's signature": f"{payload}:{stamp}:{other_signature}",
        "made up": "not-a-token",
        "signed for another purpose": signing.dumps(
            {"n": notification.pk, "p": notification.prediction_id, "u": 1, "o": "right"},
            salt="somewhere.else",
        ),
    }


@pytest.mark.parametrize(
    "how",
    [
        "a changed signature",
        "a truncated token",
        "another link's signature",
        "made up",
        "signed for another purpose",
    ],
)
def test_a_forged_link_is_refused_and_changes_nothing(client, prediction, notification, how):
    path = reverse("predictions:email-resolve", args=[tampered(notification)[how]])
    before = state(prediction)

    for response in (client.get(path), client.post(path, {"version": 1, "outcome": "right"})):
        html = text(response)
        assert response.status_code == 400
        assert "This link is not valid" in html
        assert "Nothing was changed." in html
    assert state(prediction) == before


def test_a_link_signed_by_another_site_is_refused(client, prediction, notification, settings):
    ours = settings.SECRET_KEY
    settings.SECRET_KEY = "another site's key, long and random enough to pass for a real one"
    path = link(notification, "right")
    settings.SECRET_KEY = ours
    before = state(prediction)

    response = client.post(path, {"version": 1, "outcome": "right"})

    assert response.status_code == 400
    assert "This link is not valid" in text(response)
    assert state(prediction) == before


def test_an_outcome_changed_in_the_address_is_refused(client, prediction, notification):
    path = link(notification, "wrong").replace("outcome=wrong", "outcome=right")
    before = state(prediction)

    for response in (client.get(path), client.post(path, {"version": 1, "outcome": "right"})):
        assert response.status_code == 400
        assert "This link is not valid" in text(response)
    assert state(prediction) == before


def test_an_outcome_changed_in_the_form_is_refused(client, prediction, notification):
    path = link(notification, "wrong")
    before = state(prediction)

    response = client.post(path, {"version": 1, "outcome": "right"})

    assert response.status_code == 400
    assert "This link is not valid" in text(response)
    assert state(prediction) == before


def test_an_unsubscribe_token_is_no_resolve_link(client, prediction, contributor):
    unsubscribe = links.unsubscribe_url(contributor.pk, ["due"])
    path = reverse(
        "predictions:email-resolve",
        args=[token_of(unsubscribe.removeprefix(settings.SITE_URL))],
    )
    before = state(prediction)

    for response in (client.get(path), client.post(path, {"version": 1, "outcome": "right"})):
        assert response.status_code == 400
        assert "This link is not valid" in text(response)
    assert state(prediction) == before


def test_a_resolve_token_is_no_unsubscribe_link(client, notification, contributor):
    path = reverse("predictions:email-unsubscribe", args=[token_of(link(notification))])

    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert "This link is not valid" in text(response)
    assert not EmailPreferences.objects.filter(user=contributor).exists()


def test_a_link_has_expired_after_31_days(client, prediction, notification, frozen_now):
    path = link(notification, "wrong")
    before = state(prediction)
    frozen_now.shift(dt.timedelta(days=31))

    for response in (client.get(path), client.post(path, {"version": 1, "outcome": "wrong"})):
        html = text(response)
        assert response.status_code == 410
        assert "This link has expired" in html
        assert "Links to record an outcome work for 30 days." in html
        assert "Nothing was changed." in html
    assert state(prediction) == before


def test_a_used_link_says_so_and_changes_nothing(client, prediction, notification):
    path = link(notification, "wrong")
    assert confirm(client, path, note="Still closed on 2 March.").status_code == 302
    after = state(prediction)

    again = [
        client.get(path),
        client.post(path, {"version": after[2], "outcome": "wrong", "note": "Twice."}),
        client.get(link(notification, "right")),  # another link in the same email
        client.post(link(notification, "right"), {"version": after[2], "outcome": "right"}),
    ]

    for response in again:
        html = text(response)
        assert response.status_code == 410
        assert "This prediction has already been resolved" in html
        assert "alice recorded it as <strong>wrong</strong>" in html
        assert "The note: “Still closed on 2 March.”" in html
        assert "This link changed nothing." in html
    assert state(prediction) == after
    assert [kind for kind, _ in after[4]].count("resolved") == 1


def test_if_someone_else_resolved_it_the_page_says_who_and_how(
    client, prediction, notification, editor
):
    services.resolve_prediction(
        prediction=prediction, actor=editor, outcome="right", note="Opened on 28 February."
    )
    after = state(prediction)

    for response in (
        client.get(link(notification, "wrong")),
        client.post(link(notification, "wrong"), {"version": after[2], "outcome": "wrong"}),
    ):
        html = text(response)
        assert response.status_code == 410
        assert "This prediction has already been resolved" in html
        assert "charlie recorded it as <strong>right</strong>" in html
        assert '<time datetime="2026-03-10T12:00:00+00:00">10 March 2026, 12:00</time>' in html
        assert "The note: “Opened on 28 February.”" in html
    assert state(prediction) == after


def test_resolved_by_someone_else_between_the_page_and_the_confirmation(
    client, prediction, notification, editor
):
    path = link(notification, "wrong")
    page = client.get(path)
    assert page.status_code == 200
    services.resolve_prediction(prediction=prediction, actor=editor, outcome="right")
    after = state(prediction)

    response = client.post(path, {"version": 1, "outcome": "wrong"})

    assert response.status_code == 410
    assert "charlie recorded it as <strong>right</strong>" in text(response)
    assert state(prediction) == after


def test_a_withdrawn_prediction_cannot_be_resolved_from_the_email(
    client, prediction, notification, editor
):
    services.withdraw_prediction(prediction=prediction, actor=editor, reason="A misquote.")
    after = state(prediction)

    for response in (client.get(link(notification)), client.post(link(notification))):
        html = text(response)
        assert response.status_code == 410
        assert "This prediction is withdrawn" in html
        assert "Its outcome can no longer be recorded from this link." in html
    assert state(prediction) == after


# A prediction is never deleted (its history is append-only, docs/history.md),
# so its notifications go only by themselves.
@pytest.mark.parametrize("what", ["the notification", "the recipient's account"])
def test_a_link_to_something_gone_says_so(client, prediction, notification, contributor, what):
    path = link(notification)
    if what == "the notification":
        notification.delete()
    else:
        contributor.is_active = False
        contributor.save()

    for response in (client.get(path), client.post(path, {"version": 1, "outcome": "wrong"})):
        html = text(response)
        assert response.status_code == 410
        assert "This link no longer works" in html
        assert "Nothing was changed." in html
    assert state(prediction)[0] == "due"


def test_a_link_signed_with_an_outcome_that_does_not_exist_is_refused(client, notification):
    # Only this site can sign such a token, and resolve_url refuses to; should
    # one exist anyway it is a clear 400, not a 500.
    with pytest.raises(ValueError):
        links.resolve_url(notification, "maybe")
    token = signing.dumps(
        {
            "n": notification.pk,
            "p": notification.prediction_id,
            "u": notification.recipient_id,
            "o": "maybe",
        },
        salt=links.RESOLVE_SALT,
    )

    response = client.get(reverse("predictions:email-resolve", args=[token]))

    assert response.status_code == 400
    assert "This link is not valid" in text(response)


def test_a_used_link_stays_used_after_the_prediction_is_reopened(
    client, notification, prediction, contributor, editor
):
    services.resolve_prediction(prediction=prediction, outcome="wrong", actor=contributor)
    services.reopen_prediction(prediction=prediction, actor=editor, reason="Misread the news")
    before = state(prediction)

    for response in (client.get(link(notification)), client.post(link(notification))):
        assert response.status_code == 410
        assert "This link has already been used" in text(response)
    assert state(prediction) == before
