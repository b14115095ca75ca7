"""Picking someone already in the ledger files under that person, never a
new one; a new name that reads like an existing person's asks first, in the
web form and in the API alike."""

import datetime as dt

import pytest
from django.urls import reverse

from predictions import services
from predictions.models import Prediction
from sources.models import Person
from sources.services import LookalikePeople, PersonReference, create_person
from tests.support.api import client_for
from tests.support.factories import PersonFactory, SourceFactory
from tests.support.html import Page, attribute

pytestmark = pytest.mark.django_db

NEW = reverse("predictions:new")
API = "/api/v1/predictions/"

CLAIM = {
    "predictor": "Sam Altman",
    "claim": "OpenAI releases the weights of one of its models",
    "deadline": "2026-12-31",
}
API_CLAIM = {
    "claim": "OpenAI releases the weights of one of its models",
    "made_on": "2026-01-15",
    "resolves_on": "2026-12-31",
}


@pytest.fixture
def alice(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def altman():
    # Added by an editor under a slug that is not the one the name makes.
    return create_person(name="Sam Altman", slug="altman")


# --- The web form ---------------------------------------------------------


def test_the_list_of_people_carries_each_ones_slug(alice, altman):
    page = Page(alice.get(NEW).content.decode())

    option = page.one("datalist#people option")
    assert (attribute(option, "value"), attribute(option, "data-slug")) == ("Sam Altman", "altman")
    assert attribute(page.one("input[name=predictor_slug]"), "type") == "hidden"


def test_picking_a_name_from_the_list_files_under_that_person(alice, altman):
    # Before, the name's own slug ("sam-altman") was looked up, missed, and a
    # second Sam Altman was made.
    response = alice.post(NEW, CLAIM)

    assert response.status_code == 302
    assert Prediction.objects.get().predictor == altman
    assert Person.objects.count() == 1


def test_a_picked_slug_files_under_that_person_whatever_the_name(alice, altman):
    namesake = create_person(name="Sam Altman", slug="sam-altman-the-baker")

    response = alice.post(NEW, {**CLAIM, "predictor_slug": "sam-altman-the-baker"})

    assert response.status_code == 302
    assert Prediction.objects.get().predictor == namesake
    assert Person.objects.count() == 2


def test_an_unknown_picked_slug_is_an_error_on_the_predictor(alice, altman):
    response = alice.post(NEW, {**CLAIM, "predictor_slug": "nobody"})

    assert response.status_code == 400
    assert "No one in the ledger has the slug" in " ".join(
        response.context["form"].errors["predictor"]
    )
    assert Prediction.objects.count() == 0


def test_the_near_duplicate_warning_finds_a_picked_persons_claims(alice, altman):
    alice.post(NEW, CLAIM)
    first = Prediction.objects.get()
    first.review_state = Prediction.ReviewState.PUBLISHED
    first.save()

    warned = alice.post(NEW, {**CLAIM, "claim": "OpenAI releases the weights of one of its model"})

    assert warned.status_code == 200
    assert first.get_absolute_url() in warned.content.decode()
    assert Prediction.objects.count() == 1


def test_a_lookalike_name_asks_whom_it_means(alice, altman):
    response = alice.post(NEW, {**CLAIM, "predictor": "sam  altmán"})

    assert response.status_code == 200
    page = Page(response.content.decode())
    warning = page.one("#lookalike-people")
    assert "Did you mean Sam Altman?" in page.text
    choice = page.one("#lookalike-people input[type=radio][name=predictor_slug]")
    assert attribute(choice, "value") == "altman"
    assert warning.find("a", href=reverse("predictions:person", args=["altman"])) is not None
    assert page.one("label[for=id_predictor_new]").get_text() == (
        "This is someone else: create a new person"
    )
    assert Prediction.objects.count() == 0
    assert Person.objects.count() == 1


def test_choosing_the_lookalike_files_under_them(alice, altman):
    response = alice.post(NEW, {**CLAIM, "predictor": "sam  altmán", "predictor_slug": "altman"})

    assert response.status_code == 302
    assert Prediction.objects.get().predictor == altman
    assert Person.objects.count() == 1


def test_someone_else_of_a_lookalike_name_is_added(alice, altman):
    response = alice.post(NEW, {**CLAIM, "predictor": "Sam Altmán", "predictor_new": "on"})

    assert response.status_code == 302
    added = Prediction.objects.get().predictor
    assert (added.name, added.slug, added.name_key) == ("Sam Altmán", "sam-altman", "sam altman")
    assert Person.objects.count() == 2


def test_the_choice_of_someone_else_survives_the_deadline_confirmation(alice, altman):
    asked = alice.post(
        NEW, {**CLAIM, "predictor": "Sam Altmán", "predictor_new": "on", "deadline": "in a year"}
    )

    page = Page(asked.content.decode())
    assert page.select("#deadline-confirmation")
    assert attribute(page.one("input[name=predictor_new]"), "type") == "hidden"
    assert Person.objects.count() == 1


def test_a_look_alike_letter_from_another_script_is_caught(alice, altman):
    response = alice.post(NEW, {**CLAIM, "predictor": "Sаm Аltman"})  # Cyrillic а and А

    assert response.status_code == 200
    assert Page(response.content.decode()).select("#lookalike-people")
    assert Person.objects.count() == 1


def test_an_unrelated_new_name_is_added_without_asking(alice, altman):
    response = alice.post(NEW, {**CLAIM, "predictor": "Dario Amodei"})

    assert response.status_code == 302
    assert Prediction.objects.get().predictor.slug == "dario-amodei"


def test_a_merged_persons_name_finds_whom_they_were_merged_into(alice, altman):
    PersonFactory(name="S. Altman", slug="s-altman", merged_into=altman)

    response = alice.post(NEW, {**CLAIM, "predictor": "s-altman"})

    assert response.status_code == 302
    assert Prediction.objects.get().predictor == altman


# --- The service ------------------------------------------------------------


def test_people_of_exactly_the_same_name_must_be_told_apart(contributor, altman):
    create_person(name="Sam Altman", slug="sam-altman-the-baker")

    with pytest.raises(LookalikePeople) as raised:
        services.file_claim(filed_by=contributor, predictor="Sam Altman", **_dates())

    assert {person.slug for person in raised.value.candidates} == {
        "altman",
        "sam-altman-the-baker",
    }
    third = services.file_claim(
        filed_by=contributor, predictor=PersonReference(name="Sam Altman", new=True), **_dates()
    )
    assert third.predictor.slug == "sam-altman"


def test_the_speaker_is_checked_as_the_predictor_is(contributor, altman):
    with pytest.raises(LookalikePeople) as raised:
        services.file_claim(
            filed_by=contributor,
            predictor=altman,
            speaker="SAM ALTMAN!",
            quote="We will open the weights.",
            source_title="A podcast",
            **_dates(),
        )

    assert raised.value.errors.keys() == {"speaker"}
    assert Prediction.objects.count() == 0


def _dates() -> dict:
    return {
        "claim": "It happens",
        "made_on": dt.date(2026, 1, 15),
        "resolves_on": dt.date(2026, 12, 31),
    }


# --- The API ----------------------------------------------------------------


def test_the_api_files_an_exact_name_under_that_person(contributor, altman):
    response = client_for(contributor).post(
        API, {**API_CLAIM, "predictor": {"name": "Sam Altman"}}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["predictor"]["slug"] == "altman"
    assert Person.objects.count() == 1


def test_the_api_answers_a_lookalike_with_400_naming_the_candidates(contributor, altman):
    response = client_for(contributor).post(
        API, {**API_CLAIM, "predictor": {"name": "Sam Altmán"}}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert "Did you mean" in body["predictor"][0]
    assert "altman" in body["predictor"][0]
    assert body["candidates"] == [{"slug": "altman", "name": "Sam Altman"}]
    assert Prediction.objects.count() == 0
    assert Person.objects.count() == 1


def test_the_api_adds_someone_else_when_told_to(contributor, altman):
    response = client_for(contributor).post(
        API, {**API_CLAIM, "predictor": {"name": "Sam Altmán", "new": True}}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["predictor"]["name"] == "Sam Altmán"
    assert Person.objects.count() == 2


def test_the_api_checks_the_speaker_too(contributor, altman):
    response = client_for(contributor).post(
        API,
        {
            **API_CLAIM,
            "predictor": "altman",
            "speaker": {"name": "sam altman"},
            "quote": "We will open the weights.",
            "source_title": "A podcast",
        },
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"speaker", "candidates"}


@pytest.mark.parametrize(
    "reference",
    [{"name": "Sam", "new": "yes"}, {"name": "Sam", "old": True}, {"new": True}],
)
def test_the_api_refuses_a_malformed_reference(contributor, reference):
    response = client_for(contributor).post(
        API, {**API_CLAIM, "predictor": reference}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"predictor"}


def test_a_recorded_statement_finds_its_speaker_the_same_way(editor, altman):
    source = SourceFactory()
    client = client_for(editor)
    statement = {"text": "Soon.", "source": source.pk, "said_on": "2026-01-01"}

    asked = client.post(
        "/api/v1/statements/", {**statement, "speaker": {"name": "Sam Altmán"}}, format="json"
    )
    found = client.post(
        "/api/v1/statements/", {**statement, "speaker": {"name": "Sam Altman"}}, format="json"
    )

    assert asked.status_code == 400
    assert asked.json()["candidates"][0]["slug"] == "altman"
    assert found.status_code == 201, found.json()
    assert found.json()["speaker"]["slug"] == "altman"
