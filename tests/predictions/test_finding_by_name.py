"""Finding people and tags by name as a reader types it: the person and tag
filters take a name (any case, accents and punctuation aside) as well as a
slug, the person field is offered names as they are typed (/suggest/people/),
the tag field every public tag's name, and the API lists people by ?q=."""

import datetime as dt

import pytest

from predictions import services
from predictions.models import Prediction, Tag
from tests.support.factories import (
    PersonFactory,
    PredictionFactory,
    UserFactory,
    make_verified,
)
from tests.support.html import claim_of, page

pytestmark = pytest.mark.django_db


def claims(client, **params) -> set[str]:
    response = client.get("/predictions/", params)
    assert response.status_code == 200
    seen = page(response)
    if "No prediction matches." in seen.text:
        return set()
    return {claim_of(row["Claim"]) for row in seen.table("Predictions matching the filters")}


@pytest.fixture
def altman(db):
    person = PersonFactory.create(name="Sam Altmán", slug="sam-altman")
    PredictionFactory.create(claim="Open weights within a month", predictor=person)
    return person


@pytest.mark.parametrize(
    "typed", ["sam-altman", "Sam Altmán", "sam altman", "  SAM   ALTMAN ", "Sam-Altman"]
)
def test_the_person_filter_takes_a_name_as_typed_or_a_slug(client, altman, typed):
    PredictionFactory.create(claim="Someone else's claim")

    assert claims(client, person=typed) == {"Open weights within a month"}


def test_a_part_of_a_name_is_not_a_person(client, altman):
    # The filter names one person; finding by part of a name is the search's.
    assert claims(client, person="altman") == set()
    assert claims(client, q="altman") == {"Open weights within a month"}


def test_two_people_of_one_name_are_both_listed(client, altman):
    namesake = PersonFactory.create(name="Sam Altman", slug="sam-altman-2")
    PredictionFactory.create(claim="A namesake's claim", predictor=namesake)

    assert claims(client, person="sam altman") == {
        "Open weights within a month",
        "A namesake's claim",
    }
    assert claims(client, person="sam-altman-2") == {"A namesake's claim"}


def test_a_person_merged_away_is_not_found_by_name(client, altman):
    duplicate = PersonFactory.create(name="Samuel Altman", merged_into=altman)
    PredictionFactory.create(claim="Filed under the duplicate", predictor=duplicate)

    assert claims(client, person="samuel altman") == set()


def test_the_tag_filter_takes_a_name_in_any_case(client):
    prediction = PredictionFactory.create(claim="Rates fall")
    prediction.tags.add(Tag.objects.create(name="Central banks", slug="central-banks"))

    for typed in ["central-banks", "Central banks", "CENTRAL BANKS ", "central banks"]:
        assert claims(client, tag=typed) == {"Rates fall"}, typed
    assert claims(client, tag="central") == set()


def test_the_tag_named_in_the_filter_offers_its_follow_link(client):
    PredictionFactory.create().tags.add(Tag.objects.create(name="Transport", slug="transport"))

    html = client.get("/predictions/", {"tag": "transport "}).content.decode()

    assert "Follow the tag “Transport”" in html


def test_the_list_offers_every_public_tag_and_fetches_names(client, editor):
    published = PredictionFactory.create()
    published.tags.add(Tag.objects.create(name="Energy", slug="energy"))
    pending = PredictionFactory.create(review_state=Prediction.ReviewState.PENDING)
    pending.tags.add(Tag.objects.create(name="Secret plans", slug="secret-plans"))

    seen = page(client.get("/predictions/"))

    offered = [option["value"] for option in seen.select("#tag-names option")]
    assert offered == ["Energy"]
    person = seen.one("#id_person")
    assert person["list"] == "person-names"
    assert person["data-suggest"] == "/suggest/people/"
    assert seen.select("datalist#person-names")
    assert seen.one("#id_tag")["list"] == "tag-names"


def suggested(client, q: str) -> list[dict]:
    response = client.get("/suggest/people/", {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["people"]


def test_names_are_suggested_by_any_words_most_prolific_first(client, altman, editor):
    alt = PersonFactory.create(name="Alta Vista", slug="alta-vista")
    for n in range(3):
        services.file_claim(
            filed_by=editor,
            claim=f"Claim {n}",
            predictor=alt,
            resolves_on=dt.date(2027, 1, 1),
        )
    services.file_claim(
        filed_by=editor, claim="One more", predictor=altman, resolves_on=dt.date(2027, 1, 1)
    )

    assert suggested(client, "alt") == [
        {"name": "Alta Vista", "slug": "alta-vista"},
        {"name": "Sam Altmán", "slug": "sam-altman"},
    ]
    assert suggested(client, "altman sam") == [{"name": "Sam Altmán", "slug": "sam-altman"}]
    assert suggested(client, "ALTMAN") == [{"name": "Sam Altmán", "slug": "sam-altman"}]
    assert suggested(client, "") == []
    assert suggested(client, " - ") == []
    assert suggested(client, "nobody") == []


def test_suggestions_leave_out_who_only_a_pending_claim_names(client, editor):
    contributor = make_verified(UserFactory.create(username="newcomer"))
    services.file_claim(
        filed_by=editor, claim="Published", predictor="Ada Public",
        resolves_on=dt.date(2027, 1, 1),
    )  # fmt: skip
    services.file_claim(
        filed_by=contributor, claim="Awaiting review", predictor="Ada Pending",
        resolves_on=dt.date(2027, 1, 1),
    )  # fmt: skip

    assert [person["name"] for person in suggested(client, "ada")] == ["Ada Public"]


def test_suggestions_are_few_and_refuse_a_post(client, editor):
    for n in range(15):
        PersonFactory.create(name=f"Namesake {n:02}")
        PredictionFactory.create(predictor=PersonFactory.create(name=f"Prolific {n:02}"))

    assert len(suggested(client, "prolific")) == 10
    assert client.post("/suggest/people/", {"q": "x"}).status_code == 405
    assert suggested(client, "x" * 5000) == []
    assert suggested(client, "nul\x00byte") == []


def test_the_api_lists_people_by_name(client, altman):
    PersonFactory.create(name="Grace Hopper", slug="grace-hopper")

    def names(**params):
        response = client.get("/api/v1/people/", params)
        assert response.status_code == 200
        return [person["name"] for person in response.json()["results"]]

    assert names(q="altman") == ["Sam Altmán"]
    assert names(q="SAM altmán") == ["Sam Altmán"]
    assert names(q="hopper grace") == ["Grace Hopper"]
    assert names(q="nobody") == []
    assert sorted(names()) == ["Grace Hopper", "Sam Altmán"]
