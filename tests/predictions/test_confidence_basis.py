"""A confidence records where it came from: stated by the speaker, read from
their words by the ICD 203 table, or the filer's estimate. The forms take a
confidence as people write one; filing, editing, the API and the events all
carry the basis; the prediction's page says it."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from core.errors import InvalidInput
from predictions import services
from predictions.forms.claim import ClaimForm
from predictions.models import Prediction
from tests.predictions.confidence import QUOTE, file
from tests.support.html import Page

pytestmark = pytest.mark.django_db

NEW = reverse("predictions:new")
# A date deadline and the similar-claims check passed: the form files at once.
CLAIM = {
    "source_url": "https://example.com/bridge",
    "quote": QUOTE,
    "predictor": "A Mayor",
    "said_on": "2026-01-05",
    "claim": "The Riverton bridge reopens",
    "deadline": "2026-06-30",
    "confirm_similar": "1",
}


@pytest.fixture
def alice(client, contributor):
    client.force_login(contributor)
    return client


# --- the form's confidence input ------------------------------------------------


@pytest.mark.parametrize("typed", ["70", "70%", "0.7", "0.7 ", " 70 %", ".7"])
def test_the_form_takes_a_confidence_as_people_write_it(typed):
    form = ClaimForm({**CLAIM, "confidence": typed, "confidence_basis": "stated"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["confidence"] == 0.7


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("seventy", "Enter a number such as 70, 70% or 0.7."),
        ("150%", "Give at most 100% (you gave 150%)."),
        ("150", "Give at most 100% (you gave 150%)."),
        ("-5", "Enter a number such as 70, 70% or 0.7."),
        ("7e1", "Enter a number such as 70, 70% or 0.7."),
    ],
)
def test_other_text_is_refused_with_a_message_under_the_field(alice, typed, message):
    response = alice.post(NEW, {**CLAIM, "confidence": typed, "confidence_basis": "stated"})

    assert response.status_code == 400
    assert response.context["form"].errors["confidence"] == [message]
    page = Page(response.content.decode())
    assert message in page.one("#id_confidence_error").text
    # The summary names the field once: "Confidence: Enter a number …".
    assert f"Confidence: {message}" in page.one(".error-summary").text
    assert Prediction.objects.count() == 0


def test_the_form_files_a_stated_percentage(alice):
    response = alice.post(NEW, {**CLAIM, "confidence": "70%", "confidence_basis": "stated"})

    prediction = Prediction.objects.get()
    assert response.status_code == 302
    assert (prediction.confidence, prediction.confidence_basis) == (0.7, "stated")
    assert prediction.confidence_hedge == ""


def test_the_basis_is_a_labelled_choice_and_the_words_a_labelled_input(alice):
    page = Page(alice.get(NEW).content.decode())

    group = page.one("fieldset#confidence-basis")
    assert group.legend is not None and "Whose number is it?" in group.legend.text
    for value in ["stated", "hedge", "filer"]:
        radio = page.one(f'input[name="confidence_basis"][value="{value}"]')
        assert page.one(f'label[for="{radio["id"]}"]')
    # The filer's estimate is chosen until the filer says otherwise.
    assert page.one('input[name="confidence_basis"][value="filer"]').has_attr("checked")
    assert "The words it was read from" in page.one('label[for="id_confidence_hedge"]').text


def test_a_number_left_as_the_filers_estimate_is_stored_so(alice):
    alice.post(NEW, {**CLAIM, "confidence": "70", "confidence_basis": "filer"})

    assert Prediction.objects.get().confidence_basis == "filer"


def test_no_number_with_a_basis_other_than_hedge_is_no_confidence(alice):
    alice.post(NEW, {**CLAIM, "confidence": "", "confidence_basis": "stated"})

    prediction = Prediction.objects.get()
    assert (prediction.confidence, prediction.confidence_basis) == (None, "")


# --- read from the speaker's words ----------------------------------------------


def test_the_hedge_basis_needs_the_words_it_was_read_from(alice):
    response = alice.post(NEW, {**CLAIM, "confidence": "85", "confidence_basis": "hedge"})

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["confidence_hedge"] == [
        "Give the speaker's words the confidence was read from, e.g. “very likely”."
    ]
    assert Prediction.objects.count() == 0


def test_words_read_without_a_number_give_the_middle_of_their_band(alice):
    response = alice.post(
        NEW, {**CLAIM, "confidence_basis": "hedge", "confidence_hedge": "Very likely"}
    )

    prediction = Prediction.objects.get()
    assert response.status_code == 302
    assert prediction.confidence == 0.88  # ICD 203's "very likely" is 80%–95%
    assert (prediction.confidence_basis, prediction.confidence_hedge) == ("hedge", "Very likely")


def test_a_number_read_from_words_must_lie_in_their_band(alice):
    response = alice.post(
        NEW,
        {
            **CLAIM,
            "confidence": "70",
            "confidence_basis": "hedge",
            "confidence_hedge": "very likely",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["confidence"] == [
        "“very likely” reads as very likely, 80%–95%: give a confidence in that range, "
        "or none to use 88%."
    ]
    assert Prediction.objects.count() == 0


@pytest.mark.parametrize(
    ("words", "message"),
    [
        # Whole words: "likely" is not in "unlikely".
        ("likely", "“likely” does not occur in the quote."),
        ("almost certainly", "“almost certainly” does not occur in the quote."),
        ("fairly sure", "“fairly sure” is not in the table of estimative words (ICD 203)"),
    ],
)
def test_the_words_must_be_known_and_in_the_quote(words, message, contributor):
    with pytest.raises(InvalidInput) as error:
        file(
            contributor,
            quote="It is unlikely to reopen, says the mayor.",
            source_url="https://example.com/bridge",
            confidence_basis="hedge",
            confidence_hedge=words,
        )

    assert message in error.value.errors["confidence_hedge"][0]
    assert Prediction.objects.count() == 0


def test_without_a_quote_the_words_need_only_be_in_the_table(contributor):
    prediction = file(
        contributor, confidence=0.6, confidence_basis="hedge", confidence_hedge="likely"
    )

    assert (prediction.confidence, prediction.confidence_basis) == (0.6, "hedge")


def test_a_hedge_in_the_quote_is_not_turned_into_a_number_unasked(contributor):
    prediction = file(contributor, quote=QUOTE, source_url="https://example.com/bridge")

    assert prediction.confidence is None
    assert (prediction.confidence_basis, prediction.confidence_hedge) == ("", "")


def test_a_number_without_a_basis_is_the_filers_estimate(contributor):
    prediction = file(contributor, confidence=0.4)

    assert prediction.confidence_basis == "filer"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"confidence": 0.5, "confidence_basis": "guess"}, "confidence_basis"),
        ({"confidence_basis": "stated"}, "confidence"),
        ({"confidence": 0.5, "confidence_hedge": "likely"}, "confidence_hedge"),
    ],
)
def test_a_basis_that_does_not_fit_is_refused(contributor, arguments, field):
    with pytest.raises(InvalidInput) as error:
        file(contributor, **arguments)

    assert set(error.value.errors) == {field}
    assert Prediction.objects.count() == 0


def test_the_article_step_prefills_icd_words_but_not_a_bare_modal(alice):
    response = alice.post(
        reverse("predictions:from-article"),
        {
            "text": "The mayor said the bridge will very likely reopen within six months. "
            "She added that the tram may run within a year.",
            "published_on": "2026-01-05",
            "title": "Riverton news",
        },
    )
    links = {
        "bridge" if "bridge" in s["item"].sentence else "tram": s["link"]
        for s in response.context["suggestions"]["predictions"]
    }
    bridge = parse_qs(urlsplit(links["bridge"]).query)
    tram = parse_qs(urlsplit(links["tram"]).query)

    assert bridge["confidence_basis"] == ["hedge"]
    assert bridge["confidence_hedge"] == ["very likely"]
    assert "confidence_basis" not in tram and "confidence_hedge" not in tram

    page = Page(alice.get(links["bridge"]).content.decode())
    assert page.one('input[name="confidence_basis"][value="hedge"]').has_attr("checked")
    assert page.one("#id_confidence_hedge")["value"] == "very likely"


# --- events, editing ------------------------------------------------------------


def test_the_filed_event_records_the_basis_and_the_words(contributor):
    prediction = file(
        contributor,
        quote=QUOTE,
        source_url="https://example.com/bridge",
        confidence=0.9,
        confidence_basis="hedge",
        confidence_hedge="very likely",
    )

    data = prediction.events.get().data
    assert data["confidence"] == 0.9
    assert data["confidence_basis"] == "hedge"
    assert data["confidence_hedge"] == "very likely"


def test_an_edit_records_the_old_and_new_basis(contributor):
    prediction = file(contributor, confidence=0.7)

    edited = services.edit_prediction(
        prediction=prediction, actor=contributor, changes={"confidence_basis": "stated"}
    )

    assert edited.confidence_basis == "stated"
    assert edited.events.get(kind="edited").data == {
        "changes": {"confidence_basis": ["filer", "stated"]}
    }


def test_a_new_number_keeps_its_basis_and_clearing_it_clears_the_basis(contributor):
    prediction = file(contributor, confidence=0.7, confidence_basis="stated")

    prediction = services.edit_prediction(
        prediction=prediction, actor=contributor, changes={"confidence": 0.75}
    )
    assert (prediction.confidence, prediction.confidence_basis) == (0.75, "stated")

    prediction = services.edit_prediction(
        prediction=prediction, actor=contributor, changes={"confidence": None}
    )
    assert (prediction.confidence, prediction.confidence_basis) == (None, "")
    assert prediction.events.order_by("id").reverse()[0].data["changes"] == {
        "confidence": [0.75, None],
        "confidence_basis": ["stated", ""],
    }


def test_an_edit_to_words_not_in_the_quote_is_refused(contributor):
    prediction = file(contributor, quote=QUOTE, source_url="https://example.com/bridge")

    with pytest.raises(InvalidInput) as error:
        services.edit_prediction(
            prediction=prediction,
            actor=contributor,
            changes={"confidence_basis": "hedge", "confidence_hedge": "unlikely"},
        )

    assert list(error.value.errors) == ["confidence_hedge"]
    assert Prediction.objects.get().version == 1


def test_the_edit_form_shows_and_changes_the_basis(client, contributor):
    prediction = file(contributor, confidence=0.875, confidence_basis="stated")
    client.force_login(contributor)
    edit = reverse("predictions:edit", args=[prediction.pk])

    page = Page(client.get(edit).content.decode())
    assert page.one("#id_confidence")["value"] == "87.5%"
    assert page.one('input[name="confidence_basis"][value="stated"]').has_attr("checked")

    client.post(
        edit,
        {
            "version": 1,
            "claim": prediction.claim,
            "made_on": prediction.made_on.isoformat(),
            "deadline": "2026-06-30",
            "confidence": "87.5%",
            "confidence_basis": "filer",
            "confidence_hedge": "",
            "tags": "",
        },
    )

    stored = Prediction.objects.get()
    assert (stored.confidence, stored.confidence_basis) == (0.875, "filer")
    assert stored.events.get(kind="edited").data["changes"] == {
        "confidence_basis": ["stated", "filer"]
    }


# --- the prediction's page ------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"confidence": 0.7, "confidence_basis": "stated"}, "70%, stated by the speaker."),
        (
            {"confidence": 0.9, "confidence_basis": "hedge", "confidence_hedge": "very likely"},
            "90%, read from the words “very likely”.",
        ),
        (
            {"confidence": 0.7, "confidence_basis": "filer"},
            "70%, the filer's estimate — not in the speaker's Brier score.",
        ),
    ],
)
def test_the_page_says_whose_number_the_confidence_is(client, editor, arguments, words):
    prediction = file(editor, **arguments)

    page = Page(client.get(prediction.get_absolute_url()).content.decode())

    shown = page.one("#confidence")
    assert shown.text.strip().startswith(words)
    assert shown.a is not None and shown.a["href"] == reverse("about-method") + "#confidence"
