"""Over the API, an account whose address is not confirmed is refused filing,
watching and following with 403 and the words saying what to do; filing is
limited per account and per client address, with 429, the wait in words
and Retry-After."""

import pytest

from predictions import rules
from predictions.models import Follow, Prediction, Tag, TagFollow, Watch
from tests.api.claims import LIST, SEED_CLAIM
from tests.support.api import client_for
from tests.support.factories import PersonFactory, PredictionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def erin():
    return client_for(UserFactory(username="erin", verified=False))


def test_filing_is_refused_until_the_address_is_confirmed(erin):
    response = erin.post(LIST, SEED_CLAIM, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": rules.UNCONFIRMED}
    assert not Prediction.objects.exists()


@pytest.mark.parametrize(
    ("url", "rows"),
    [
        (lambda: f"/api/v1/predictions/{PredictionFactory().pk}/watch/", Watch.objects),
        (lambda: f"/api/v1/people/{PersonFactory().slug}/follow/", Follow.objects),
        (
            lambda: f"/api/v1/tags/{Tag.objects.create(name='AI', slug='ai').slug}/follow/",
            TagFollow.objects,
        ),
    ],
    ids=["watch", "follow a person", "follow a tag"],
)
def test_watching_and_following_are_refused_until_the_address_is_confirmed(erin, url, rows):
    response = erin.post(url())

    assert response.status_code == 403
    assert response.json() == {"detail": rules.UNCONFIRMED}
    assert not rows.exists()


def claim(n: int) -> dict:
    return {**SEED_CLAIM, "claim": f"Claim number {n}", "source_url": f"https://x.example/{n}"}


def test_filing_is_limited_per_account(contributor, settings, frozen_now):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "filing": (2, 3600)}
    alice = client_for(contributor)
    assert [alice.post(LIST, claim(n), format="json").status_code for n in (1, 2)] == [201, 201]

    third = alice.post(LIST, claim(3), format="json", REMOTE_ADDR="192.0.2.8")

    assert third.status_code == 429
    assert third.json() == {"detail": "Too many claims filed; try again in 60 minutes."}
    assert third["Retry-After"] == "3600"
    assert Prediction.objects.count() == 2

    frozen_now.shift(3600)
    assert alice.post(LIST, claim(3), format="json").status_code == 201


def test_filing_is_limited_per_client_address(contributor, other_contributor, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "filing": (1, 3600)}
    assert client_for(contributor).post(LIST, claim(1), format="json").status_code == 201

    refused = client_for(other_contributor).post(LIST, claim(2), format="json")

    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Too many claims filed; try again in ")
    assert Prediction.objects.count() == 1
