"""Filing another prediction from a quote already in the ledger: the
prediction's page offers it to a signed-in reader; the form shows the quote
as recorded (not fields to retype it) with its speaker as the predictor; the
claim cites that very quote. A quote that is gone, or not public, is refused
by name."""

import datetime as dt

import pytest
from django.urls import reverse

from predictions import services
from predictions.models import Prediction
from sources.models import Statement
from tests.support.factories import PersonFactory, UserFactory, make_verified
from tests.support.html import Page, text_of

pytestmark = pytest.mark.django_db

NEW = reverse("predictions:new")


@pytest.fixture
def quoted(editor, frozen_now):
    """A published prediction with a quote from a dated source."""
    return services.file_claim(
        filed_by=editor,
        claim="The bridge reopens",
        predictor=PersonFactory(name="Mira Mayor", slug="mira-mayor"),
        quote="The bridge reopens in May and the trams run again by June.",
        source_url="https://news.example.com/bridge",
        source_title="Mayor on the bridge",
        published_on=dt.date(2026, 2, 20),
        resolves_on=dt.date(2026, 5, 31),
    )


def test_the_page_offers_another_prediction_from_its_quote(client, quoted, contributor):
    assert (
        "File another prediction from this quote"
        not in client.get(quoted.get_absolute_url()).content.decode()
    )
    client.force_login(contributor)

    links = Page(client.get(quoted.get_absolute_url()).content.decode()).links

    assert (
        links["File another prediction from this quote"] == f"{NEW}?statement={quoted.statement_id}"
    )


def test_the_form_shows_the_quote_and_files_a_claim_citing_it(client, quoted, contributor):
    client.force_login(contributor)
    form = Page(client.get(NEW, {"statement": quoted.statement_id}).content.decode())

    assert text_of(form.one("#cited-quote blockquote")) == (
        "The bridge reopens in May and the trams run again by June."
    )
    assert form.one('input[name="statement"]')["value"] == str(quoted.statement_id)
    assert form.one("#id_predictor")["value"] == "Mira Mayor"
    assert not form.select("#id_quote") and not form.select("#id_source_url")

    response = client.post(
        NEW,
        {
            "statement": quoted.statement_id,
            "predictor": "Mira Mayor",
            "predictor_slug": "mira-mayor",
            "claim": "The trams run again",
            "deadline": "2026-06-30",
        },
    )

    assert response.status_code == 302
    trams = Prediction.objects.get(claim="The trams run again")
    assert trams.statement_id == quoted.statement_id
    assert trams.predictor_id == quoted.predictor_id
    assert trams.made_on == dt.date(2026, 2, 20)  # when the words were said
    assert Statement.objects.count() == 1


@pytest.mark.parametrize("statement", ["999999", "abc", "-1", "99999999999999999999"])
def test_a_quote_not_in_the_ledger_gives_the_ordinary_form(client, quoted, contributor, statement):
    client.force_login(contributor)
    response = client.get(NEW, {"statement": statement})

    assert response.status_code == 200
    form = Page(response.content.decode())
    assert not form.select("#cited-quote")
    assert form.select("#id_quote")


def test_a_quote_gone_or_not_public_is_refused_by_name(client, quoted, contributor, editor):
    pending_filer = make_verified(UserFactory(username="newcomer"))
    pending = services.file_claim(
        filed_by=pending_filer,
        claim="Rents fall",
        predictor="Someone Else",
        quote="Rents will fall.",
        source_title="A pamphlet",
        published_on=dt.date(2026, 1, 1),
        resolves_on=dt.date(2026, 12, 31),
    )
    assert pending.review_state == Prediction.ReviewState.PENDING
    client.force_login(contributor)

    response = client.post(
        NEW,
        {
            "statement": pending.statement_id,
            "predictor": "Someone Else",
            "claim": "Rents fall further",
            "deadline": "2027-01-01",
        },
    )

    assert response.status_code == 400
    summary = text_of(Page(response.content.decode()).one(".error-summary"))
    assert "That quote is no longer in the ledger" in summary
    assert not Prediction.objects.filter(claim="Rents fall further").exists()
