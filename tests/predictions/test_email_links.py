"""The outcome links in a due email.

Alice filed a prediction; its deadline has passed and the email asks her what
happened, with one link per outcome. A link opens a confirmation page and
nothing is recorded until she confirms: link scanners and mail previews follow
every GET. The signed token says whom the email went to, so the outcome is
recorded in her name without signing in. A forged, expired or used link shows
a page that says so, and changes nothing; if someone resolved the prediction
meanwhile, the page says who and how."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from predictions import services
from predictions.models import EmailPreferences, Notification, Prediction
from predictions.notifications import links

pytestmark = pytest.mark.django_db

EVIDENCE = "https://news.example.com/bridge-opens"
OUTCOMES = ["right", "wrong", "partly_right", "unresolvable"]


@pytest.fixture
def prediction(contributor, frozen_now):
    """Filed by alice, with its quote; its deadline, 1 March 2026, has passed."""
    prediction = services.file_claim(
        filed_by=contributor,
        claim="The Riverton bridge reopens",
        predictor="A Mayor",
        deadline_text="by the end of February",
        resolves_on=dt.date(2026, 3, 1),
        tags=["transport"],
        quote="We will open the bridge by the end of February.",
        source_title="Mayor promises bridge",
        published_on=dt.date(2026, 2, 1),
    )
    assert prediction.status == "due"
    return prediction


def notify(user, prediction: Prediction) -> Notification:
    return Notification.objects.create(
        recipient=user, prediction=prediction, kind="due", status="sent"
    )


@pytest.fixture
def notification(contributor, prediction):
    """The due email sent to alice, the filer."""
    return notify(contributor, prediction)


def link(notification: Notification, outcome: str = "wrong") -> str:
    """The link as it appears in the email, without the site's address."""
    url = links.resolve_url(notification, outcome)
    assert url.startswith(settings.SITE_URL + "/")
    return url.removeprefix(settings.SITE_URL)


def token_of(path: str) -> str:
    return re.fullmatch(r"/email/(?:resolve|unsubscribe)/([^/]+)/(?:\?.*)?", path).group(1)


def state(prediction: Prediction) -> tuple:
    """Everything a link could change: status, outcome, version and the record."""
    stored = Prediction.objects.get(pk=prediction.pk)
    events = list(stored.events.order_by("id").values_list("kind", "actor__username"))
    return (stored.status, stored.outcome, stored.version, stored.resolution_note, events)


def csrf_token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def confirm(client, path: str, **data):
    """What the confirmation page sends: its CSRF token, version and outcome."""
    page = client.get(path)
    assert page.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', page.content.decode())[1]
    outcome = re.search(r'type="hidden" name="outcome" value="([^"]+)"', page.content.decode())[1]
    fields = {"csrfmiddlewaretoken": csrf_token(page), "version": version, "outcome": outcome}
    return client.post(path, {**fields, **data})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def text(response) -> str:
    return response.content.decode()


# --- the link -------------------------------------------------------------------


def test_each_link_is_absolute_and_shows_its_outcome(notification, settings):
    settings.SITE_URL = "https://hindsight.example.org"

    for outcome in OUTCOMES:
        url = links.resolve_url(notification, outcome)
        assert re.fullmatch(
            rf"https://hindsight\.example\.org/email/resolve/[^/?]+/\?outcome={outcome}", url
        )


# --- a GET only asks --------------------------------------------------------------


def test_following_a_link_asks_for_confirmation_and_records_nothing(
    client, prediction, notification
):
    before = state(prediction)

    response = client.get(link(notification, "partly_right"))

    html = text(response)
    assert response.status_code == 200
    assert "Record this prediction as <em>partly right</em>?" in html
    assert "You followed the “Partly right” link in the email sent to alice." in html
    assert "Nothing is recorded until you confirm." in html
    assert "The Riverton bridge reopens" in html
    assert "<blockquote>We will open the bridge by the end of February.</blockquote>" in html
    assert '<input type="hidden" name="outcome" value="partly_right">' in html
    assert f'<input type="hidden" name="version" value="{before[2]}"' in html
    assert '<label for="id_note">' in html
    assert '<label for="id_evidence_url">' in html
    assert "Confirm: partly right</button>" in html
    assert state(prediction) == before
    assert not signed_in(client)


def test_a_link_scanner_following_every_link_twice_changes_nothing(
    client, prediction, notification
):
    before = state(prediction)

    for outcome in OUTCOMES:
        for _ in range(2):
            assert client.get(link(notification, outcome)).status_code == 200
            # Refused or answered without a body; either way, nothing happens.
            assert client.head(link(notification, outcome)).status_code == 200

    assert state(prediction) == before
    assert Prediction.objects.get(pk=prediction.pk).resolved_by is None


# --- the POST records it, in the recipient's name -----------------------------------


def test_confirming_records_the_outcome_in_the_recipients_name(
    prediction, notification, contributor
):
    browser = Client(enforce_csrf_checks=True)  # anonymous: alice never signs in

    response = confirm(
        browser,
        link(notification, "wrong"),
        note="Still closed on 2 March.",
        evidence_url=EVIDENCE,
    )

    assert response.status_code == 302
    assert response["Location"] == prediction.get_absolute_url()
    page = browser.get(response["Location"])
    assert "Resolved: Wrong. Thank you, alice." in text(page)
    resolved = Prediction.objects.get(pk=prediction.pk)
    assert (resolved.status, resolved.outcome) == ("resolved", "wrong")
    assert resolved.resolved_by == contributor
    assert resolved.resolution_note == "Still closed on 2 March."
    assert resolved.evidence_url == EVIDENCE
    event = resolved.events.get(kind="resolved")
    assert event.actor == contributor
    assert event.data["outcome"] == "wrong"
    assert event.data["evidence_url"] == EVIDENCE
    assert not signed_in(browser)


def test_the_confirmation_needs_the_pages_csrf_token(prediction, notification):
    browser = Client(enforce_csrf_checks=True)
    before = state(prediction)

    response = browser.post(link(notification), {"version": 1, "outcome": "wrong"})

    assert response.status_code == 403
    assert state(prediction) == before


def test_an_editor_who_got_the_email_resolves_as_themselves(client, prediction, editor):
    response = confirm(client, link(notify(editor, prediction), "right"))

    assert response.status_code == 302
    resolved = Prediction.objects.get(pk=prediction.pk)
    assert (resolved.outcome, resolved.resolved_by) == ("right", editor)
    assert resolved.events.get(kind="resolved").actor == editor


def test_a_recipient_who_may_not_resolve_is_refused(client, prediction, other_contributor):
    # Bob watches the prediction; only its filer or an editor may resolve it.
    path = link(notify(other_contributor, prediction), "right")
    before = state(prediction)

    for response in (client.get(path), client.post(path, {"version": 1, "outcome": "right"})):
        html = text(response)
        assert response.status_code == 403
        assert "You can no longer resolve this prediction" in html
        assert "Only the filer or an editor may resolve this prediction." in html
        assert "Nothing was changed." in html
    assert state(prediction) == before


# --- forged, tampered and cross-purpose links -----------------------------------------


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


# --- expiry ---------------------------------------------------------------------------


def test_a_link_still_works_after_29_days(client, prediction, notification, frozen_now):
    path = link(notification, "wrong")
    frozen_now.shift(dt.timedelta(days=29))

    assert client.get(path).status_code == 200
    response = confirm(client, path)

    assert response.status_code == 302
    assert Prediction.objects.get(pk=prediction.pk).outcome == "wrong"


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


# --- used, or settled by someone else -------------------------------------------------


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
        assert "Their note: “Still closed on 2 March.”" in html
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
        assert "Their note: “Opened on 28 February.”" in html
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


@pytest.mark.parametrize("what", ["the notification", "the recipient's account", "the prediction"])
def test_a_link_to_something_gone_says_so(client, prediction, notification, contributor, what):
    path = link(notification)
    if what == "the notification":
        notification.delete()
    elif what == "the recipient's account":
        contributor.is_active = False
        contributor.save()
    else:
        Prediction.objects.filter(pk=prediction.pk).delete()

    for response in (client.get(path), client.post(path, {"version": 1, "outcome": "wrong"})):
        html = text(response)
        assert response.status_code == 410
        assert "This link no longer works" in html
        assert "Nothing was changed." in html
    if what != "the prediction":
        assert state(prediction)[0] == "due"


# --- what the confirmation page refuses -------------------------------------------------


def test_a_change_made_meanwhile_is_a_conflict_not_an_overwrite(
    client, prediction, notification, editor
):
    path = link(notification, "wrong")
    page = client.get(path)
    services.edit_prediction(
        prediction=prediction,
        actor=editor,
        changes={"claim": "The Riverton bridge reopens to cars"},
    )
    after = state(prediction)
    version = re.search(r'name="version" value="(\d+)"', text(page))[1]

    response = client.post(path, {"version": version, "outcome": "wrong", "note": "Closed."})

    html = text(response)
    assert response.status_code == 409
    assert "This prediction changed since you loaded it" in html
    assert "Nothing was saved." in html
    assert "Reload the form</a>" in html
    assert "The Riverton bridge reopens to cars" in html  # as it is now
    assert state(prediction) == after
    # Reloaded, the link still works.
    assert confirm(client, path).status_code == 302
    assert Prediction.objects.get(pk=prediction.pk).outcome == "wrong"


@pytest.mark.parametrize(
    ("evidence_url", "message"),
    [
        ("not a link", "Enter a full web address"),
        # Past the form, refused by the service: the message still lands by the field.
        ("ftp://example.com/file", "http:// or https://"),
    ],
)
def test_bad_evidence_is_shown_by_its_field_and_nothing_is_stored(
    client, prediction, notification, evidence_url, message
):
    path = link(notification, "wrong")
    before = state(prediction)

    response = client.post(
        path, {"version": 1, "outcome": "wrong", "note": "Closed.", "evidence_url": evidence_url}
    )

    html = text(response)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["evidence_url"]
    assert message in " ".join(response.context["form"].errors["evidence_url"])
    assert "Nothing was saved: please correct the following." in html
    assert 'id="id_evidence_url_error"' in html
    assert re.search(r'<textarea name="note"[^>]*>\s*Closed\.</textarea>', html)  # kept
    assert state(prediction) == before


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


def test_a_link_emailed_after_a_reopening_still_works(
    client, notification, prediction, contributor, editor, frozen_now
):
    """Resolved and reopened before the email went out: its links are fresh."""
    services.resolve_prediction(prediction=prediction, outcome="wrong", actor=contributor)
    services.reopen_prediction(prediction=prediction, actor=editor, reason="Misread the news")
    frozen_now.shift(dt.timedelta(minutes=5))
    Notification.objects.filter(pk=notification.pk).update(status="sent", sent_at=timezone.now())
    notification.refresh_from_db()

    response = client.get(link(notification))

    assert response.status_code == 200
    assert "Nothing is recorded until you confirm" in text(response)


def test_a_link_followed_while_signed_in_as_someone_else_changes_nothing(
    client, notification, prediction, other_contributor
):
    client.force_login(other_contributor)
    before = state(prediction)

    for response in (client.get(link(notification)), client.post(link(notification))):
        assert response.status_code == 403
        assert "This link is someone else" in text(response)
        assert "emailed to alice, and you are signed in as bob" in text(response)
    assert state(prediction) == before


def test_a_link_followed_while_signed_in_as_its_recipient_works(
    client, notification, prediction, contributor
):
    client.force_login(contributor)

    assert client.get(link(notification)).status_code == 200
