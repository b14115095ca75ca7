"""Track records over the API: a person's and a tag's detail carry `record`,
/stats/ the whole ledger's. The person's `scorecard` is the same record under
its old name, kept for one release and marked deprecated in the schema."""

import pytest

from predictions import services
from tests.support.api import client_for
from tests.support.factories import PersonFactory, PredictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pundit(frozen_now):
    person = PersonFactory(name="Pat Pundit", slug="pat-pundit")
    predictions = [PredictionFactory(predictor=person) for _ in range(3)]
    predictions[0].tags.set(services.filing.tags_named(["energy"]))
    PredictionFactory(status="resolved", outcome="right", predictor=person)
    return person


def test_a_persons_detail_carries_the_record_and_the_same_scorecard(pundit):
    person = client_for().get("/api/v1/people/pat-pundit/").json()

    assert person["record"]["predictions"] == 4
    assert person["record"]["right"] == 1
    assert len(person["record"]["calibration"]) == 10
    assert person["scorecard"] == person["record"]


def test_the_list_rows_carry_no_record(pundit):
    row = client_for().get("/api/v1/people/").json()["results"][0]

    assert row["slug"] == "pat-pundit"
    assert "record" not in row
    assert "scorecard" not in row


def test_a_tags_detail_and_the_stats_carry_a_record_of_the_same_shape(pundit):
    client = client_for()
    person = client.get("/api/v1/people/pat-pundit/").json()
    tag = client.get("/api/v1/tags/energy/").json()
    stats = client.get("/api/v1/stats/").json()

    assert tag["record"]["predictions"] == 1
    assert stats["predictions"] == 4
    assert set(tag["record"]) == set(stats) == set(person["record"])


def test_the_schema_marks_only_the_scorecard_deprecated(client):
    schemas = client.get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    person = schemas["PersonDetail"]["properties"]

    assert person["scorecard"]["deprecated"] is True
    assert "record" in person["scorecard"]["description"]
    assert "deprecated" not in person["record"]
    assert "deprecated" not in schemas["TagDetail"]["properties"]["record"]
    assert person["scorecard"]["properties"] == person["record"]["properties"]
