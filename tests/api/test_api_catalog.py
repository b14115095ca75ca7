"""People, sources, statements, tags, the parsers' endpoints, tokens, limits."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken
from predictions import demo
from sources.models import Person, Source, Statement
from tests.support.api import client_for
from tests.support.factories import PersonFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_people_list_read_and_create(contributor):
    PersonFactory(name="Sam Altman", slug="sam-altman")
    anonymous = client_for()

    assert [p["slug"] for p in anonymous.get("/api/v1/people/").json()["results"]] == ["sam-altman"]
    assert anonymous.get("/api/v1/people/sam-altman/").json()["name"] == "Sam Altman"
    assert anonymous.get("/api/v1/people/nobody/").status_code == 404
    assert anonymous.post("/api/v1/people/", {"name": "X"}, format="json").status_code == 401

    created = client_for(contributor).post(
        "/api/v1/people/", {"name": "Demis Hassabis", "kind": "person"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["slug"] == "demis-hassabis"


def test_a_taken_slug_is_400_naming_it(contributor):
    PersonFactory(name="Sam Altman", slug="sam-altman")
    response = client_for(contributor).post(
        "/api/v1/people/", {"name": "Sam Altman"}, format="json"
    )
    assert response.status_code == 400
    assert "slug" in response.json()
    assert Person.objects.count() == 1


def test_a_source_url_already_known_answers_with_that_source(contributor):
    existing = SourceFactory(url="https://example.com/story")
    response = client_for(contributor).post(
        "/api/v1/sources/",
        {"url": "https://EXAMPLE.com/story/#comments", "title": "Again"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["id"] == existing.pk
    assert Source.objects.count() == 1


def test_a_new_source_keeps_its_text_fingerprint(contributor):
    response = client_for(contributor).post(
        "/api/v1/sources/",
        {"url": "https://example.com/new", "title": "New", "text": "Words.", "kind": "podcast"},
        format="json",
    )
    assert response.status_code == 201
    assert len(response.json()["text_sha256"]) == 64


def test_a_new_source_keeps_its_archive_address(contributor):
    archive = "https://web.archive.org/web/2025/https://example.com/archived"
    response = client_for(contributor).post(
        "/api/v1/sources/",
        {"url": "https://example.com/archived", "title": "Archived", "archive_url": archive},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["archive_url"] == archive
    assert Source.objects.get().archive_url == archive


def test_adding_a_source_asks_the_service_whether_it_is_new(contributor):
    """201 or 200 comes from the service, not from counting every source."""
    SourceFactory.create_batch(3)
    client = client_for(contributor)
    payload = {"url": "https://example.com/counted", "title": "Counted"}

    with CaptureQueriesContext(connection) as queries:
        added = client.post("/api/v1/sources/", payload, format="json")
    # Read now: the next request clears the connection's query log.
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    again = client.post("/api/v1/sources/", payload, format="json")

    assert (added.status_code, again.status_code) == (201, 200)
    assert added.json()["id"] == again.json()["id"]
    assert counts == []


def test_statements_are_recorded_with_a_speaker_by_name(editor):
    source = SourceFactory(published_on=dt.date(2026, 1, 2))
    response = client_for(editor).post(
        "/api/v1/statements/",
        {"text": "It will rain.", "speaker": {"name": "A Forecaster"}, "source": source.pk},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["said_on"] == "2026-01-02"
    assert Statement.objects.get().speaker.slug == "a-forecaster"


def test_only_editors_add_a_quote_directly(contributor):
    """A quote added on its own is on its speaker's page at once; a
    contributor's goes through a claim, which an editor reviews."""
    source = SourceFactory()
    response = client_for(contributor).post(
        "/api/v1/statements/",
        {"text": "I will resign tomorrow.", "speaker": {"name": "A Minister"}, "source": source.pk},
        format="json",
    )
    assert response.status_code == 403
    assert "file a claim with its quote instead" in response.json()["detail"]
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/api/v1/people/", {"name": "Fake Person"}),
        ("/api/v1/sources/", {"url": "https://fake.example/a", "title": "Fake"}),
        ("/api/v1/statements/", {"text": "x", "speaker": "fake-person", "source": 1}),
    ],
)
def test_an_unconfirmed_account_adds_nothing(path, payload):
    unconfirmed = UserFactory(username="una", verified=False)
    response = client_for(unconfirmed).post(path, payload, format="json")
    assert response.status_code == 403
    assert "Confirm your email address first" in response.json()["detail"]
    assert not Person.objects.filter(name="Fake Person").exists()
    assert not Source.objects.exists()


def test_tags_list_and_read(frozen_now):
    demo.load_demo()
    client = client_for()
    slugs = [t["slug"] for t in client.get("/api/v1/tags/").json()["results"]]
    assert "example" in slugs
    tag = client.get("/api/v1/tags/example/").json()
    assert tag["predictions"].endswith("/api/v1/predictions/?tag=example")


def test_the_deadline_endpoint():
    client = client_for()
    ok = client.get("/api/v1/deadline/", {"text": "within 18 months", "from": "2025-02-01"})
    assert ok.status_code == 200
    assert ok.json() == {"resolves_on": "2026-08-01", "matched": "within 18 months"}

    vague = client.get("/api/v1/deadline/", {"text": "soon", "from": "2025-02-01"})
    assert vague.status_code == 400
    assert "text" in vague.json()

    bad_date = client.get("/api/v1/deadline/", {"text": "in a year", "from": "01/02/2025"})
    assert bad_date.status_code == 400
    assert "from" in bad_date.json()

    missing = client.get("/api/v1/deadline/")
    assert missing.status_code == 400
    assert "text" in missing.json()


def test_the_suggest_endpoint_reads_the_seed_article():
    article = demo.SEED_FILE.read_text(encoding="utf-8")
    response = client_for().post(
        "/api/v1/suggest/", {"text": article, "published_on": "2025-02-01"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert any(q["text"] == "wrong side of history" for q in body["quotes"])
    assert any(p["resolves_on"] == "2025-03-01" for p in body["predictions"])


def test_create_api_token_prints_a_working_key_on_its_last_line(contributor, capsys):
    call_command("create_api_token", "alice")
    key = capsys.readouterr().out.strip().splitlines()[-1]

    token = ApiToken.objects.get(user=contributor)
    assert key.startswith("hs_")
    assert key not in token.key_hash  # only the hash is kept
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post("/api/v1/people/", {"name": "Token Person"}, format="json")
    assert response.status_code == 201


def test_a_wrong_token_is_401():
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token hs_not-a-real-key")
    response = client.get("/api/v1/predictions/")
    assert response.status_code == 401
    assert "token" in response.json()["detail"].lower()


def test_past_the_limit_answers_429_with_retry_after(settings):
    settings.API_THROTTLE_RATES = {"anon": "3/min", "user": "3/min"}
    cache.clear()
    client = client_for()
    codes = [client.get("/api/v1/tags/").status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/tags/")
    assert int(limited["Retry-After"]) > 0
    cache.clear()


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        (
            "/api/v1/predictions/",
            {"claim": "x", "predictor": "a\x00b", "resolves_on": "2030-01-01"},
            "predictor",
        ),
        (
            "/api/v1/statements/",
            {"text": "x", "speaker": {"name": "a\x00"}, "source": 1},
            "speaker",
        ),
    ],
)
def test_null_characters_are_a_400_not_a_500(editor, path, payload, field):
    """Found by schemathesis: PostgreSQL cannot store or look up a NUL."""
    response = client_for(editor).post(path, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_a_slug_with_a_null_character_is_404():
    assert client_for().get("/api/v1/people/a%00b/").status_code == 404
    assert client_for().get("/api/v1/tags/a%00b/").status_code == 404
