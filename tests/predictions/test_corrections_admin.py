"""Dana corrects a quote's words and a person's name in the admin: the change
goes through the correction services, so every prediction citing the quote,
or made by the person, gets an event with the old and new values. The admin
asks for a reason, and a missing one is a message on the form."""

import datetime as dt

import pytest
from django.urls import reverse

from predictions import history, services
from predictions.models import Prediction, PredictionEvent
from sources.models import Person, Statement
from tests.predictions.test_admin import form_values
from tests.support.factories import StatementFactory
from tests.support.html import page

pytestmark = pytest.mark.django_db

Kind = PredictionEvent.Kind
QUOTE = "We will open the bridge within the next month."
FIXED = "We will open the bridge within the next two months."


@pytest.fixture
def dana(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def cited(editor, frozen_now) -> list[Prediction]:
    first = services.file_claim(
        filed_by=editor,
        claim="The bridge reopens",
        predictor="Ann Mayor",
        quote=QUOTE,
        source_title="Radio interview",
        made_on=dt.date(2026, 2, 1),
        resolves_on=dt.date(2026, 4, 1),
    )
    second = services.file_claim(
        filed_by=editor,
        claim="The bridge reopens to cars",
        predictor=first.predictor,
        statement=first.statement,
        made_on=dt.date(2026, 2, 1),
        resolves_on=dt.date(2026, 4, 1),
    )
    return [first, second]


def statement_url(statement: Statement) -> str:
    return reverse("admin:sources_statement_change", args=[statement.pk])


def person_url(person: Person) -> str:
    return reverse("admin:sources_person_change", args=[person.pk])


def latest(prediction: Prediction) -> PredictionEvent:
    return prediction.events.latest("at", "id")


def test_correcting_a_cited_quote_in_the_admin_records_it_on_each_prediction(dana, cited, staff):
    statement = cited[0].statement
    assert statement is not None
    form = form_values(page(dana.get(statement_url(statement))), "statement_form")
    assert form["text"] == [QUOTE]

    response = dana.post(
        statement_url(statement),
        {**form, "text": FIXED, "reason": "The recording says two months.", "_save": "Save"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Statement.objects.get(pk=statement.pk).text == FIXED
    for prediction in cited:
        event = latest(prediction)
        assert (event.kind, event.actor) == (Kind.QUOTE_CORRECTED, staff)
        assert (event.data["old"], event.data["new"]) == (QUOTE, FIXED)
        assert event.data["reason"] == "The recording says two months."
    assert history.verify().intact


def test_a_correction_without_a_reason_is_a_form_error(dana, cited):
    statement = cited[0].statement
    assert statement is not None
    form = form_values(page(dana.get(statement_url(statement))), "statement_form")

    response = dana.post(statement_url(statement), {**form, "text": FIXED, "_save": "Save"})

    assert response.status_code == 200
    assert "reason" in response.context["adminform"].form.errors
    assert Statement.objects.get(pk=statement.pk).text == QUOTE
    assert latest(cited[0]).kind == Kind.FILED


def test_renaming_a_person_in_the_admin_records_it_on_each_of_their_predictions(dana, cited, staff):
    person = cited[0].predictor
    form = form_values(page(dana.get(person_url(person))), "person_form")
    assert form["name"] == ["Ann Mayor"]

    response = dana.post(
        person_url(person),
        {**form, "name": "Anne Mayor", "reason": "Misspelt.", "_save": "Save"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    stored = Person.objects.get(pk=person.pk)
    assert (stored.name, stored.slug) == ("Anne Mayor", person.slug)
    for prediction in cited:
        event = latest(prediction)
        assert (event.kind, event.actor) == (Kind.PERSON_RENAMED, staff)
        assert event.data == {
            "person": person.pk,
            "old": "Ann Mayor",
            "new": "Anne Mayor",
            "reason": "Misspelt.",
        }
    assert history.verify().intact


def test_other_changes_to_a_person_need_no_reason_and_record_nothing(dana, cited):
    person = cited[0].predictor
    form = form_values(page(dana.get(person_url(person))), "person_form")

    response = dana.post(
        person_url(person), {**form, "description": "Mayor of Riverton.", "_save": "Save"}
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).description == "Mayor of Riverton."
    assert latest(cited[0]).kind == Kind.FILED


def test_a_rename_without_a_reason_is_a_form_error(dana, cited):
    person = cited[0].predictor
    form = form_values(page(dana.get(person_url(person))), "person_form")

    response = dana.post(person_url(person), {**form, "name": "Anne Mayor", "_save": "Save"})

    assert response.status_code == 200
    assert "reason" in response.context["adminform"].form.errors
    assert Person.objects.get(pk=person.pk).name == "Ann Mayor"


def test_adding_people_and_quotes_needs_no_reason(dana, frozen_now):
    response = dana.post(
        reverse("admin:sources_person_add"),
        {"name": "Bea Planner", "slug": "bea-planner", "kind": "person", "_save": "Save"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.get(slug="bea-planner").name_key != ""


def test_a_quote_nobody_cites_is_corrected_without_events(dana):
    loose = StatementFactory(text="Something said in passing.")
    form = form_values(page(dana.get(statement_url(loose))), "statement_form")

    response = dana.post(
        statement_url(loose),
        {**form, "text": "Something said in passing, twice.", "reason": "Typo.", "_save": "Save"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Statement.objects.get(pk=loose.pk).text == "Something said in passing, twice."


def test_words_a_confidence_was_read_from_stay_unless_the_prediction_changes_first(
    dana, editor, frozen_now
):
    prediction = services.file_claim(
        filed_by=editor,
        claim="The bridge reopens",
        predictor="Ann Mayor",
        quote="We will probably open the bridge within the next month.",
        source_title="Radio interview",
        made_on=dt.date(2026, 2, 1),
        resolves_on=dt.date(2026, 4, 1),
        confidence_basis="hedge",
        confidence_hedge="probably",
    )
    statement = prediction.statement
    assert statement is not None
    form = form_values(page(dana.get(statement_url(statement))), "statement_form")

    response = dana.post(
        statement_url(statement),
        {**form, "text": QUOTE, "reason": "No hedge in the recording.", "_save": "Save"},
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "“probably”" in " ".join(errors["text"])
    assert Statement.objects.get(pk=statement.pk).text != QUOTE
    assert latest(prediction).kind == Kind.FILED
