"""Filing queues a capture after commit, once per page, and never waits for
it: with the broker down it still files, and the sweep catches up; an editor
asks again from the admin. Celery runs the task eagerly, or not at all."""

import datetime as dt
import hashlib
import logging
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from pytest_django.asserts import assertContains

from config.celery import app as celery_app
from predictions import services as prediction_services
from sources import services, tasks
from sources.models import Source, SourceCapture
from sources.services import capture as capture_service
from tests.sources.capture.conftest import ARTICLE_HTML, CaptureServer
from tests.sources.capture.helpers import (
    QUOTE,
    State,
    capture_of,
    file_with_source,
    new_source,
)
from tests.support.html import page

pytestmark = pytest.mark.django_db

# Filing queues the capture


def test_filing_queues_the_capture_after_commit_and_celery_runs_it(
    loopback, editor, capture_server: CaptureServer, django_capture_on_commit_callbacks
):
    url = capture_server.url("/article")
    # The task as Celery runs it, sent by .delay; eagerly, as there is no worker here.
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            prediction = file_with_source(editor, url)
        source = prediction.statement.source
        # Filed, and nothing fetched yet: the capture waits for the commit.
        assert capture_of(source).state == State.PENDING
        assert capture_server.seen == []
        for callback in callbacks:
            callback()
    finally:
        celery_app.conf.task_always_eager = False

    capture = capture_of(source)
    assert capture.state == State.CAPTURED
    assert capture.raw_sha256 == hashlib.sha256(ARTICLE_HTML).hexdigest()
    source.refresh_from_db()
    assert QUOTE in source.text
    assert capture_server.paths() == ["/article"]


def test_filing_asks_for_the_task_once_per_page(
    loopback,
    editor,
    capture_server: CaptureServer,
    queued: list[int],
    django_capture_on_commit_callbacks,
):
    url = capture_server.url("/article")
    with django_capture_on_commit_callbacks(execute=True):
        first = file_with_source(editor, url)
    with django_capture_on_commit_callbacks(execute=True):
        file_with_source(editor, url + "?utm_source=feed")  # the same page, normalised

    source = first.statement.source
    assert queued == [source.pk]
    assert SourceCapture.objects.count() == 1
    capture = capture_of(source)
    assert (capture.state, capture.attempts, capture.requested_url) == (State.PENDING, 0, url)
    assert capture.next_attempt_at is not None and capture.next_attempt_at > timezone.now()


def test_filing_with_the_broker_down_still_files_and_the_sweep_catches_up(
    loopback, editor, capture_server: CaptureServer, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.WARNING, logger="hindsight.capture")
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        mock.patch.object(tasks.capture_source, "delay", side_effect=refused) as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        prediction = file_with_source(editor, capture_server.url("/article"))

    assert delay.called
    assert prediction.pk is not None
    source = prediction.statement.source
    assert capture_of(source).state == State.PENDING
    assert "the sweep will" in caplog.text

    # The sweep leaves it while the lost task might still come, then queues it.
    sent: list[int] = []
    with mock.patch.object(tasks.capture_source, "delay", sent.append):
        assert tasks.capture_pending() == 0
        later = timezone.now() + capture_service.LEASE + dt.timedelta(seconds=1)
        assert services.requeue_due(now=later) == 1
    assert sent == [source.pk]
    assert tasks.capture_source(source.pk) == State.CAPTURED


def test_a_filing_without_a_url_or_with_capture_off_queues_nothing(
    settings, editor, queued: list[int], django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        prediction_services.file_claim(
            filed_by=editor,
            claim="The bridge reopens",
            predictor="A Mayor",
            quote="The bridge reopens next year",
            source_title="A printed leaflet",
            published_on=dt.date(2026, 3, 1),
            resolves_on=dt.date(2027, 12, 31),
        )
    settings.CAPTURE_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True):
        file_with_source(editor, "https://news.example.com/trams")

    assert queued == []
    assert not SourceCapture.objects.exists()


def test_a_source_filed_before_capture_existed_is_captured_when_filed_again(
    editor, queued: list[int], django_capture_on_commit_callbacks
):
    old = Source.objects.create(url="https://news.example.com/trams", title="Trams")

    with django_capture_on_commit_callbacks(execute=True):
        file_with_source(editor, "https://news.example.com/trams")

    assert queued == [old.pk]
    assert capture_of(old).state == State.PENDING


def test_capturing_again_by_hand_starts_a_failed_capture_over_but_not_a_captured_one(
    loopback, capture_server: CaptureServer, queued: list[int], django_capture_on_commit_callbacks
):
    failed = new_source(capture_server.url("/unavailable"))
    captured = new_source(capture_server.url("/article"))
    for source in (failed, captured):
        tasks.capture_source(source.pk)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_capture(failed, again=True) is not None
        assert services.queue_capture(captured, again=True) is None

    assert queued == [failed.pk]
    again = capture_of(failed)
    assert (again.state, again.attempts, again.error) == (State.PENDING, 0, "")
    assert capture_of(captured).state == State.CAPTURED


def test_an_editor_sees_the_capture_in_the_admin_and_asks_for_it_again(
    client,
    staff,
    loopback,
    capture_server: CaptureServer,
    queued: list[int],
    django_capture_on_commit_callbacks,
):
    failed = new_source(capture_server.url("/unavailable"))
    captured = new_source(capture_server.url("/article"))
    for source in (failed, captured):
        tasks.capture_source(source.pk)
    client.force_login(staff)

    change = client.get(reverse("admin:sources_source_change", args=[captured.pk]))
    listed = client.get(reverse("admin:sources_source_changelist"), {"capture__state": "failed"})
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(
            reverse("admin:sources_source_changelist"),
            {"action": "capture_again", "_selected_action": [failed.pk, captured.pk]},
            follow=True,
        )

    assertContains(change, hashlib.sha256(ARTICLE_HTML).hexdigest())
    assertContains(change, "Jane Doe")
    assert page(listed).texts("#result_list tbody th") == [failed.title]
    assertContains(asked, "Capturing 1 page(s) again.")
    assertContains(asked, "1 left as they are")
    assert queued == [failed.pk]
    assert capture_of(failed).state == State.PENDING
    assert capture_of(captured).state == State.CAPTURED
