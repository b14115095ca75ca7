"""The capture task and its service: a filed source's page fetched from the
local test server, kept gzipped with its hash, and read into the source's
empty fields; what goes wrong recorded on the capture, retried with backoff
by the sweep or refused for good. Filing queues it and never waits for it.

No broker: the task is called as a function. Filing, the admin and the
broker: test_capture_queueing.py."""

import datetime as dt
import gzip
import hashlib
from unittest import mock

import pytest
from django.utils import timezone

from sources import services, tasks
from sources.models import Source, SourceCapture
from sources.services import capture as capture_service
from tests.sources.capture.conftest import ARTICLE_HTML, PARAGRAPHS, CaptureServer, Resolver
from tests.sources.capture.helpers import (
    State,
    capture_of,
    new_source,
    raw_copy,
)

pytestmark = pytest.mark.django_db

# A page captured


def test_captures_the_page_with_its_hash_and_fills_the_sources_empty_fields(
    loopback, capture_server: CaptureServer
):
    url = capture_server.url("/redirect-once")
    source = new_source(url)
    before = timezone.now()

    assert tasks.capture_source(source.pk) == State.CAPTURED

    capture = capture_of(source)
    assert capture.state == State.CAPTURED
    assert capture.attempts == 1
    assert gzip.decompress(raw_copy(capture)) == ARTICLE_HTML
    assert capture.raw_sha256 == hashlib.sha256(ARTICLE_HTML).hexdigest()
    assert capture.requested_url == url
    assert capture.final_url == capture_server.url("/article")
    assert capture.fetched_at is not None and before <= capture.fetched_at <= timezone.now()
    assert (capture.content_type, capture.charset) == ("text/html", "utf-8")
    assert capture.author == "Jane Doe"
    assert (capture.error_reason, capture.error, capture.next_attempt_at) == ("", "", None)
    source.refresh_from_db()
    assert all(paragraph in source.text for paragraph in PARAGRAPHS)
    assert source.text_sha256 == hashlib.sha256(source.text.encode()).hexdigest()
    assert capture.text_sha256 == source.text_sha256
    # Filed without a title, the source was titled by its URL: the page's replaces it.
    assert "Council approves the river tram line" in source.title
    assert source.publisher == "The Example Times"
    assert source.published_on == dt.date(2024, 5, 1)
    assert capture_server.paths() == ["/redirect-once", "/article"]


def test_never_overwrites_what_a_person_filled(loopback, capture_server: CaptureServer):
    pasted = "The words the filer pasted from the article."
    source = new_source(
        capture_server.url("/article"),
        title="Tram line approved",
        publisher="Riverton Post",
        published_on=dt.date(2024, 5, 2),
        text=pasted,
    )

    assert tasks.capture_source(source.pk) == State.CAPTURED

    source.refresh_from_db()
    assert (source.title, source.publisher, source.published_on) == (
        "Tram line approved",
        "Riverton Post",
        dt.date(2024, 5, 2),
    )
    assert source.text == pasted
    assert source.text_sha256 == hashlib.sha256(pasted.encode()).hexdigest()
    capture = capture_of(source)
    assert capture.raw_sha256 == hashlib.sha256(ARTICLE_HTML).hexdigest()
    assert capture.text_sha256 not in ("", source.text_sha256)


def test_fills_each_empty_field_on_its_own(loopback, capture_server: CaptureServer):
    source = new_source(capture_server.url("/article"), title="Tram line approved")

    tasks.capture_source(source.pk)

    source.refresh_from_db()
    assert source.title == "Tram line approved"
    assert source.publisher == "The Example Times"
    assert PARAGRAPHS[0] in source.text


def test_a_plain_text_page_keeps_its_words(loopback, capture_server: CaptureServer):
    source = new_source(capture_server.url("/text"))

    tasks.capture_source(source.pk)

    source.refresh_from_db()
    assert source.text == "Plain words on a plain page.\nA second line."
    assert source.title == capture_server.url("/text")  # the page names none
    assert capture_of(source).content_type == "text/plain"


def test_a_second_run_of_the_task_does_nothing(loopback, capture_server: CaptureServer):
    # acks_late may deliver a task twice; the page is captured once.
    source = new_source(capture_server.url("/article"))
    tasks.capture_source(source.pk)
    first = capture_of(source)

    assert tasks.capture_source(source.pk) == "skipped"

    assert capture_server.paths() == ["/article"]
    again = capture_of(source)
    assert (again.attempts, again.fetched_at) == (1, first.fetched_at)


def test_a_duplicate_task_during_a_try_waits_for_nothing():
    # The first try holds the row for its lease; a second delivery of the
    # task meanwhile does not fetch the page again.
    source = new_source("https://news.example.com/slow")
    first = capture_service.start_attempt(source.pk)
    assert first is not None and first.attempt_token

    assert capture_service.start_attempt(source.pk) is None
    assert capture_of(source).attempts == 1


def test_only_the_latest_try_records_what_it_found(loopback, capture_server: CaptureServer):
    # An editor asks again while a try is under way: the new try's copy is
    # kept, and the old one, finishing late, changes nothing.
    source = new_source(capture_server.url("/article"))
    stale = capture_service.start_attempt(source.pk)
    assert stale is not None
    services.queue_capture(source, again=True)
    assert tasks.capture_source(source.pk) == State.CAPTURED
    kept = capture_of(source)

    late = capture_service.record_failure(
        source,
        capture_service.CaptureFailed("timeout", "Too slow."),
        retry_at=timezone.now(),
        token=stale.attempt_token,
    )

    assert late.state == State.CAPTURED
    assert (capture_of(source).state, capture_of(source).raw_sha256) == (
        State.CAPTURED,
        kept.raw_sha256,
    )


def test_a_deleted_source_is_skipped():
    assert tasks.capture_source(987_654) == "skipped"


# What goes wrong


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/big-declared", "too_large"),  # 50,000 bytes over a 10,000-byte cap
        ("/big-stream", "too_large"),
        ("/image", "wrong_type"),
        ("/loop-a", "too_many_redirects"),
        ("/missing", "http_error"),
    ],
)
def test_a_page_refused_for_good_is_not_retried(
    loopback, capture_server: CaptureServer, path: str, reason: str
):
    source = new_source(capture_server.url(path))

    assert tasks.capture_source(source.pk) == State.REFUSED

    capture = capture_of(source)
    assert (capture.state, capture.error_reason, capture.attempts) == (State.REFUSED, reason, 1)
    assert capture.error  # a sentence for the page
    assert capture.next_attempt_at is None
    assert capture.raw_gzip is None and capture.raw_sha256 == ""
    source.refresh_from_db()
    assert source.text == "" and source.title == capture_server.url(path)


def test_the_size_cap_is_the_setting(loopback, settings, capture_server: CaptureServer):
    settings.CAPTURE_MAX_BYTES = 60_000
    source = new_source(capture_server.url("/big-declared"))

    assert tasks.capture_source(source.pk) == State.CAPTURED


def test_a_timeout_is_a_failure_retried_after_a_minute(
    loopback, settings, capture_server: CaptureServer
):
    settings.CAPTURE_READ_TIMEOUT = 0.3  # the /slow route answers after a second
    source = new_source(capture_server.url("/slow"))
    before = timezone.now()

    assert tasks.capture_source(source.pk) == State.FAILED

    capture = capture_of(source)
    assert (capture.state, capture.error_reason, capture.attempts) == (State.FAILED, "timeout", 1)
    assert capture.next_attempt_at is not None
    wait = capture.next_attempt_at - before
    assert dt.timedelta(minutes=1) <= wait <= dt.timedelta(minutes=1, seconds=30)


def test_the_total_deadline_is_the_setting(loopback, settings, capture_server: CaptureServer):
    settings.CAPTURE_TOTAL_TIMEOUT = 0.4  # the /drip route never ends
    source = new_source(capture_server.url("/drip"))

    assert tasks.capture_source(source.pk) == State.FAILED
    assert capture_of(source).error_reason == "timeout"


def test_failures_back_off_through_the_sweep_and_then_stop(
    loopback, capture_server: CaptureServer, queued: list[int]
):
    source = new_source(capture_server.url("/unavailable"))  # HTTP 503, every time
    waits = []
    for attempt in range(1, capture_service.MAX_ATTEMPTS + 1):
        before = timezone.now()
        assert tasks.capture_source(source.pk) == State.FAILED
        capture = capture_of(source)
        assert (capture.attempts, capture.error_reason) == (attempt, "http_error")
        if capture.next_attempt_at is None:
            break
        waits.append(capture.next_attempt_at - before)
        # Not due yet: the sweep leaves it, and a stray task finds nothing to do.
        assert services.requeue_due(now=before) == 0
        assert tasks.capture_source(source.pk) == "skipped"
        # Due: the sweep queues it, once.
        assert services.requeue_due(now=capture.next_attempt_at) == 1
        assert services.requeue_due(now=capture.next_attempt_at) == 0
        assert queued.pop() == source.pk
        assert capture_of(source).state == State.PENDING

    assert [round(wait.total_seconds() / 60) for wait in waits] == [1, 5, 30, 120, 720]
    capture = capture_of(source)
    assert (capture.state, capture.attempts) == (State.FAILED, capture_service.MAX_ATTEMPTS)
    assert capture.next_attempt_at is None
    far_future = timezone.now() + dt.timedelta(days=365)
    assert services.requeue_due(now=far_future) == 0
    assert len(capture_server.seen) == capture_service.MAX_ATTEMPTS


def test_an_unexpected_error_is_recorded_and_retried(
    loopback, capture_server: CaptureServer, caplog
):
    source = new_source(capture_server.url("/article"))

    with mock.patch.object(capture_service, "extract", side_effect=RuntimeError("parser bug")):
        assert tasks.capture_source(source.pk) == State.FAILED

    capture = capture_of(source)
    assert capture.error_reason == "unexpected"
    assert "parser bug" not in capture.error  # the page shows this message
    assert capture.next_attempt_at is not None
    assert "parser bug" in caplog.text


def test_a_capture_whose_worker_keeps_dying_is_given_up():
    source = new_source("https://news.example.com/heavy")
    SourceCapture.objects.filter(source=source).update(attempts=capture_service.MAX_ATTEMPTS)

    assert tasks.capture_source(source.pk) == "skipped"

    capture = capture_of(source)
    assert (capture.state, capture.error_reason, capture.next_attempt_at) == (
        State.FAILED,
        "lost",
        None,
    )


# Refused before a byte is sent: the production policy (no loopback)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "::1"])
def test_a_name_that_resolves_inward_is_refused(
    settings, resolver: Resolver, connects: list[str], address: str
):
    settings.CAPTURE_ALLOW_LOOPBACK = False
    resolver.answers["internal.test"] = [address]
    source = new_source("http://internal.test/story")

    assert tasks.capture_source(source.pk) == State.REFUSED

    capture = capture_of(source)
    assert (capture.error_reason, capture.next_attempt_at) == ("blocked_address", None)
    assert resolver.lookups == ["internal.test"]
    assert connects == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        # Filing refuses the first and strips the second's credentials
        # (sources.normalize), so they are stored here as no filing would.
        ("file:///etc/passwd", "scheme"),
        ("http://user:secret@news.example.com/story", "credentials"),
    ],
)
def test_a_url_refused_by_its_text(
    settings, resolver: Resolver, connects: list[str], url: str, reason: str
):
    settings.CAPTURE_ALLOW_LOOPBACK = False
    source = Source.objects.create(url=url, title="Stored by hand")
    services.queue_capture(source)

    assert tasks.capture_source(source.pk) == State.REFUSED

    assert capture_of(source).error_reason == reason
    assert resolver.lookups == []
    assert connects == []


def test_the_local_server_itself_is_refused_without_the_setting(
    settings, capture_server: CaptureServer, connects: list[str]
):
    settings.CAPTURE_ALLOW_LOOPBACK = False
    source = new_source(capture_server.url("/article"))

    assert tasks.capture_source(source.pk) == State.REFUSED

    assert capture_of(source).error_reason == "port"
    assert capture_server.seen == [] and connects == []


@pytest.mark.parametrize(("path", "reason"), [("/to-file", "scheme"), ("/to-creds", "credentials")])
def test_a_redirect_to_a_refused_url_is_refused(
    loopback, capture_server: CaptureServer, path: str, reason: str
):
    source = new_source(capture_server.url(path))

    assert tasks.capture_source(source.pk) == State.REFUSED
    assert capture_of(source).error_reason == reason
