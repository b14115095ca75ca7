"""A real Celery worker captures a filed source's page: the claim is filed
with a URL on a local HTTP server, the filing commits and queues the task on
the test Redis, and the worker fetches the page and records it in the test
PostgreSQL. The production path, end to end, with loopback allowed."""

import datetime as dt
import gzip
import hashlib
import threading
from collections.abc import Iterator

import pytest
from django.conf import settings

from predictions import services
from sources.models import Source, SourceCapture
from tests.sources.capture.conftest import ARTICLE_HTML, PARAGRAPHS, CaptureServer, _Server
from tests.support.markers import END_TO_END
from tests.support.worker import CeleryProcesses, purge_broker, wait_for

pytestmark = [pytest.mark.integration, *END_TO_END]

QUOTE = "the first trams should carry passengers within four years"


@pytest.fixture
def page_server() -> Iterator[CaptureServer]:
    """The capture tests' local HTTP server, on 127.0.0.1 and a free port."""
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield CaptureServer(base=f"http://{host!s}:{port}", seen=server.seen)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def worker(tmp_path) -> Iterator[CeleryProcesses]:
    purge_broker(settings.REDIS_URL)
    # The worker fetches from the test's server on 127.0.0.1: tests only.
    celery = CeleryProcesses(tmp_path, CAPTURE_ENABLED="true", CAPTURE_ALLOW_LOOPBACK="true")
    try:
        celery.start_worker()
        yield celery
    finally:
        celery.stop()
        purge_broker(settings.REDIS_URL)


def capture_state(source_id: int) -> str:
    return (
        SourceCapture.objects.filter(source_id=source_id).values_list("state", flat=True).first()
        or ""
    )


def test_a_worker_captures_the_page_of_a_filed_source(
    worker: CeleryProcesses, page_server: CaptureServer, editor, client
):
    url = page_server.url("/redirect-once")

    prediction = services.file_claim(
        filed_by=editor,
        claim="The river tram carries passengers by 2030",
        predictor="Riverton Council",
        quote=QUOTE,
        source_url=url,
        made_on=dt.date(2026, 3, 1),
        resolves_on=dt.date(2030, 12, 31),
    )
    assert prediction.statement is not None
    source_id = prediction.statement.source_id

    done = wait_for(lambda: capture_state(source_id) not in ("", "pending"), timeout=90)

    log = worker.log()
    assert done, f"the worker did not capture the page; its log:\n{log}"
    assert "sources.tasks.capture_source" in log
    capture = SourceCapture.objects.get(source_id=source_id)
    assert capture.state == SourceCapture.State.CAPTURED, (capture.error, log)
    assert gzip.decompress(raw_copy(capture)) == ARTICLE_HTML
    assert capture.raw_sha256 == hashlib.sha256(ARTICLE_HTML).hexdigest()
    assert capture.final_url == page_server.url("/article")
    assert capture.fetched_at is not None
    source = Source.objects.get(pk=source_id)
    assert all(paragraph in source.text for paragraph in PARAGRAPHS)
    assert source.text_sha256 == hashlib.sha256(source.text.encode()).hexdigest()
    assert source.publisher == "The Example Times"
    assert page_server.paths() == ["/redirect-once", "/article"]

    response = client.get(f"/sources/{source_id}/")
    body = " ".join(response.content.decode().split())
    assert f'SHA-256 <code class="sha256">{capture.raw_sha256}</code>' in body
    assert f"<mark>{QUOTE}</mark>" in body


def raw_copy(capture: SourceCapture) -> bytes:
    """The gzipped raw copy as stored (PostgreSQL hands back a memoryview)."""
    assert capture.raw_gzip is not None
    return bytes(capture.raw_gzip)
