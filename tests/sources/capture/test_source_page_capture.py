"""A reader checks a source's page against the copy the ledger captured: when
and where from, its SHA-256, the quotes marked in its text or said to be
missing from it; or that the copy is still coming, failed, or was refused.
The page costs the same number of queries with a capture as without."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from sources import services, tasks
from sources.capture.fetch import CaptureFailed, CaptureRefused
from sources.models import Source, SourceCapture
from tests.sources.capture.conftest import ARTICLE_HTML, CaptureServer
from tests.support.factories import PredictionFactory, SourceFactory, StatementFactory
from tests.support.html import page, squash, text_of

pytestmark = pytest.mark.django_db

QUOTE = "the first trams should carry passengers within four years"


@pytest.fixture
def loopback(settings):
    settings.CAPTURE_ALLOW_LOOPBACK = True
    settings.CAPTURE_MAX_BYTES = 10_000


def captured(capture_server: CaptureServer, path: str = "/redirect-once", **fields) -> Source:
    """A source filed with the local server's page, captured by the task."""
    source, _ = services.get_or_create_source(url=capture_server.url(path), **fields)
    assert tasks.capture_source(source.pk) == SourceCapture.State.CAPTURED
    source.refresh_from_db()
    return source


def section(response, name: str) -> str:
    return squash(page(response).one(f"section#{name}").get_text())


def test_the_page_shows_when_and_from_where_the_copy_was_captured_with_its_hash(
    client, loopback, capture_server: CaptureServer
):
    source = captured(capture_server)
    capture = source.capture
    StatementFactory.create(source=source, text=QUOTE)

    response = client.get(f"/sources/{source.pk}/")

    assert capture.fetched_at is not None
    when = timezone.localtime(capture.fetched_at).strftime("%-d %B %Y, %H:%M")
    digest = hashlib.sha256(ARTICLE_HTML).hexdigest()
    final_url = capture_server.url("/article")
    text = section(response, "capture")
    assert text.startswith("Captured copy Captured on ")
    assert f"Captured on {when}" in text
    assert f"SHA-256 {digest} (of the page as fetched), from {final_url}." in text
    assert "The page names its author: Jane Doe." in text
    assert "The text below was read from this copy." in text
    assertContains(response, '<h2 id="capture-heading">Captured copy</h2>', html=True)
    assertContains(
        response, f'<a href="{final_url}" rel="nofollow noopener">{final_url}</a>', html=True
    )
    assertContains(response, f'datetime="{capture.fetched_at.isoformat()}"')
    assert page(response).marks == [QUOTE]
    assertNotContains(response, "not found in the captured copy")


def test_a_quote_missing_from_the_copy_is_said_to_be(
    client, loopback, capture_server: CaptureServer
):
    source = captured(capture_server)
    StatementFactory.create(source=source, text=QUOTE)
    missing = StatementFactory.create(source=source, text="The trams will be free to ride.")

    response = client.get(f"/sources/{source.pk}/")

    items = page(response).select("#statements li")
    notes = {text_of(item.select_one("blockquote")): text_of(item) for item in items}
    assert "The quote was not found in the captured copy." in notes[missing.text]
    assert "not found" not in notes[QUOTE]
    assert page(response).marks == [QUOTE]


def test_a_text_a_person_gave_is_told_apart_from_the_copy(
    client, loopback, capture_server: CaptureServer
):
    source = captured(capture_server, "/article", text="The tram words as the filer pasted them.")
    StatementFactory.create(source=source, text=QUOTE)

    response = client.get(f"/sources/{source.pk}/")

    text = section(response, "capture")
    assert "The text below was given by a person, not read from this copy." in text
    assert hashlib.sha256(ARTICLE_HTML).hexdigest() in text
    assert "The quote was not found in the captured copy." in squash(
        page(response).one("#statements").get_text()
    )


def test_a_copy_with_no_article_text_says_so(client, loopback, capture_server: CaptureServer):
    source, _ = services.get_or_create_source(url=capture_server.url("/article"))
    # A page trafilatura finds no article in: recorded as fetched, text empty.
    SourceCapture.objects.filter(source=source).update(
        state=SourceCapture.State.CAPTURED,
        fetched_at=timezone.now(),
        raw_sha256="ab" * 32,
        final_url=source.url,
    )

    response = client.get(f"/sources/{source.pk}/")

    assert "No article text could be read from this copy." in section(response, "capture")
    assertContains(response, "No text was captured for this source.")


def test_a_capture_on_its_way_says_so(client):
    source, _ = services.get_or_create_source(url="https://news.example.com/trams")

    response = client.get(f"/sources/{source.pk}/")

    assert section(response, "capture") == "Captured copy Capturing a copy of this page…"
    assertContains(response, '<p role="status">Capturing a copy of this page…</p>', html=True)


def test_a_failed_capture_says_why_how_often_and_when_next(client):
    source, _ = services.get_or_create_source(url="https://news.example.com/trams")
    retry_at = timezone.now() + dt.timedelta(minutes=5)
    SourceCapture.objects.filter(source=source).update(attempts=2)
    services.record_failure(
        source, CaptureFailed("timeout", "The server took too long to answer."), retry_at=retry_at
    )

    response = client.get(f"/sources/{source.pk}/")

    when = timezone.localtime(retry_at).strftime("%-d %B %Y, %H:%M")
    text = section(response, "capture")
    assert text.startswith(
        f"Captured copy Could not capture a copy (tried 2 times; next try {when}"
    )
    assert text.endswith("). The server took too long to answer.")
    assertContains(response, f'datetime="{retry_at.isoformat()}"')


def test_a_capture_given_up_says_no_more_tries(client):
    source, _ = services.get_or_create_source(url="https://news.example.com/trams")
    SourceCapture.objects.filter(source=source).update(attempts=1)
    services.record_failure(source, CaptureFailed("connection", "Could not connect."))

    text = section(client.get(f"/sources/{source.pk}/"), "capture")

    assert text == (
        "Captured copy Could not capture a copy (tried 1 time; no more tries). Could not connect."
    )


def test_a_refused_capture_says_why_in_words(client, loopback, capture_server: CaptureServer):
    source, _ = services.get_or_create_source(url=capture_server.url("/image"))
    tasks.capture_source(source.pk)

    text = section(client.get(f"/sources/{source.pk}/"), "capture")

    assert text == "Captured copy Not captured: Not a web page or text (image/png)."


def test_the_capture_messages_are_escaped(client):
    source, _ = services.get_or_create_source(url="https://news.example.com/trams")
    services.record_failure(source, CaptureRefused("invalid_url", "Not <b>valid</b>: 'x'."))
    SourceCapture.objects.filter(source=source).update(final_url="javascript:alert(1)")

    response = client.get(f"/sources/{source.pk}/")

    assertContains(response, "Not captured: Not &lt;b&gt;valid&lt;/b&gt;: &#x27;x&#x27;.")
    assert "javascript:" not in response.content.decode()


def test_a_source_never_captured_shows_no_capture(client):
    source = SourceFactory.create(url="https://news.example.com/old")  # before capture existed

    response = client.get(f"/sources/{source.pk}/")

    assertNotContains(response, "Captured copy")
    assertNotContains(response, "SHA-256")


def captured_source_with_record(size: int) -> Source:
    """A source with a captured copy and ``size`` quotes in its text, each
    cited by a prediction, as tests/predictions/test_source_pages.py counts."""
    text = "\n\n".join(f"Paragraph {n}: quote {n}." for n in range(size))
    source = SourceFactory.create(text=text, text_sha256=hashlib.sha256(text.encode()).hexdigest())
    SourceCapture.objects.create(
        source=source,
        state=SourceCapture.State.CAPTURED,
        requested_url=source.url,
        final_url=source.url,
        fetched_at=timezone.now(),
        raw_gzip=b"\x1f\x8b" + b"\x00" * 100_000,
        raw_sha256="cd" * 32,
        text_sha256=source.text_sha256,
    )
    for n in range(size):
        statement = StatementFactory.create(source=source, text=f"quote {n}.")
        PredictionFactory.create(statement=statement, predictor=statement.speaker)
    StatementFactory.create(source=source, text="Words the text lacks")
    return source


# As the page without a capture (test_source_pages.SOURCE_QUERIES): the
# capture comes with the source, in its query.
SOURCE_QUERIES = 4


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_with_a_capture_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, size
):
    source = captured_source_with_record(size)

    with django_assert_num_queries(SOURCE_QUERIES) as queries:
        response = client.get(f"/sources/{source.pk}/")

    assert "The text below was read from this copy." in section(response, "capture")
    assert len(page(response).marks) == size
    assert len(page(response).rows) == size
    assertContains(response, "The quote was not found in the captured copy.", count=1)
    # The raw copy stays in the database: the page never reads it.
    source_query = next(q["sql"] for q in queries.captured_queries if "sourcecapture" in q["sql"])
    assert "raw_gzip" not in source_query
