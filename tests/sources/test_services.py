"""Writing sources: one page is one source, whatever tracking parameters or
capitals its URL comes with, and the caller learns whether it was new."""

import hashlib

import pytest

from core.errors import InvalidInput
from sources import services
from sources.models import Source
from tests.support.factories import SourceFactory

pytestmark = pytest.mark.django_db

MESSY_URL = "https://News.EXAMPLE.com/story/?utm_source=feed&fbclid=abc&page=2#comments"
CLEAN_URL = "https://news.example.com/story?page=2"


def test_a_new_source_is_created_normalised_and_fingerprinted():
    source, created = services.get_or_create_source(url=MESSY_URL, title="A story", text="Words.")

    assert created is True
    assert source.url == CLEAN_URL
    assert source.text_sha256 == hashlib.sha256(b"Words.").hexdigest()


def test_a_known_url_returns_that_source_and_says_it_is_not_new():
    existing = SourceFactory(url=CLEAN_URL)

    source, created = services.get_or_create_source(url=MESSY_URL, title="Again")

    assert (source, created) == (existing, False)
    assert Source.objects.count() == 1


def test_sources_without_a_url_are_always_new():
    first, first_created = services.get_or_create_source(title="A printed page")
    second, second_created = services.get_or_create_source(title="A printed page")

    assert first_created and second_created
    assert first != second


def test_the_stored_url_of_an_edited_source_is_normalised():
    source = SourceFactory(url="https://example.com/a")
    source.url = MESSY_URL
    source.text = "New text."

    services.save_source(source=source)

    source.refresh_from_db()
    assert source.url == CLEAN_URL
    assert source.text_sha256 == hashlib.sha256(b"New text.").hexdigest()


def test_saving_a_source_under_anothers_url_is_refused():
    SourceFactory(url=CLEAN_URL, title="The first")
    second = SourceFactory(url="https://example.com/b")
    second.url = MESSY_URL

    with pytest.raises(InvalidInput) as refused:
        services.save_source(source=second)

    assert "The first" in refused.value.errors["url"][0]
    second.refresh_from_db()
    assert second.url == "https://example.com/b"


def test_a_source_keeps_its_own_url_when_saved_again():
    source = SourceFactory(url=CLEAN_URL)

    assert services.check_source_url(MESSY_URL, source=source) == CLEAN_URL


@pytest.mark.parametrize("url", ["ftp://example.com/file", "not a url"])
def test_a_url_that_is_not_a_web_address_is_refused(url):
    with pytest.raises(InvalidInput) as refused:
        services.check_source_url(url)

    assert "url" in refused.value.errors
