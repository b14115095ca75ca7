"""JSON nested past api.parsers.MAX_JSON_DEPTH is a 400 saying so, not a 500
from the decoder's recursion; ordinary bodies and brackets inside strings are
untouched."""

import datetime as dt

import pytest

from api.parsers import MAX_JSON_DEPTH, json_depth
from predictions import services
from predictions.models import Prediction
from tests.support.api import client_for

pytestmark = pytest.mark.django_db

NESTED = "[" * 1500 + "]" * 1500  # 3 KB


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("{}", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('{"claim": "[[[[ not nesting ]]]] {{{"}', 1),
        ('{"quote": "an escaped \\" then [[["}', 1),
        ("3", 0),
        (NESTED, 1500),
    ],
)
def test_depth_counts_brackets_outside_strings(text, depth):
    assert json_depth(text) == depth


def refused(response) -> bool:
    return (
        response.status_code == 400
        and f"more than {MAX_JSON_DEPTH} levels" in (response.json()["detail"])
    )


def test_an_anonymous_nested_body_is_a_400(client):
    response = client.post("/api/v1/suggest/", NESTED, content_type="application/json")
    assert refused(response), response.content[:200]


def test_nested_writes_are_400_and_store_nothing(contributor, editor, frozen_now):
    prediction = services.file_claim(
        filed_by=editor, claim="It happens", predictor="A Pundit", resolves_on=dt.date(2030, 1, 1)
    )
    writes = [
        ("post", "/api/v1/predictions/", contributor),
        ("patch", f"/api/v1/predictions/{prediction.pk}/", editor),
        ("post", f"/api/v1/predictions/{prediction.pk}/resolve/", editor),
    ]
    for method, path, user in writes:
        response = getattr(client_for(user), method)(path, NESTED, content_type="application/json")
        assert refused(response), (path, response.content[:200])
    assert Prediction.objects.count() == 1
    assert Prediction.objects.get().version == prediction.version


def test_a_body_just_within_the_limit_is_read(client):
    body = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    response = client.post("/api/v1/suggest/", body, content_type="application/json")
    # Read, then refused for what it says, not for how it nests.
    assert response.status_code == 400
    assert "levels" not in str(response.json())
