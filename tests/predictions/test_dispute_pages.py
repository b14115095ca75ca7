"""Disputes on a prediction's page: the "Disputed" marker while one is open,
each dispute with its state and settlement, the form to open one for whoever
may, and the forms to settle each for editors. Bad input is shown again with
400 beside its field; a refusal is 403; a state that no longer allows it 409."""

import pytest
from django.urls import reverse

from predictions import rules, services
from predictions.models import Dispute
from tests.predictions.disputes import (
    EVIDENCE,
    assert_every_input_is_labelled,
    dispute_url,
    open_one,
    page_of,
    published,
    resolved,
    settle_forms,
    settle_url,
)
from tests.support.factories import UserFactory
from tests.support.html import Page, attribute, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def prediction(editor, frozen_now):
    """Resolved "wrong" by the editor; it has a quote, so both can be disputed."""
    return resolved(editor, "wrong")


# --- what the page shows -------------------------------------------------------


def test_an_undisputed_prediction_offers_the_form_and_no_marker(client, prediction, contributor):
    client.force_login(contributor)
    seen = page_of(client, prediction)

    assert "Disputed" not in seen.texts("section.disputes .badge")
    form = seen.one("#dispute form")
    assert attribute(form, "action") == dispute_url(prediction)
    subjects = [attribute(radio, "value") for radio in form.select('input[name="subject"]')]
    assert subjects == ["quote", "outcome"]
    labels = seen.texts("#dispute fieldset label")
    assert labels == ["The quote", "The recorded outcome"]
    assert form.select_one("textarea[name=reason]") is not None
    assert form.select_one("input[name=evidence_url]") is not None
    assert_every_input_is_labelled(seen)


def test_only_what_can_be_disputed_is_offered(client, editor, contributor, frozen_now):
    client.force_login(contributor)
    seen = page_of(client, published(editor))

    radios = seen.select('#dispute input[name="subject"]')
    assert [attribute(radio, "value") for radio in radios] == ["quote"]
    assert radios[0].has_attr("checked")


def test_a_prediction_with_nothing_to_dispute_shows_no_panel(
    client, editor, contributor, frozen_now
):
    client.force_login(contributor)
    seen = page_of(client, published(editor, quote=False))
    assert seen.select("section.disputes") == []


def test_an_open_dispute_marks_the_prediction_disputed(
    client, prediction, contributor, other_contributor
):
    open_one(prediction, other_contributor)

    seen = page_of(client, prediction)

    assert seen.texts("p.disputed") == ["Disputed 1 dispute awaits an editor's decision."]
    entry = text_of(seen.one("#dispute-1"))
    assert "Dispute 1: the recorded outcome." in entry
    assert "Opened by bob on 10 March 2026. Open" in entry
    assert "It reopened on 18 March." in entry
    assert seen.links[EVIDENCE] == EVIDENCE
    # Disputing is on the history too, with its reason.
    assert any(e.startswith("Disputed by bob") for e in seen.timeline)


def test_a_settled_dispute_shows_the_decision_and_no_marker(
    client, prediction, editor, other_contributor
):
    dispute = open_one(prediction, other_contributor)
    services.settle_dispute(
        dispute=dispute, actor=editor, decision="dismiss", reason="The report is about 2025."
    )

    seen = page_of(client, prediction)

    assert seen.select("p.disputed") == []
    entry = text_of(seen.one("#dispute-1"))
    assert "Dismissed" in entry
    assert "Dismissed by charlie on 10 March 2026: The report is about 2025." in entry


def test_a_reader_is_asked_to_sign_in_to_dispute(client, prediction):
    seen = page_of(client, prediction)

    assert seen.select("#dispute form") == []
    href = seen.links["Sign in to dispute this prediction"]
    assert href == f"{reverse('login')}?next=/predictions/{prediction.pk}/%23dispute"


def test_an_unconfirmed_account_is_told_what_to_do(client, prediction):
    client.force_login(UserFactory(username="eve", verified=False))
    seen = page_of(client, prediction)

    assert seen.select("#dispute form") == []
    assert rules.UNCONFIRMED in seen.text


def test_an_editor_gets_a_settle_form_for_each_open_dispute(
    client, prediction, editor, contributor, other_contributor
):
    first = open_one(prediction, contributor)
    second = open_one(prediction, other_contributor, subject="quote", reason="Misquoted.")
    services.settle_dispute(dispute=first, actor=editor, decision="dismiss", reason="No.")

    client.force_login(editor)
    seen = page_of(client, prediction)

    assert settle_forms(seen) == [settle_url(second)]
    form = seen.one("form.settle-form")
    actions = [attribute(radio, "value") for radio in form.select('input[name$="-action"]')]
    assert actions == ["withdraw", "keep"]
    decisions = [attribute(radio, "value") for radio in form.select('input[name$="-decision"]')]
    assert decisions == ["uphold", "dismiss"]
    # A quote dispute needs no corrected outcome.
    assert form.select('select[name$="-outcome"]') == []
    assert_every_input_is_labelled(seen)


def test_an_outcome_dispute_can_be_corrected_from_its_form(client, prediction, editor, contributor):
    open_one(prediction, contributor)
    client.force_login(editor)

    form = page_of(client, prediction).one("form.settle-form")

    actions = [attribute(radio, "value") for radio in form.select('input[name$="-action"]')]
    assert actions == ["reopen", "correct"]
    assert form.select_one('select[name$="-outcome"]') is not None


def test_others_get_no_settle_form(client, prediction, contributor, other_contributor):
    open_one(prediction, other_contributor)
    client.force_login(contributor)
    assert settle_forms(page_of(client, prediction)) == []


def test_the_page_costs_the_same_however_many_disputes(
    client, prediction, editor, contributor, django_assert_max_num_queries
):
    client.force_login(editor)
    open_one(prediction, contributor)
    with django_assert_max_num_queries(20) as one:
        page_of(client, prediction)
    for _ in range(4):
        open_one(prediction, contributor)
    with django_assert_max_num_queries(len(one.captured_queries)):
        seen = page_of(client, prediction)
    assert len(settle_forms(seen)) == 5


# --- opening a dispute -----------------------------------------------------------


def test_a_verified_user_opens_a_dispute(client, prediction, contributor):
    client.force_login(contributor)

    response = client.post(
        dispute_url(prediction),
        {"subject": "outcome", "reason": "It reopened on 18 March.", "evidence_url": EVIDENCE},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{prediction.get_absolute_url()}#dispute-1"
    dispute = Dispute.objects.get()
    assert (dispute.subject, dispute.opened_by, dispute.state) == ("outcome", contributor, "open")
    seen = Page(client.get(response["Location"]).content.decode())
    assert seen.select("p.disputed")
    assert "Dispute 1 is open." in seen.text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"subject": "outcome", "reason": ""},
            "reason",
            "Say what is wrong, and how you know: editors read this.",
        ),
        (
            {"reason": "Misquoted."},
            "subject",
            "Choose what you dispute: the quote or the recorded outcome.",
        ),
        (
            {"subject": "quote", "reason": "Misquoted.", "evidence_url": "not a web address"},
            "evidence_url",
            "Enter a full web address, e.g. https://example.com/news.",
        ),
    ],
)
def test_bad_input_is_shown_again_with_400(client, prediction, contributor, data, field, message):
    client.force_login(contributor)

    response = client.post(dispute_url(prediction), data)

    assert response.status_code == 400
    seen = Page(response.content.decode())
    assert message in seen.texts(f"#dispute p.error[id^=id_{field}]")
    assert "Nothing was saved" in text_of(seen.one("#dispute .error-summary"))
    assert not Dispute.objects.exists()


def test_the_outcome_of_an_unresolved_prediction_is_refused_by_the_service(
    client, editor, contributor, frozen_now
):
    prediction = published(editor)
    client.force_login(contributor)

    response = client.post(dispute_url(prediction), {"subject": "outcome", "reason": "Wrong."})

    assert response.status_code == 400
    seen = Page(response.content.decode())
    assert "There is no recorded outcome to dispute yet." in seen.texts("#dispute p.error")
    # What was typed is kept.
    assert text_of(seen.one("#dispute textarea[name=reason]")) == "Wrong."
    assert not Dispute.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, prediction):
    response = client.post(dispute_url(prediction), {"subject": "quote", "reason": "Misquoted."})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Dispute.objects.exists()


def test_an_unconfirmed_account_gets_403_with_the_rule(client, prediction):
    client.force_login(UserFactory(username="eve", verified=False))

    response = client.post(dispute_url(prediction), {"subject": "quote", "reason": "Misquoted."})

    assert response.status_code == 403
    assert rules.UNCONFIRMED in Page(response.content.decode()).text
    assert not Dispute.objects.exists()


def test_a_withdrawn_prediction_is_409(client, prediction, editor, contributor):
    services.withdraw_prediction(prediction=prediction, actor=editor, reason="A duplicate.")
    client.force_login(contributor)

    response = client.post(dispute_url(prediction), {"subject": "quote", "reason": "Misquoted."})

    assert response.status_code == 409
    assert "there is nothing left to dispute" in Page(response.content.decode()).text
    assert not Dispute.objects.exists()


def test_a_claim_nobody_else_may_see_is_404(client, contributor, other_contributor, frozen_now):
    pending = services.file_claim(
        filed_by=contributor,
        claim="The bridge reopens",
        predictor="A Mayor",
        deadline_text="within the next month",
    )
    client.force_login(other_contributor)
    response = client.post(dispute_url(pending), {"subject": "quote", "reason": "Misquoted."})
    assert response.status_code == 404


def test_a_get_goes_to_the_form_on_the_page(client, prediction):
    response = client.get(dispute_url(prediction))
    assert response.status_code == 302
    assert response["Location"] == f"{prediction.get_absolute_url()}#dispute"
