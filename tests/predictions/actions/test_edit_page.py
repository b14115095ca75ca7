"""Editing and watching a prediction through the web. An edit carries the
version it was loaded at, like every action page; watching is a POST."""

import datetime as dt

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from predictions import services
from predictions.models import Prediction, Watch
from tests.predictions.actions.pages import (
    as_user,
    messages_on,
    stored,
    url,
)
from tests.support.html import Page, text_of

pytestmark = pytest.mark.django_db


# --- edit ----------------------------------------------------------------------------


def edit_data(prediction: Prediction, **changes) -> dict:
    return {
        "version": prediction.version,
        "claim": prediction.claim,
        "made_on": prediction.made_on.isoformat(),
        "deadline": prediction.deadline_text or prediction.resolves_on.isoformat(),
        "confidence": "" if prediction.confidence is None else prediction.confidence,
        "tags": ", ".join(prediction.tags.values_list("name", flat=True)),
        "reason": "The council notice gives the date.",
        **changes,
    }


def confirmed(client, prediction: Prediction, data: dict):
    """Post an edit whose deadline words give a new date: first the date
    shown for confirmation, nothing saved; then confirmed, saved."""
    shown = client.post(url("edit", prediction), data)
    assert shown.status_code == 200
    assert shown.context["confirming"]["resolves_on"]
    assert stored(prediction).version == prediction.version
    confirm = shown.context["form"]["confirm_deadline"].value()
    return client.post(url("edit", prediction), {**data, "confirm_deadline": confirm}, follow=True)


def test_the_edit_form_is_filled_in_and_labelled(client, prediction, editor):
    html = as_user(client, editor).get(url("edit", prediction)).content.decode()

    for name in ["claim", "made_on", "deadline", "confidence", "tags"]:
        assert f'<label for="id_{name}">' in html
    assert 'value="within the next month"' in html
    assert 'value="2026-02-20"' in html
    assert 'value="transport"' in html
    assert "Now: “within the next month” → 20 March 2026." in html


def test_an_editor_edits_and_new_words_move_the_deadline(client, prediction, editor):
    response = confirmed(
        as_user(client, editor),
        prediction,
        edit_data(
            prediction,
            claim="The Riverton bridge reopens to cars",
            deadline="within three months",
            confidence="0.4",
            tags="transport, bridges",
        ),
    )

    assertRedirects(response, prediction.get_absolute_url())
    assert messages_on(response) == ["Saved. The changes are on the prediction's history."]
    edited = stored(prediction)
    assert edited.claim == "The Riverton bridge reopens to cars"
    assert (edited.resolves_on, edited.deadline_text) == (
        dt.date(2026, 5, 20),
        "within three months",
    )
    assert edited.confidence == 0.4
    assert sorted(edited.tags.values_list("name", flat=True)) == ["bridges", "transport"]
    changes = edited.events.get(kind="edited").data["changes"]
    assert changes["resolves_on"] == ["2026-03-20", "2026-05-20"]
    assert changes["claim"] == [
        "The Riverton bridge reopens",
        "The Riverton bridge reopens to cars",
    ]
    html = response.content.decode()
    assert "Deadline: 20 March 2026 → 20 May 2026" in html
    assert "Reason: The council notice gives the date." in html
    assert edited.events.get(kind="edited").data["reason"] == "The council notice gives the date."


def test_a_date_replaces_the_words(client, prediction, editor):
    as_user(client, editor).post(
        url("edit", prediction), edit_data(prediction, deadline="2026-12-31")
    )

    edited = stored(prediction)
    assert (edited.resolves_on, edited.deadline_text) == (dt.date(2026, 12, 31), "")


def test_moving_when_it_was_said_moves_a_deadline_in_words(client, prediction, editor):
    confirmed(as_user(client, editor), prediction, edit_data(prediction, made_on="2026-01-20"))

    edited = stored(prediction)
    assert (edited.made_on, edited.resolves_on) == (dt.date(2026, 1, 20), dt.date(2026, 2, 20))
    assert edited.status == "due"  # that deadline has passed


def test_an_edit_that_changes_nothing_says_so(client, prediction, editor):
    response = as_user(client, editor).post(
        url("edit", prediction), edit_data(prediction), follow=True
    )

    assert messages_on(response) == ["Nothing changed, so nothing was saved."]
    assert stored(prediction).version == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"deadline": "soon"}, "deadline", "No deadline found"),
        ({"deadline": "2026-02-30"}, "deadline", "not a date in the calendar"),
        # The service refuses it: its resolves_on error is shown by the deadline.
        ({"deadline": "2026-01-01"}, "deadline", "cannot be before"),
        ({"claim": ""}, "claim", "required"),
        ({"confidence": "150"}, "confidence", "at most 100%"),
        ({"made_on": "yesterday"}, "made_on", "valid date"),
    ],
)
def test_bad_edits_are_shown_by_their_field(client, prediction, editor, changes, field, message):
    response = as_user(client, editor).post(
        url("edit", prediction), edit_data(prediction, **changes)
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert stored(prediction).version == 1


def test_a_stale_edit_is_a_conflict(client, prediction, editor):
    services.resolve_prediction(prediction=prediction, actor=editor, outcome="right")

    response = as_user(client, editor).post(
        url("edit", prediction), edit_data(prediction, claim="Something else")
    )

    assert response.status_code == 409
    assert stored(prediction).claim == "The Riverton bridge reopens"


# --- watching ----------------------------------------------------------------------


def test_watching_and_unwatching(client, prediction, other_contributor):
    as_user(client, other_contributor)

    response = client.post(url("watch", prediction), follow=True)
    assertRedirects(response, prediction.get_absolute_url())
    assert messages_on(response) == [
        "You are watching this prediction: you will hear when it falls due."
    ]
    assert Watch.objects.filter(user=other_contributor, prediction=prediction).exists()
    assert f'action="{url("unwatch", prediction)}"' in response.content.decode()

    client.post(url("watch", prediction), follow=True)  # twice is still once
    assert Watch.objects.filter(prediction=prediction, user=other_contributor).count() == 1

    response = client.post(url("unwatch", prediction), follow=True)
    assert messages_on(response) == ["You are no longer watching this prediction."]
    assert not Watch.objects.filter(user=other_contributor, prediction=prediction).exists()


@pytest.mark.parametrize("name", ["watch", "unwatch"])
def test_watching_is_a_post_by_a_signed_in_user(client, prediction, contributor, name):
    response = client.post(url(name, prediction))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={prediction.get_absolute_url()}"

    as_user(client, contributor)
    assert client.get(url(name, prediction)).status_code == 405


def test_unknown_predictions_are_404(client, prediction, editor):
    as_user(client, editor)
    missing = prediction.pk + 1
    for name in ["resolve", "reopen", "withdraw", "edit"]:
        assert client.get(reverse(f"predictions:{name}", args=[missing])).status_code == 404
    assert client.post(reverse("predictions:watch", args=[missing])).status_code == 404


# --- a reason, and the new date shown first ------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"claim": "The bridge reopens"}, "Say why the claim changes"),
        ({"deadline": "2026-12-31"}, "Say why the deadline changes"),
        (
            {"claim": "The bridge reopens", "made_on": "2026-02-19"},
            "Say why the claim and date it was said change",
        ),
    ],
)
def test_changing_the_claim_or_its_dates_needs_a_reason(
    client, prediction, editor, changes, message
):
    response = as_user(client, editor).post(
        url("edit", prediction), edit_data(prediction, reason="  ", **changes)
    )

    assert response.status_code == 400
    assert message in response.context["form"].errors["reason"][0]
    assert 'href="#id_reason"' in response.content.decode()  # in the error summary
    assert stored(prediction).version == 1


def test_tags_and_confidence_change_without_a_reason(client, prediction, editor):
    response = as_user(client, editor).post(
        url("edit", prediction), edit_data(prediction, reason="", tags="bridges", confidence="0.3")
    )

    assert response.status_code == 302
    assert "reason" not in stored(prediction).events.get(kind="edited").data


def test_new_deadline_words_show_their_date_before_saving(client, prediction, editor):
    response = as_user(client, editor).post(
        url("edit", prediction), edit_data(prediction, deadline="by the end of next year")
    )

    page = Page(response.content.decode())
    assert response.status_code == 200
    assert "gives the new deadline 31 December 2027 (it was 20 March 2026)" in text_of(
        page.one("#deadline-confirmation")
    )
    assert page.one('input[name="confirm_deadline"]')["value"] == "2027-12-31"
    assert stored(prediction).resolves_on == dt.date(2026, 3, 20)


def test_the_edit_page_previews_the_deadline_as_it_is_typed(client, prediction, editor):
    html = as_user(client, editor).get(url("edit", prediction)).content.decode()
    assert 'id="deadline-preview"' in html
    assert "js/deadline-preview.js" in html
