"""With DEBUG on (make run), an unknown address shows the site's own 404
page, as in production, not Django's technical one listing every URL
pattern; DEBUG_TECHNICAL_404 brings that back; the API keeps answering JSON."""

import pytest

pytestmark = pytest.mark.django_db

TECHNICAL = "Using the URLconf defined in"


@pytest.fixture
def debugging(settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_404 = False
    return settings


def test_an_unknown_address_shows_the_designed_page(client, debugging):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert TECHNICAL not in html
    assert '<link rel="stylesheet"' in html  # the site's own page, with its layout
    assert "<h1>Not found</h1>" in html


def test_a_missing_record_shows_it_too(client, debugging):
    response = client.get("/people/nobody-of-that-name/")

    assert response.status_code == 404
    assert TECHNICAL not in response.content.decode()
    assert "<h1>Not found</h1>" in response.content.decode()


def test_the_api_still_answers_json(client, debugging):
    response = client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_developer_may_ask_for_the_technical_page(client, debugging):
    debugging.DEBUG_TECHNICAL_404 = True

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert TECHNICAL in response.content.decode()
