"""A body over DATA_UPLOAD_MAX_MEMORY_SIZE (1 MB) is refused with a JSON 413
on every endpoint that reads one, before anything is stored; a body under it
reaches the fields' own limits."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from predictions.models import Prediction
from sources.models import Person, Source, Statement
from tests.support.api import client_for
from tests.support.factories import PredictionFactory

pytestmark = pytest.mark.django_db

LIMIT = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
TOO_MUCH = "x" * (LIMIT + 1)


def refused(response) -> bool:
    return (
        response.status_code == 413
        and response["Content-Type"] == "application/json"
        and response.json() == {"detail": f"The request body is larger than {LIMIT // 1024} KB."}
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/predictions/",
        "/api/v1/people/",
        "/api/v1/sources/",
        "/api/v1/statements/",
        "/api/v1/suggest/",
    ],
)
def test_an_oversize_json_body_is_413_and_stores_nothing(editor, path):
    payload = {"claim": TOO_MUCH, "name": TOO_MUCH, "title": TOO_MUCH, "text": TOO_MUCH}
    response = client_for(editor).post(path, payload, format="json")

    assert refused(response), response.content[:200]
    assert not Prediction.objects.exists()
    assert not Person.objects.exists()
    assert not Source.objects.exists()
    assert not Statement.objects.exists()


@pytest.mark.parametrize("form_format", ["multipart", "form"])
def test_an_oversize_form_body_is_refused_unread(contributor, form_format):
    """The API parses JSON only: a form body of any size is a 415
    (tests/api/test_api_json_only.py), and storing nothing."""
    client = client_for(contributor)
    if form_format == "form":
        response = client.post(
            "/api/v1/people/",
            f"name={TOO_MUCH}",
            content_type="application/x-www-form-urlencoded",
        )
    else:
        upload = SimpleUploadedFile("big.txt", TOO_MUCH.encode())
        response = client.post(
            "/api/v1/people/", {"name": TOO_MUCH, "file": upload}, format="multipart"
        )

    assert response.status_code == 415
    assert not Person.objects.exists()


def test_an_oversize_edit_is_413_and_changes_nothing(contributor, editor):
    prediction = PredictionFactory(claim="As filed")
    response = client_for(editor).patch(
        f"/api/v1/predictions/{prediction.pk}/",
        {"version": 1, "claim": TOO_MUCH},
        format="json",
    )

    assert refused(response)
    prediction.refresh_from_db()
    assert (prediction.claim, prediction.version) == ("As filed", 1)


def test_a_body_just_under_the_limit_reaches_the_fields_own_limits():
    text = "x" * (LIMIT - 100)
    body = json.dumps({"text": text, "published_on": "2025-02-01"})
    assert len(body) <= LIMIT

    response = client_for().post("/api/v1/suggest/", body, content_type="application/json")

    assert response.status_code == 400
    assert "text" in response.json()
