"""Watching a prediction and following a person or a tag over HTTP: a POST
starts, a DELETE stops, either twice is harmless, and an anonymous caller or
an unknown id stores nothing."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from predictions.models import Follow, Prediction, Tag, TagFollow, Watch
from sources.models import Person
from tests.support.api import client_for
from tests.support.factories import PersonFactory, PredictionFactory, UserFactory

pytestmark = pytest.mark.django_db

# The token and its once-a-minute stamp, the object, the account's permissions
# (its own and its groups': has it confirmed its address?), then the service's
# select and insert inside the two savepoints the test's transaction turns its
# atomic blocks into (four statements): eleven, however many others subscribe.
MAX_QUERIES = 11


@dataclass(frozen=True)
class Subscription:
    """One kind of "tell me about this": its URL, answer key and stored rows."""

    name: str
    make: Callable[[], Any]
    url: Callable[[Any], str]
    key: str
    rows: Callable[[Any], Any]


WATCH = Subscription(
    name="watch a prediction",
    make=lambda: PredictionFactory(),
    url=lambda prediction: f"/api/v1/predictions/{prediction.pk}/watch/",
    key="watching",
    rows=lambda prediction: Watch.objects.filter(prediction=prediction),
)
FOLLOW_PERSON = Subscription(
    name="follow a person",
    make=lambda: PersonFactory(name="Sam Altman", slug="sam-altman"),
    url=lambda person: f"/api/v1/people/{person.slug}/follow/",
    key="following",
    rows=lambda person: Follow.objects.filter(person=person),
)
FOLLOW_TAG = Subscription(
    name="follow a tag",
    make=lambda: Tag.objects.create(name="OpenAI", slug="openai"),
    url=lambda tag: f"/api/v1/tags/{tag.slug}/follow/",
    key="following",
    rows=lambda tag: TagFollow.objects.filter(tag=tag),
)
ALL = pytest.mark.parametrize("kind", [WATCH, FOLLOW_PERSON, FOLLOW_TAG], ids=lambda k: k.name)

UNKNOWN_URLS = [
    "/api/v1/predictions/999999/watch/",
    "/api/v1/people/nobody/follow/",
    "/api/v1/tags/no-such-tag/follow/",
]


@ALL
def test_a_contributor_starts_and_stops(kind, contributor):
    target = kind.make()
    alice = client_for(contributor)

    started = alice.post(kind.url(target))

    assert started.status_code == 200
    assert started.json() == {kind.key: True}
    assert list(kind.rows(target).values_list("user", flat=True)) == [contributor.pk]

    stopped = alice.delete(kind.url(target))

    assert stopped.status_code == 200
    assert stopped.json() == {kind.key: False}
    assert not kind.rows(target).exists()


@ALL
def test_twice_is_harmless(kind, contributor):
    target = kind.make()
    alice = client_for(contributor)

    answers = [alice.post(kind.url(target)) for _ in range(2)]

    assert [a.json() for a in answers] == [{kind.key: True}] * 2
    assert kind.rows(target).count() == 1

    answers = [alice.delete(kind.url(target)) for _ in range(2)]

    assert [a.json() for a in answers] == [{kind.key: False}] * 2
    assert not kind.rows(target).exists()


@ALL
def test_stopping_leaves_other_users_alone(kind, contributor, other_contributor):
    target = kind.make()
    client_for(other_contributor).post(kind.url(target))

    client_for(contributor).delete(kind.url(target))

    assert list(kind.rows(target).values_list("user", flat=True)) == [other_contributor.pk]


@ALL
def test_an_anonymous_caller_is_refused_and_nothing_changes(kind, other_contributor):
    target = kind.make()
    client_for(other_contributor).post(kind.url(target))
    anonymous = client_for()

    for method in (anonymous.post, anonymous.delete):
        response = method(kind.url(target))

        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()
        assert response["WWW-Authenticate"] == "Token"

    assert list(kind.rows(target).values_list("user", flat=True)) == [other_contributor.pk]


@pytest.mark.parametrize("url", UNKNOWN_URLS)
def test_an_unknown_object_is_404_and_nothing_is_stored(url, contributor):
    alice = client_for(contributor)

    for method in (alice.post, alice.delete):
        response = method(url)

        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()

    assert not Watch.objects.exists()
    assert not Follow.objects.exists()
    assert not TagFollow.objects.exists()


@ALL
def test_reading_the_action_is_not_allowed(kind, contributor):
    target = kind.make()

    assert client_for(contributor).get(kind.url(target)).status_code == 405


def test_delete_reaches_only_the_actions(contributor):
    prediction = PredictionFactory()
    person = prediction.predictor
    alice = client_for(contributor)

    assert alice.delete(f"/api/v1/predictions/{prediction.pk}/").status_code == 405
    assert alice.delete(f"/api/v1/people/{person.slug}/").status_code == 405
    assert Prediction.objects.filter(pk=prediction.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()


@ALL
def test_a_fixed_number_of_queries(kind, contributor, django_assert_max_num_queries):
    target = kind.make()
    alice = client_for(contributor)
    # A busy ledger must not cost more: other users already subscribed.
    for n in range(3):
        client_for(UserFactory(username=f"reader{n}")).post(kind.url(target))

    with django_assert_max_num_queries(MAX_QUERIES):
        assert alice.post(kind.url(target)).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert alice.post(kind.url(target)).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert alice.delete(kind.url(target)).status_code == 200


def test_the_schema_documents_them_without_a_body(client):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]

    for path, component in [
        ("/api/v1/predictions/{id}/watch/", "Watching"),
        ("/api/v1/people/{slug}/follow/", "Following"),
        ("/api/v1/tags/{slug}/follow/", "Following"),
    ]:
        for method in ("post", "delete"):
            operation = paths[path][method]
            assert "requestBody" not in operation
            ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
            assert ok == {"$ref": f"#/components/schemas/{component}"}
            assert {"401", "403", "404"} <= set(operation["responses"])
