"""Settling disputes through the web: an editor dismisses or upholds one
(correcting the outcome), bad input is shown again with 400, a non-editor is
refused, a settled one is 409; the editors' queue lists the open ones with
their forms; a used email link points to the dispute form."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from predictions import rules, selectors, services
from predictions.models import Dispute
from tests.predictions.disputes import (
    EVIDENCE,
    kinds,
    open_one,
    prefixed,
    resolved,
    settle_url,
    stored,
)
from tests.predictions.notifications.resolve_links import link, notify
from tests.support.html import Page, attribute, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def prediction(editor, frozen_now):
    """Resolved "wrong" by the editor; it has a quote, so both can be disputed."""
    return resolved(editor, "wrong")


# --- settling ----------------------------------------------------------------------


def test_an_editor_dismisses_a_dispute(client, prediction, editor, contributor):
    dispute = open_one(prediction, contributor)
    client.force_login(editor)

    response = client.post(
        settle_url(dispute), prefixed(dispute, decision="dismiss", reason="The report is old.")
    )

    assert response.status_code == 302
    assert response["Location"] == f"{prediction.get_absolute_url()}#dispute-1"
    assert Dispute.objects.get().state == "dismissed"
    assert kinds(prediction)[-1] == "dispute_dismissed"


def test_an_editor_upholds_and_corrects_the_outcome(client, prediction, editor, contributor):
    dispute = open_one(prediction, contributor)
    client.force_login(editor)

    response = client.post(
        settle_url(dispute),
        prefixed(
            dispute,
            decision="uphold",
            action="correct",
            outcome="right",
            note="Reopened on 18 March.",
            evidence_url=EVIDENCE,
            reason="The report settles it.",
        ),
    )

    assert response.status_code == 302
    assert (stored(prediction).status, stored(prediction).outcome) == ("resolved", "right")
    assert Dispute.objects.get().state == "upheld"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"decision": "dismiss", "reason": ""},
            "reason",
            "Give a reason: it is shown on the prediction's record.",
        ),
        (
            {"decision": "uphold", "reason": "Right."},
            "action",
            "Choose what upholding it does: reopen or correct.",
        ),
        (
            {"decision": "uphold", "action": "correct", "reason": "Right."},
            "outcome",
            "Choose the outcome to record instead.",
        ),
    ],
)
def test_a_bad_settlement_is_shown_again_with_400(
    client, prediction, editor, contributor, data, field, message
):
    dispute = open_one(prediction, contributor)
    client.force_login(editor)
    before = kinds(prediction)

    response = client.post(settle_url(dispute), prefixed(dispute, **data))

    assert response.status_code == 400
    seen = Page(response.content.decode())
    field_id = f"id_settle-{prediction.pk}-1-{field}"
    assert message in seen.texts(f"#dispute-1 p.error[id^={field_id}]")
    assert Dispute.objects.get().state == "open"
    assert kinds(prediction) == before


def test_a_non_editor_may_not_settle(client, prediction, contributor, other_contributor):
    dispute = open_one(prediction, other_contributor)
    client.force_login(contributor)

    response = client.post(settle_url(dispute), prefixed(dispute, decision="dismiss", reason="X"))

    assert response.status_code == 403
    assert rules.RULES["settle"].refusal in Page(response.content.decode()).text
    assert Dispute.objects.get().state == "open"


def test_a_settled_dispute_is_409(client, prediction, editor, contributor):
    dispute = open_one(prediction, contributor)
    services.settle_dispute(dispute=dispute, actor=editor, decision="dismiss", reason="No.")
    client.force_login(editor)

    response = client.post(
        settle_url(dispute),
        prefixed(dispute, decision="uphold", action="reopen", reason="On reflection."),
    )

    assert response.status_code == 409
    problem = Page(response.content.decode()).one("#dispute-1 .error-summary")
    assert "Dispute 1 has been dismissed already." in text_of(problem)
    assert stored(prediction).status == "resolved"


def test_an_unknown_dispute_is_404(client, prediction, editor):
    client.force_login(editor)
    response = client.post(
        reverse("predictions:settle-dispute", args=[prediction.pk, 7]), {"x": "y"}
    )
    assert response.status_code == 404


# --- the editors' queue and the email link -------------------------------------------


def test_the_queue_partial_lists_open_disputes_with_their_forms(
    client, prediction, editor, contributor
):
    dispute = open_one(prediction, contributor)
    request = RequestFactory().get("/review/")
    request.user = editor

    html = render_to_string(
        "predictions/review/_disputes.html",
        {"open_disputes": selectors.open_disputes()},
        request=request,
    )

    seen = Page(html)
    entry = text_of(seen.one("li.dispute"))
    assert "The Riverton bridge reopens" in entry
    assert "It reopened on 18 March." in entry
    form = seen.one("form.settle-form")
    assert attribute(form, "action") == settle_url(dispute)
    assert attribute(seen.one('form.settle-form input[name="next"]'), "value") == "/review/"

    client.force_login(editor)
    response = client.post(
        settle_url(dispute),
        {"next": "/review/", **prefixed(dispute, decision="dismiss", reason="No.")},
    )
    assert response.status_code == 302
    assert response["Location"] == "/review/"


def test_the_queue_does_not_go_back_elsewhere(client, prediction, editor, contributor):
    dispute = open_one(prediction, contributor)
    client.force_login(editor)
    response = client.post(
        settle_url(dispute),
        {"next": "https://evil.example/", **prefixed(dispute, decision="dismiss", reason="No.")},
    )
    assert response["Location"] == f"{prediction.get_absolute_url()}#dispute-1"


def test_an_empty_queue_says_so():
    html = render_to_string("predictions/review/_disputes.html", {"open_disputes": []})
    assert "No dispute awaits a decision." in Page(html).text


def test_the_used_email_link_points_to_the_dispute_form(client, prediction, contributor):
    notification = notify(contributor, prediction)

    response = client.get(link(notification, "right"))

    assert response.status_code == 410
    seen = Page(response.content.decode())
    href = seen.links["dispute it on the prediction's page"]
    assert href == f"{prediction.get_absolute_url()}#dispute"
    assert "say so on the prediction" not in seen.text
