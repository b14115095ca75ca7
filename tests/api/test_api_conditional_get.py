"""A prediction's detail carries its ETag (the version) and Last-Modified;
a client that sends them back is answered 304 while nothing changed, and a
precondition the prediction no longer meets is a 412."""

import datetime as dt

import pytest
from django.utils.http import http_date

from predictions import services
from tests.api.claims import detail
from tests.support.api import client_for
from tests.support.factories import PredictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def prediction(frozen_now):
    return PredictionFactory()


def validators(prediction) -> tuple[str, str]:
    first = client_for().get(detail(prediction.pk))
    assert first.status_code == 200
    return first["ETag"], first["Last-Modified"]


def test_detail_answers_304_when_unchanged(filed, editor):
    client = client_for()
    first = client.get(detail(filed.pk))
    etag = first["ETag"]
    assert first["Last-Modified"]

    assert client.get(detail(filed.pk), HTTP_IF_NONE_MATCH=etag).status_code == 304
    since = first["Last-Modified"]
    assert client.get(detail(filed.pk), HTTP_IF_MODIFIED_SINCE=since).status_code == 304

    services.resolve_prediction(prediction=filed, outcome="wrong", actor=editor)
    changed = client.get(detail(filed.pk), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_etag_names_the_version(prediction):
    etag, last_modified = validators(prediction)

    assert etag == f'"{prediction.pk}-1"'
    assert last_modified == http_date(int(prediction.updated_at.timestamp()))


def test_a_304_carries_the_validators_and_no_body(prediction):
    etag, last_modified = validators(prediction)

    response = client_for().get(detail(prediction.pk), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert (response["ETag"], response["Last-Modified"]) == (etag, last_modified)


@pytest.mark.parametrize("header", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
def test_if_none_match_forms_that_match(prediction, header):
    etag, _ = validators(prediction)

    response = client_for().get(detail(prediction.pk), HTTP_IF_NONE_MATCH=header.format(etag=etag))

    assert response.status_code == 304


def test_if_none_match_decides_over_if_modified_since(prediction):
    _, last_modified = validators(prediction)

    response = client_for().get(
        detail(prediction.pk), HTTP_IF_NONE_MATCH='"stale"', HTTP_IF_MODIFIED_SINCE=last_modified
    )

    assert response.status_code == 200
    assert response.json()["id"] == prediction.pk


def test_an_edit_makes_both_validators_stale(prediction, editor, frozen_now):
    etag, last_modified = validators(prediction)
    frozen_now.shift(dt.timedelta(minutes=5))
    services.edit_prediction(prediction=prediction, actor=editor, changes={"claim": "Edited"})
    client = client_for()

    by_etag = client.get(detail(prediction.pk), HTTP_IF_NONE_MATCH=etag)
    by_date = client.get(detail(prediction.pk), HTTP_IF_MODIFIED_SINCE=last_modified)

    assert (by_etag.status_code, by_date.status_code) == (200, 200)
    # The version, then the latest event's id (the edit wrote one).
    latest = prediction.events.order_by("at", "id").last()
    assert by_etag["ETag"] == f'"{prediction.pk}-2-{latest.pk}"'
    assert by_etag.json()["claim"] == "Edited"


def test_if_match_with_the_current_etag_reads_the_prediction(prediction):
    etag, _ = validators(prediction)

    response = client_for().get(detail(prediction.pk), HTTP_IF_MATCH=etag)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IF_MATCH": '"stale"'},
        {"HTTP_IF_UNMODIFIED_SINCE": "Mon, 01 Jan 2024 00:00:00 GMT"},
    ],
    ids=["if-match", "if-unmodified-since"],
)
def test_a_failed_precondition_is_412_with_a_detail(prediction, headers):
    etag, _ = validators(prediction)

    response = client_for().get(detail(prediction.pk), **headers)

    assert response.status_code == 412
    assert response["Content-Type"] == "application/json"
    assert "changed" in response.json()["detail"]
    assert response["ETag"] == etag


def test_a_dispute_changes_the_validators(filed, contributor, frozen_now):
    # Opening a dispute writes an event and changes disputes_open, but leaves
    # the prediction's row (its version) alone.
    client = client_for()
    first = client.get(detail(filed.pk))
    frozen_now.shift(60)

    services.open_dispute(
        prediction=filed, actor=contributor, subject="quote", reason="Not what was said."
    )
    again = client.get(detail(filed.pk), HTTP_IF_NONE_MATCH=first["ETag"])
    since = client.get(detail(filed.pk), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == since.status_code == 200
    assert again.json()["disputes_open"] == 1
    assert again["ETag"] != first["ETag"]
    assert again["Last-Modified"] != first["Last-Modified"]
