"""Every write to sources and statements: a page found by its address or
its text, its captured text kept, the words said recorded once."""

import hashlib
from datetime import date

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from core.errors import InvalidInput
from sources.models import Person, Source, Statement
from sources.normalize import normalize_url
from sources.services.capture import queue_capture


@transaction.atomic
def set_statement_text(*, statement: Statement, text: str) -> Statement:
    """The sources' half of correcting a quote's words. Only the caller,
    predictions.services.corrections.correct_statement_text, which records the
    change on every prediction citing the quote, should change the words."""
    statement.text = text
    statement.save(update_fields=["text"])
    return statement


def fingerprint(text: str) -> str:
    """A source's ``text_sha256``: the SHA-256 of its text (UTF-8), "" for none."""
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


def _web_url(url: str, *, field: str) -> str:
    try:
        return normalize_url(url)
    except ValueError as error:
        raise InvalidInput.field(field, str(error)) from None


@transaction.atomic
def get_or_create_source(
    *,
    url: str = "",
    title: str = "",
    publisher: str = "",
    published_on: date | None = None,
    kind: str = Source.Kind.ARTICLE,
    text: str = "",
    description: str = "",
    archive_url: str = "",
    added_by: User | None = None,
    capture: bool = False,
) -> tuple[Source, bool]:
    """The source at ``url`` (normalised), or a new one; and whether it is new.

    ``text`` is the source's captured text (an article pasted in whole);
    with ``capture``, a source already known by its URL but without text
    keeps it now (the filer pasted that page's text). A source
    without a URL is known by its text alone: one with the same captured
    text is the same source (filing twice from one pasted article); without
    text either, it is always new.

    A source with a URL that has no capture of its page yet is given one:
    a worker fetches the page after the filing commits
    (sources.services.capture.queue_capture), and nothing here waits for it.
    """
    url = _web_url(url, field="source_url")
    if kind not in Source.Kind.values:
        raise InvalidInput.field("source_kind", f"Choose one of: {', '.join(Source.Kind.values)}.")
    text_hash = fingerprint(text)
    if url:
        existing = Source.objects.filter(url=url).first()
        if existing:
            queue_capture(existing)
            return (_captured(existing, text, text_hash) if capture else existing), False
    elif text_hash:
        existing = Source.objects.filter(url="", text_sha256=text_hash).order_by("pk").first()
        if existing:
            return existing, False
    if not (title := title.strip()) and not url:
        raise InvalidInput.field("source_title", "A source without a URL needs a title.")
    try:
        with transaction.atomic():
            source = Source.objects.create(
                url=url,
                title=title or url,
                publisher=publisher.strip(),
                published_on=published_on,
                kind=kind,
                text=text,
                text_sha256=text_hash,
                description=description,
                archive_url=archive_url.strip(),
                added_by=added_by,
            )
    except IntegrityError:
        # Another filing added the page after the check above and committed
        # first: one page is one source, so reuse it.
        if url and (existing := Source.objects.filter(url=url).first()):
            queue_capture(existing)
            return existing, False
        raise
    queue_capture(source)
    return source, True


def _captured(source: Source, text: str, text_hash: str) -> Source:
    """``source`` with ``text`` as its captured text if it had none; text it
    has already is never replaced (its fingerprint dates the capture)."""
    # One UPDATE, on the condition: of two filings capturing at once, the first keeps its text.
    if text and not source.text:
        Source.objects.filter(pk=source.pk, text="").update(text=text, text_sha256=text_hash)
        source.refresh_from_db(fields=["text", "text_sha256"])
    return source


def check_source_url(url: str, *, source: Source | None = None) -> str:
    """``url`` as it will be stored (normalised), for ``source`` or a new one.

    InvalidInput on ``url`` if it is not a web address, or if another source
    has it already: one page is one source.
    """
    url = _web_url(url, field="url")
    others = Source.objects.filter(url=url)
    if source is not None and source.pk is not None:
        others = others.exclude(pk=source.pk)
    if url and (other := others.first()):
        raise InvalidInput.field(
            "url", f"The source “{other.title}” (#{other.pk}) already has this address."
        )
    return url


@transaction.atomic
def save_source(*, source: Source) -> Source:
    """Store a source added or changed by hand (in the admin), as
    get_or_create_source would: the URL normalised and no other source's,
    the text fingerprinted when it is first captured. An edit keeps that
    fingerprint, so the source's page can say the text changed since."""
    source.url = check_source_url(source.url, source=source)
    if not source.text_sha256:
        source.text_sha256 = fingerprint(source.text)
    source.save()
    queue_capture(source)  # a page added by hand is captured as a filed one is
    return source


@transaction.atomic
def create_statement(
    *,
    source: Source,
    speaker: Person,
    text: str,
    said_on: date | None = None,
    context: str = "",
    is_paraphrase: bool = False,
    original: Statement | None = None,
    added_by: User | None = None,
) -> Statement:
    """Record verbatim words (or, ``is_paraphrase``, the source's account of
    them); the same words by the same speaker in the same source are one
    statement."""
    text = text.strip()
    if not text:
        raise InvalidInput.field("quote", "The quote cannot be empty.")
    said_on = said_on or source.published_on
    if said_on is None:
        raise InvalidInput.field("said_on", "Say when the words were said: the source has no date.")
    # Nothing unique stops two filings adding the same words at once (an index
    # on text this long is past PostgreSQL's limit), so filings of one
    # speaker's words take turns: the second waits here for the first to
    # commit, then finds its statement. FOR NO KEY UPDATE, not FOR UPDATE: a
    # filing without a quote checks its deferred foreign key to this person
    # at commit (a KEY SHARE lock), and must not wait for us while we wait
    # for the person's totals row it holds.
    Person.objects.select_for_update(no_key=True).filter(pk=speaker.pk).values_list("pk").first()
    statement, created = Statement.objects.get_or_create(
        source=source,
        speaker=speaker,
        text=text,
        defaults={
            "said_on": said_on,
            "context": context,
            "is_paraphrase": is_paraphrase,
            "original": original,
            "added_by": added_by,
        },
    )
    if not created and statement.is_paraphrase != is_paraphrase:
        recorded = "the source's paraphrase" if statement.is_paraphrase else "the speaker's own"
        raise InvalidInput.field(
            "quote_is_paraphrase",
            f"These words are already recorded from this source as {recorded}: "
            "file them as such, or correct the recorded statement.",
        )
    return statement
