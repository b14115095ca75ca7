"""The article suggester (POST /api/v1/suggest/) costs CPU per character, so
anonymous clients get a tighter limit of their own there, and the text it
reads is capped: a longer one is a 400 naming the field and the limit."""

import pytest

from config import settings as configured
from tests.support.api import client_for

SUGGEST = "/api/v1/suggest/"
DEADLINE = "/api/v1/deadline/"
SENTENCE = "The minister said the bridge will reopen within 18 months. "


def article(length: int) -> dict:
    text = (SENTENCE * (length // len(SENTENCE) + 1))[:length]
    return {"text": text, "published_on": "2025-02-01"}


@pytest.fixture
def rates(settings, frozen_now):
    settings.API_THROTTLE_RATES = {"anon": "60/min", "user": "600/min", "suggest": "3/min"}


def test_anonymous_clients_have_a_tighter_limit_on_suggest(rates):
    client = client_for()
    codes = [client.post(SUGGEST, article(500), format="json").status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]
    refused = client.post(SUGGEST, article(500), format="json")
    assert int(refused["Retry-After"]) > 0
    # The general anonymous limit is not used up.
    deadline = client.get(DEADLINE, {"text": "within 18 months"})
    assert deadline.status_code == 200


def test_each_client_address_has_its_own_suggest_count(rates):
    client = client_for()
    for _ in range(3):
        client.post(SUGGEST, article(500), format="json", REMOTE_ADDR="203.0.113.7")

    other = client.post(SUGGEST, article(500), format="json", REMOTE_ADDR="203.0.113.8")

    assert other.status_code == 200


@pytest.mark.django_db
def test_signed_in_clients_are_not_held_to_the_anonymous_suggest_limit(rates, contributor):
    client = client_for(contributor)
    codes = [client.post(SUGGEST, article(500), format="json").status_code for _ in range(5)]

    assert codes == [200] * 5


def test_the_suggest_limit_is_tighter_than_the_anonymous_one_by_default():
    def per_minute(rate: str) -> float:
        count, period = rate.split("/")
        return int(count) * 60 / {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]

    rates = configured.API_THROTTLE_RATES
    assert per_minute(rates["suggest"]) < per_minute(rates["anon"])


def test_the_text_is_capped_at_20000_characters():
    client = client_for()
    assert client.post(SUGGEST, article(20_000), format="json").status_code == 200

    response = client.post(SUGGEST, article(20_001), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "text": [
            "At most 20,000 characters (this has 20,001): "
            "send the part of the article that holds the claims."
        ]
    }
