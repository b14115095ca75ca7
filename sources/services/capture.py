"""Capturing a source's page: queued when a source with a URL is filed,
fetched by a worker (sources.tasks.capture_source), recorded here.

The row (SourceCapture) is the truth, not the broker. Filing writes it
pending and asks for the task once the filing commits; a broker that is
down costs nothing but time, as the sweep (sources.tasks.capture_pending,
run by beat) queues again every capture whose ``next_attempt_at`` has
passed: a pending one whose task was lost or whose worker died (each try
holds the row for LEASE), and a failed one whose retry is due. Retries
back off (BACKOFF) and stop after MAX_ATTEMPTS tries.
"""

import gzip
import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from core import limits
from sources.capture.extract import Extracted, extract
from sources.capture.fetch import (
    DEFAULT_POLICY,
    CaptureError,
    CaptureFailed,
    CaptureRefused,
    Fetched,
    FetchPolicy,
    fetch,
)
from sources.models import Source, SourceCapture

logger = logging.getLogger("hindsight.capture")

State = SourceCapture.State

# After the n-th failed try the next waits BACKOFF[n - 1]: the first try and
# five more, over about fifteen hours; then the capture is given up (an
# editor may ask again in the admin). The sweep runs every minute or so, so
# a wait is that much longer at most.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# How long a queued or running try may take before the sweep counts its task
# as lost and queues another. A fetch gives up after its total timeout (30 s
# by default), so this is generous.
LEASE = timedelta(minutes=10)
# Captures the sweep queues per run; more wait for its next run.
SWEEP_BATCH = 200

UNEXPECTED = "unexpected"
UNEXPECTED_MESSAGE = "Something went wrong on our side while reading the page."
LOST = "lost"
LOST_MESSAGE = "The capture never finished."
PUBLISHER_LENGTH = 200  # Source.publisher's max_length


def capture_policy() -> FetchPolicy:
    """The fetch's limits, from the settings. The timeouts may be set too
    (CAPTURE_CONNECT_TIMEOUT, CAPTURE_READ_TIMEOUT, CAPTURE_TOTAL_TIMEOUT,
    in seconds); unset, they are the fetch's own defaults."""
    return FetchPolicy(
        allow_loopback=settings.CAPTURE_ALLOW_LOOPBACK,
        max_bytes=settings.CAPTURE_MAX_BYTES,
        connect_timeout=float(
            getattr(settings, "CAPTURE_CONNECT_TIMEOUT", DEFAULT_POLICY.connect_timeout)
        ),
        read_timeout=float(getattr(settings, "CAPTURE_READ_TIMEOUT", DEFAULT_POLICY.read_timeout)),
        total_timeout=float(
            getattr(settings, "CAPTURE_TOTAL_TIMEOUT", DEFAULT_POLICY.total_timeout)
        ),
        # Who is asking, and where to read why: a site owner looking at their logs.
        user_agent=f"HindsightCapture/1.0 (+{settings.SITE_URL}/about/method/)",
    )


def queue_capture(source: Source, *, again: bool = False) -> SourceCapture | None:
    """Owe ``source`` a capture of its page and ask a worker for it once the
    current transaction commits; the row, or None if nothing was queued.

    Only when capture is on (CAPTURE_ENABLED) and the source has a URL; and
    only once: a source that has a capture row keeps it, unless ``again``
    (an editor asking by hand) for one not captured, which starts it over.
    A page once captured stays as it was captured: it is the record.

    Never raises for the broker: filing must not fail or wait on a capture.
    """
    if not settings.CAPTURE_ENABLED or not source.url or source.pk is None:
        return None
    now = timezone.now()
    if not again:
        if SourceCapture.objects.filter(source=source).exists():
            return None
        try:
            # A savepoint: another filing of the same page may add the row
            # first, and the filing around this call must go on.
            with transaction.atomic():
                capture = SourceCapture.objects.create(
                    source=source, requested_url=source.url, next_attempt_at=now + LEASE
                )
        except IntegrityError:
            return None  # the other filing queues it
    else:
        with transaction.atomic():
            capture, _ = SourceCapture.objects.select_for_update().get_or_create(source=source)
            if capture.state == State.CAPTURED:
                return None
            capture.state = State.PENDING
            capture.attempts = 0
            capture.requested_url = source.url
            capture.error_reason = ""
            capture.error = ""
            capture.next_attempt_at = now + LEASE
            capture.attempt_started_at = None  # a try under way is superseded
            capture.save()
    source_id = source.pk
    transaction.on_commit(lambda: enqueue(source_id), robust=True)
    return capture


def enqueue(source_id: int) -> bool:
    """Put the capture task for ``source_id`` on the broker; False (logged) if
    the broker would not take it: the sweep queues it later."""
    # Imported here: the task module imports this one.
    from sources.tasks import capture_source

    try:
        capture_source.delay(source_id)
    except Exception as exc:  # kombu raises many kinds; none may fail a filing
        logger.warning(
            "Could not queue the capture of source %s (%s); the sweep will.", source_id, exc
        )
        return False
    return True


def requeue_due(now: datetime | None = None) -> int:
    """The sweep: queue every capture owed a try by now (a pending one whose
    task was lost, a failed one whose retry is due); how many were queued.
    Each is held for LEASE, so the next sweep does not queue it again while
    its task waits."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            SourceCapture.objects.select_for_update(skip_locked=True)
            .filter(state__in=[State.PENDING, State.FAILED], next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .values_list("pk", "source_id")[:SWEEP_BATCH]
        )
        SourceCapture.objects.filter(pk__in=[pk for pk, _ in due]).update(
            state=State.PENDING, next_attempt_at=now + LEASE, updated_at=now
        )
    queued = 0
    for _, source_id in due:
        if not enqueue(source_id):
            break  # the broker is down: the rest would wait on it too
        queued += 1
    return queued


def start_attempt(source_id: int) -> SourceCapture | None:
    """Take the pending capture of ``source_id`` for one try (counted, and held
    for LEASE); None if it is owed none: captured, refused, failed and waiting
    for its retry, or gone. A duplicate task finds nothing to do."""
    now = timezone.now()
    # Not while another try holds the row: a duplicate task waits for nothing.
    free = Q(attempt_started_at__isnull=True) | Q(attempt_started_at__lte=now - LEASE)
    pending = SourceCapture.objects.filter(source_id=source_id, state=State.PENDING).filter(free)
    token = uuid.uuid4().hex
    taken = pending.filter(attempts__lt=MAX_ATTEMPTS).update(
        attempts=F("attempts") + 1,
        next_attempt_at=now + LEASE,
        attempt_started_at=now,
        attempt_token=token,
        updated_at=now,
    )
    if not taken:
        # Every try so far died with its worker (the sweep queued the next
        # when each lease ran out): give up rather than try for ever.
        pending.filter(attempts__gte=MAX_ATTEMPTS).update(
            state=State.FAILED,
            error_reason=LOST,
            error=LOST_MESSAGE,
            next_attempt_at=None,
            updated_at=now,
        )
        return None
    return SourceCapture.objects.select_related("source").filter(source_id=source_id).first()


def next_try_at(attempts: int, now: datetime | None = None) -> datetime | None:
    """When a capture that has failed ``attempts`` times is tried again; None
    once it has had all its tries."""
    if attempts >= MAX_ATTEMPTS:
        return None
    wait = BACKOFF[max(attempts, 1) - 1]
    return (now or timezone.now()) + wait


def capture_page(source_id: int) -> str:
    """One try at capturing ``source_id``'s page, recorded whatever happens;
    returns the capture's state after it, or "skipped" if it was owed none."""
    started = start_attempt(source_id)
    if started is None:
        return "skipped"
    source = started.source
    try:
        try:
            fetched = fetch(started.requested_url or source.url, capture_policy())
            extracted = extract(
                fetched.body,
                url=fetched.final_url,
                content_type=fetched.content_type,
                charset=fetched.charset,
            )
            return record_capture(source, fetched, extracted, token=started.attempt_token).state
        except CaptureError as error:
            logger.info("Could not capture source %s: %s (%s)", source_id, error, error.reason)
            retry_at = next_try_at(started.attempts) if error.retryable else None
            return record_failure(
                source, error, retry_at=retry_at, token=started.attempt_token
            ).state
        except SourceCapture.DoesNotExist:
            raise
        except Exception as error:
            # A bug, or the database went away: record it (if the database
            # lets us) and try later, rather than leave the row to its lease.
            logger.exception("Capturing source %s failed unexpectedly", source_id)
            failure = CaptureFailed(UNEXPECTED, UNEXPECTED_MESSAGE)
            failure.__cause__ = error
            retry_at = next_try_at(started.attempts)
            return record_failure(
                source, failure, retry_at=retry_at, token=started.attempt_token
            ).state
    except SourceCapture.DoesNotExist:
        return "skipped"  # the source was deleted while its page was fetched


def _superseded(capture: SourceCapture, token: str | None) -> bool:
    """Whether the try holding ``token`` has lost the row: the capture was
    settled meanwhile, or a later try took it over."""
    return token is not None and (capture.state != State.PENDING or capture.attempt_token != token)


@transaction.atomic
def record_capture(
    source: Source, fetched: Fetched, extracted: Extracted, *, token: str | None = None
) -> SourceCapture:
    """Keep the page as fetched (gzipped, with the SHA-256 of the body as
    received), and fill the source's empty fields from what was read in it.

    A field a person filled is never replaced: text (pasted with the
    filing, or corrected), publisher and date. The title is required, so a
    source filed without one has its URL for a title; that, or a blank one,
    is replaced by the page's title. The text keeps its fingerprint rule
    (sources.services.sources.fingerprint).
    """
    # Imported here: that module queues captures from this one.
    from sources.services.sources import fingerprint

    capture = SourceCapture.objects.select_for_update().get(source=source)
    if _superseded(capture, token):
        return capture  # what a later try, or the first to finish, found stands
    text = extracted.text[: limits.SOURCE_TEXT]
    capture.state = State.CAPTURED
    capture.attempt_started_at = None
    capture.final_url = fetched.final_url
    capture.fetched_at = fetched.fetched_at
    capture.content_type = fetched.content_type[:100]
    capture.charset = (fetched.charset or "")[:40]
    capture.raw_gzip = gzip.compress(fetched.body)
    capture.raw_sha256 = fetched.sha256
    capture.text_sha256 = fingerprint(text)
    capture.author = extracted.author[: limits.NAME]
    capture.error_reason = ""
    capture.error = ""
    capture.next_attempt_at = None
    capture.save()

    # Locked as the capture is, so that an edit committing meanwhile is seen,
    # not overwritten. No key update: filings citing the source go on.
    current = Source.objects.select_for_update(no_key=True).get(pk=source.pk)
    if current.url != capture.requested_url:
        return capture  # the address was changed since: this page is not its page
    changed: list[str] = []
    if text and not current.text:
        current.text, current.text_sha256 = text, fingerprint(text)
        changed += ["text", "text_sha256"]
    title = extracted.title[: limits.TITLE]
    if title and (not current.title.strip() or current.title == current.url):
        current.title = title
        changed.append("title")
    publisher = extracted.publisher[:PUBLISHER_LENGTH]
    if publisher and not current.publisher.strip():
        current.publisher = publisher
        changed.append("publisher")
    published_on = extracted.published_on
    if published_on and current.published_on is None and limits.date_in_range(published_on):
        current.published_on = published_on
        changed.append("published_on")
    if changed:
        current.save(update_fields=changed)
        for field in changed:
            setattr(source, field, getattr(current, field))
    return capture


@transaction.atomic
def record_failure(
    source: Source,
    error: CaptureError,
    *,
    retry_at: datetime | None = None,
    token: str | None = None,
) -> SourceCapture:
    """Record why the page could not be captured: refused for good (no retry),
    or failed, tried again at ``retry_at`` (None: given up)."""
    capture = SourceCapture.objects.select_for_update().get(source=source)
    if _superseded(capture, token):
        return capture
    refused = isinstance(error, CaptureRefused) or not error.retryable
    capture.attempt_started_at = None
    capture.state = State.REFUSED if refused else State.FAILED
    capture.error_reason = error.reason[:40]
    capture.error = str(error)[: limits.MESSAGE]
    capture.next_attempt_at = None if refused else retry_at
    capture.save()
    return capture
