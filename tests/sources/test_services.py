"""Writing sources: one page is one source, whatever tracking parameters or
capitals its URL comes with, and the caller learns whether it was new."""

import hashlib

import pytest

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
