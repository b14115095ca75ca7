"""The outcome links in a due email.

Alice filed a prediction; its deadline has passed and the email asks her what
happened, with one link per outcome. A link opens a confirmation page and
nothing is recorded until she confirms: link scanners and mail previews follow
every GET. The signed token says whom the email went to, so the outcome is
recorded in her name without signing in. (Links refused: test_resolve_link_refusals.py.)"""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from predictions import services
from predictions.models import Notification, Prediction
from predictions.notifications import links
from tests.predictions.notifications.resolve_links import (
    EVIDENCE,
    OUTCOMES,
    confirm,
    hidden_fields,
    link,
    notify,
    signed_in,
    state,
    text,
)
from tests.support.html import Page, text_of

pytestmark = pytest.mark.django_db


def test_each_link_is_absolute_and_shows_its_outcome(notification, settings):
    settings.SITE_URL = "https://hindsight.example.org"

    for outcome in OUTCOMES:
        url = links.resolve_url(notification, outcome)
        assert re.fullmatch(
            rf"https://hindsight\.example\.org/email/resolve/[^/?]+/\?outcome={outcome}", url
        )


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


def test_a_recipient_who_may_not_resolve_proposes_with_evidence(
    client, prediction, other_contributor
):
    # Bob watches the prediction; only alice (her own forecast) or an editor may
    # resolve it, so his link opens the form to propose an outcome.
    path = link(notify(other_contributor, prediction), "wrong")
    before = state(prediction)

    page = client.get(path)
    assert page.status_code == 200
    assert "Propose <em>wrong</em> as this prediction's outcome?" in text(page)

    refused = confirm(client, path)
    assert refused.status_code == 400
    assert "Give the address of a page that shows what happened." in text(refused)
    assert state(prediction) == before

    done = confirm(client, path, evidence_url=EVIDENCE, note="Still closed.")
    assert done.status_code == 302
    stored = Prediction.objects.get(pk=prediction.pk)
    assert (stored.status, stored.outcome) == ("due", "")
    assert (stored.proposed_outcome, stored.proposed_by) == ("wrong", other_contributor)
    assert stored.proposed_evidence_url == EVIDENCE
    assert list(stored.events.values_list("kind", flat=True)) == ["filed", "proposed"]
    # The link is spent: following it again says an outcome is proposed.
    assert "An outcome has already been proposed" in text(client.get(path))


def test_a_recipient_who_may_no_longer_contribute_is_refused(client, prediction, other_contributor):
    path = link(notify(other_contributor, prediction), "right")
    other_contributor.user_permissions.clear()  # an editor made bob read-only
    before = state(prediction)

    for response in (client.get(path), client.post(path, {"version": 1, "outcome": "right"})):
        html = text(response)
        assert response.status_code == 403
        assert "You can no longer resolve this prediction" in html
        assert "Confirm your email address first" in html
        assert "Nothing was changed." in html
    assert state(prediction) == before


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
    version = hidden_fields(page, path)["version"]

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
    assert text_of(Page(html).one('textarea[name="note"]')) == "Closed."  # kept
    assert state(prediction) == before


def test_a_link_still_works_after_29_days(client, prediction, notification, frozen_now):
    path = link(notification, "wrong")
    frozen_now.shift(dt.timedelta(days=29))

    assert client.get(path).status_code == 200
    response = confirm(client, path)

    assert response.status_code == 302
    assert Prediction.objects.get(pk=prediction.pk).outcome == "wrong"


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
