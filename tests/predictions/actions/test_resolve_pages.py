"""Resolving, reopening and withdrawing through the web.

Each page calls its service with the version it was loaded at: a change made
meanwhile is shown as a conflict, with a link to reload, and nothing is saved.
Who may act is decided by predictions.rules; anyone else gets a 403."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from predictions import services
from tests.predictions.actions.pages import (
    EVIDENCE,
    as_user,
    kinds,
    messages_on,
    stored,
    url,
)
from tests.support.html import Page, text_of

pytestmark = pytest.mark.django_db


# --- who may open which page ---------------------------------------------------


@pytest.mark.parametrize("name", ["resolve", "reopen", "withdraw", "edit"])
def test_readers_are_asked_to_sign_in(client, prediction, name):
    for response in (client.get(url(name, prediction)), client.post(url(name, prediction))):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url(name, prediction)}"
    assert kinds(prediction) == ["filed"]


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("other_contributor", "edit"),
        ("other_contributor", "reopen"),
        ("other_contributor", "withdraw"),
        ("contributor", "reopen"),  # a self-forecaster resolves, but only editors undo
        ("contributor", "withdraw"),
    ],
)
def test_others_are_refused(client, prediction, request, who, name):
    as_user(client, request.getfixturevalue(who))
    data = {"version": 1, "outcome": "right", "reason": "Because.", "claim": "Hijacked"}

    assert client.get(url(name, prediction)).status_code == 403
    assert client.post(url(name, prediction), data).status_code == 403
    assert stored(prediction).version == 1
    assert kinds(prediction) == ["filed"]


# --- resolve -------------------------------------------------------------------


def test_the_resolve_page_shows_the_prediction_and_explains_each_outcome(
    client, prediction, contributor
):
    response = as_user(client, contributor).get(url("resolve", prediction))

    html = response.content.decode()
    form = Page(html)
    assert response.status_code == 200
    assert "The Riverton bridge reopens" in html
    assert "<blockquote>We will open the bridge within the next month.</blockquote>" in html
    assert '“within the next month”</span> → <time datetime="2026-03-20">' in html
    assert '<input type="hidden" name="version" value="1"' in html
    for value, label, hint in [
        ("right", "Right", "It happened as claimed, by the deadline."),
        ("wrong", "Wrong", "It did not happen by the deadline."),
        ("partly_right", "Partly right", "Some of it happened, or it happened late."),
        ("unresolvable", "Unresolvable", "It cannot be settled"),
    ]:
        radio = form.one(f'input[type="radio"][name="outcome"][value="{value}"]')
        radio_id = radio["id"]
        assert radio["aria-describedby"] == f"{radio_id}_hint"
        assert form.texts(f'label[for="{radio_id}"]') == [label]
        assert text_of(form.one(f"p.help#{radio_id}_hint")).startswith(hint)
    assert '<label for="id_note">' in html
    assert '<label for="id_evidence_url">' in html


def test_the_filer_resolves_their_own_prediction(client, prediction, contributor):
    response = as_user(client, contributor).post(
        url("resolve", prediction),
        {"version": 1, "outcome": "right", "note": "Opened on 18 March.", "evidence_url": EVIDENCE},
        follow=True,
    )

    assertRedirects(response, prediction.get_absolute_url())
    assert messages_on(response) == ["Resolved: Right. The outcome is now on the record."]
    resolved = stored(prediction)
    assert (resolved.status, resolved.outcome) == ("resolved", "right")
    assert resolved.resolution_note == "Opened on 18 March."
    assert resolved.evidence_url == EVIDENCE
    assert resolved.resolved_by == contributor
    event = resolved.events.get(kind="resolved")
    assert event.actor == contributor
    assert event.data["outcome"] == "right"
    assert event.data["note"] == "Opened on 18 March."
    assert event.data["evidence_url"] == EVIDENCE


def test_an_editor_resolves_anyones_prediction(client, prediction, editor):
    response = as_user(client, editor).post(
        url("resolve", prediction), {"version": 1, "outcome": "partly_right"}
    )

    assert response.status_code == 302
    resolved = stored(prediction)
    assert (resolved.outcome, resolved.resolved_by) == ("partly_right", editor)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"evidence_url": "not a link"}, "evidence_url", "Enter a full web address"),
        # Past the form, refused by the service: its message lands by the same field.
        ({"evidence_url": "ftp://example.com/file"}, "evidence_url", "http:// or https://"),
        ({"outcome": ""}, "outcome", "Choose what happened."),
        ({"outcome": "maybe"}, "outcome", "Select a valid choice"),
    ],
)
def test_bad_input_is_shown_by_its_field(client, prediction, contributor, data, field, message):
    response = as_user(client, contributor).post(
        url("resolve", prediction), {"version": 1, "outcome": "right", **data}
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    html = response.content.decode()
    summary = Page(html).one('div.error-summary[role="alert"]')
    assert message in text_of(summary)  # summarised at the top, linked to the field
    assert summary.select(f'a[href^="#id_{field}"]')
    assert f'id="id_{field}_error"' in html  # and beside the field
    assert stored(prediction).status == "open"


def test_a_change_made_meanwhile_is_a_conflict_not_an_overwrite(
    client, prediction, contributor, editor
):
    as_user(client, contributor)
    form_page = client.get(url("resolve", prediction)).content.decode()
    assert 'name="version" value="1"' in form_page
    services.edit_prediction(
        prediction=prediction,
        actor=editor,
        changes={"claim": "The Riverton bridge reopens to cars"},
    )

    response = client.post(
        url("resolve", prediction), {"version": 1, "outcome": "right", "note": "My note."}
    )

    assert response.status_code == 409
    html = response.content.decode()
    conflict = Page(html).one('div.error-summary[role="alert"]#conflict')
    assert "changed since you loaded it" in text_of(conflict)
    # Who changed what, when: not version numbers.
    assert re.search(r"\(edited by charlie on \d+ \w+ 20\d\d at \d\d:\d\d\)", text_of(conflict))
    assert "version" not in text_of(conflict)
    reload = conflict.select(f'a[href="{url("resolve", prediction)}"]')
    assert [text_of(link) for link in reload] == ["Reload this page"]
    assert "The Riverton bridge reopens to cars" in html  # the prediction as it is now
    assert "My note." in html  # what they wrote is not lost
    assert conflict.find_all_next("button") == []  # reload, don't resubmit
    current = stored(prediction)
    assert (current.status, current.version) == ("open", 2)
    assert kinds(prediction) == ["filed", "edited"]


def test_resolving_a_withdrawn_prediction_says_why_not(client, prediction, contributor, editor):
    services.withdraw_prediction(prediction=prediction, actor=editor, reason="Misquoted.")
    as_user(client, contributor)

    page = client.get(url("resolve", prediction))
    assert page.status_code == 200
    assert "This prediction is withdrawn: only an open or due prediction can be resolved." in (
        page.content.decode()
    )
    assert 'name="outcome"' not in page.content.decode()

    # A form loaded before the withdrawal, sent after it.
    response = client.post(url("resolve", prediction), {"version": 1, "outcome": "right"})
    assert response.status_code == 409
    assert "changed since you loaded it" in response.content.decode()

    # Even at the current version the state refuses it, with a message.
    response = client.post(url("resolve", prediction), {"version": 2, "outcome": "right"})
    assert response.status_code == 409
    assert (
        "This prediction is withdrawn: only an open or due prediction can be resolved."
        in response.content.decode()
    )
    assert stored(prediction).status == "withdrawn"


def test_a_form_without_its_version_is_not_saved(client, prediction, contributor):
    response = as_user(client, contributor).post(url("resolve", prediction), {"outcome": "right"})

    assert response.status_code == 400
    assert "reload the page" in response.content.decode()
    assert stored(prediction).status == "open"


# --- reopen and withdraw ----------------------------------------------------------


@pytest.fixture
def resolved(prediction, contributor):
    return services.resolve_prediction(
        prediction=prediction, actor=contributor, outcome="wrong", note="Still closed."
    )


def test_an_editor_reopens_with_a_reason(client, resolved, editor):
    as_user(client, editor)
    page = client.get(url("reopen", resolved)).content.decode()
    assert '<label for="id_reason">' in page
    assert 'name="version" value="2"' in page

    response = client.post(
        url("reopen", resolved), {"version": 2, "reason": "The council reversed it."}, follow=True
    )

    assertRedirects(response, resolved.get_absolute_url())
    assert messages_on(response) == ["Reopened: it is open again."]
    reopened = stored(resolved)
    assert (reopened.status, reopened.outcome, reopened.resolution_note) == ("open", "", "")
    event = reopened.events.get(kind="reopened")
    assert (event.actor, event.data["reason"]) == (editor, "The council reversed it.")


def test_an_editor_withdraws_with_a_reason(client, prediction, editor):
    response = as_user(client, editor).post(
        url("withdraw", prediction), {"version": 1, "reason": "A duplicate of another entry."}
    )

    assert response.status_code == 302
    withdrawn = stored(prediction)
    assert withdrawn.status == "withdrawn"
    event = withdrawn.events.get(kind="withdrawn")
    assert (event.actor, event.data["reason"]) == (editor, "A duplicate of another entry.")


@pytest.mark.parametrize("name", ["reopen", "withdraw"])
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(client, resolved, editor, name, reason):
    response = as_user(client, editor).post(url(name, resolved), {"version": 2, "reason": reason})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "reason": ["Give a reason: it is shown on the prediction's record."]
    }
    html = response.content.decode()
    assert '<p class="error" id="id_reason_error">Give a reason' in html
    assert 'href="#id_reason"' in html
    assert stored(resolved).status == "resolved"


def test_reopening_an_open_prediction_is_not_offered(client, prediction, editor):
    response = as_user(client, editor).get(url("reopen", prediction))

    assert response.status_code == 200
    html = response.content.decode()
    assert "only a resolved prediction can be reopened" in html
    assert 'name="reason"' not in html


def test_a_stale_withdrawal_is_a_conflict(client, resolved, editor, staff):
    services.reopen_prediction(prediction=resolved, actor=staff, reason="Reopened by dana.")

    response = as_user(client, editor).post(
        url("withdraw", resolved), {"version": 2, "reason": "Misquote."}
    )

    assert response.status_code == 409
    assert "Reload this page" in response.content.decode()
    assert stored(resolved).status == "open"
