"""Every write to people, sources and statements."""

import hashlib
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from core.errors import InvalidInput
from sources.models import Person, Source, Statement
from sources.normalize import normalize_url


@transaction.atomic
def get_or_create_person(
    *, name: str, slug: str = "", kind: str = Person.Kind.PERSON, description: str = ""
) -> Person:
    """The person whose slug matches ``slug`` (or the slug of ``name``), created if new.

    Typing "Sam Altman" or "sam-altman" finds the same person.
    """
    name = name.strip()
    slug = slugify(slug or name)
    if not slug:
        raise InvalidInput.field("predictor", "Give the name of who made the prediction.")
    if kind not in Person.Kind.values:
        raise InvalidInput.field("kind", f"Choose one of: {', '.join(Person.Kind.values)}.")
    person, _ = Person.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name or slug.replace("-", " ").title(),
            "kind": kind,
            "description": description,
        },
    )
    return person


def _fingerprint(text: str) -> str:
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
) -> tuple[Source, bool]:
    """The source at ``url`` (normalised), or a new one; and whether it is new.

    A source without a URL is always new: nothing identifies it but its title.
    """
    url = _web_url(url, field="source_url")
    if kind not in Source.Kind.values:
        raise InvalidInput.field("source_kind", f"Choose one of: {', '.join(Source.Kind.values)}.")
    if url:
        existing = Source.objects.filter(url=url).first()
        if existing:
            return existing, False
    if not (title := title.strip()) and not url:
        raise InvalidInput.field("source_title", "A source without a URL needs a title.")
    source = Source.objects.create(
        url=url,
        title=title or url,
        publisher=publisher.strip(),
        published_on=published_on,
        kind=kind,
        text=text,
        text_sha256=_fingerprint(text),
        description=description,
        archive_url=archive_url.strip(),
        added_by=added_by,
    )
    return source, True


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
        source.text_sha256 = _fingerprint(source.text)
    source.save()
    return source


@transaction.atomic
def create_statement(
    *,
    source: Source,
    speaker: Person,
    text: str,
    said_on: date | None = None,
    context: str = "",
    added_by: User | None = None,
) -> Statement:
    """Record verbatim words; the same words by the same speaker in the same
    source are one statement."""
    text = text.strip()
    if not text:
        raise InvalidInput.field("quote", "The quote cannot be empty.")
    said_on = said_on or source.published_on
    if said_on is None:
        raise InvalidInput.field("said_on", "Say when the words were said: the source has no date.")
    statement, _ = Statement.objects.get_or_create(
        source=source,
        speaker=speaker,
        text=text,
        defaults={"said_on": said_on, "context": context, "added_by": added_by},
    )
    return statement


@transaction.atomic
def create_person(
    *,
    name: str,
    slug: str = "",
    kind: str = Person.Kind.PERSON,
    description: str = "",
    url: str = "",
) -> Person:
    """Add a person; unlike get_or_create_person, a taken slug is an error."""
    name = name.strip()
    if not name:
        raise InvalidInput.field("name", "Give the person's name.")
    slug = slugify(slug or name)
    if not slug:
        raise InvalidInput.field("slug", "The slug needs a letter or a digit.")
    if Person.objects.filter(slug=slug).exists():
        raise InvalidInput.field("slug", f"Someone already has the slug “{slug}”.")
    if kind not in Person.Kind.values:
        raise InvalidInput.field("kind", f"Choose one of: {', '.join(Person.Kind.values)}.")
    return Person.objects.create(name=name, slug=slug, kind=kind, description=description, url=url)
