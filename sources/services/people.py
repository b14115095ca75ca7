"""Every write to people: found or added by name or slug, merged, renamed."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.text import slugify

from core.errors import InvalidInput
from sources.models import AccountLinkRequest, Person, Statement
from sources.names import name_key

MAX_LOOKALIKES = 10


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
    name = name or slug.replace("-", " ").title()
    person, _ = Person.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "name_key": name_key(name),
            "kind": kind,
            "description": description,
        },
    )
    return person


@dataclass(frozen=True)
class PersonReference:
    """Who a form or a request names: a person picked by ``slug``, or a
    ``name`` to find or add. ``new`` says the name is someone else, though it
    reads like the name of someone already in the ledger."""

    name: str = ""
    slug: str = ""
    new: bool = False


class LookalikePeople(InvalidInput):
    """A new name reads like the names of people already in the ledger (or
    several people have exactly that name): the caller asks which one is
    meant, or to say that it is someone else."""

    def __init__(self, *, field: str, name: str, candidates: Sequence[Person]):
        self.field_name = field
        self.name = name
        self.candidates = list(candidates)
        listed = "; ".join(f"{person.name} (slug “{person.slug}”)" for person in self.candidates)
        super().__init__(
            {
                field: [
                    f"“{name}” reads like the name of someone already in the ledger: {listed}. "
                    "Did you mean one of them? Pick them by their slug, or say that this is "
                    "someone else to add a new person."
                ]
            }
        )


def current_person(person: Person) -> Person:
    """``person``, or whom they were merged into."""
    seen = {person.pk}
    while person.merged_into_id is not None and person.merged_into_id not in seen:
        seen.add(person.merged_into_id)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def find_person(reference: PersonReference, *, field: str) -> Person | None:
    """The person ``reference`` names, or None when it names someone new.

    The one rule for telling people apart: a slug picks that person (or whom
    they were merged into); a name finds the one person with exactly that
    name, else the person whose slug the name makes ("sam-altman" or "Sam
    Altman"). A new name that normalises like others' (sources.names) raises
    LookalikePeople naming them, unless ``reference.new`` says it is someone
    else; so do several people with exactly that name.
    """
    if slug := reference.slug.strip():
        person = Person.objects.filter(slug=slug).first()
        if person is None:
            raise InvalidInput.field(field, f"No one in the ledger has the slug “{slug[:100]}”.")
        return current_person(person)
    name = reference.name.strip()
    if not name:
        raise InvalidInput.field(field, "Give the name of who said it.")
    living = Person.objects.filter(merged_into__isnull=True).order_by("name", "pk")
    exact = list(living.filter(name=name)[:MAX_LOOKALIKES])
    if len(exact) == 1:
        return exact[0]
    if exact:
        if reference.new:
            return None
        raise LookalikePeople(field=field, name=name, candidates=exact)
    same_slug = Person.objects.filter(slug=slugify(name)).first()
    if same_slug is not None:
        return current_person(same_slug)
    if not reference.new:
        lookalikes = list(living.filter(name_key=name_key(name))[:MAX_LOOKALIKES])
        # Someone filing the same new name at once may have added them since
        # the lookups above (each sees what was committed when it ran).
        named = [person for person in lookalikes if person.name == name]
        if len(named) == 1:
            return named[0]
        if lookalikes:
            raise LookalikePeople(field=field, name=name, candidates=lookalikes)
    return None


@transaction.atomic
def person_for(reference: PersonReference, *, field: str) -> Person:
    """The person ``reference`` names (find_person), added when new."""
    person = find_person(reference, field=field)
    if person is not None:
        return person
    name = reference.name.strip()
    # Room for the number a second person of the same name gets.
    base = slugify(name)[:190].strip("-")
    if not base:
        raise InvalidInput.field(
            field, "Give a name with a letter or a digit in Latin script: it makes their address."
        )
    # Two filings adding the same new name at once: the second waits here
    # until the first commits, then finds the person it added, rather than
    # adding a second one under the next free slug.
    _adding_name(name_key(name) or base)
    person = find_person(reference, field=field)
    if person is not None:
        return person
    person, _ = Person.objects.get_or_create(
        slug=_free_slug(base), defaults={"name": name, "name_key": name_key(name)}
    )
    return person


def _adding_name(key: str) -> None:
    """Hold, until this transaction ends, the right to add a person whose name
    folds to ``key`` (a PostgreSQL advisory lock; SQLite writes one at a time
    anyway)."""
    if connection.vendor != "postgresql":
        return
    number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def _free_slug(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever no one has: the slug of a
    second person of the same name."""
    taken = set(
        Person.objects.filter(slug__regex=rf"^{base}(-[0-9]+)?$").values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def person_by_slug_or_name(text: str, *, field: str) -> Person:
    """The person ``text`` names by slug or by exact name, for an editor
    choosing one (the person to merge into); InvalidInput on ``field`` when it
    names no one, or several."""
    text = text.strip()
    if not text:
        raise InvalidInput.field(field, "Give the person's slug or their name.")
    by_slug = Person.objects.filter(slug=text).first()
    if by_slug is not None:
        return current_person(by_slug)
    named = list(Person.objects.filter(merged_into__isnull=True, name=text)[:MAX_LOOKALIKES])
    if len(named) == 1:
        return named[0]
    if named:
        slugs = ", ".join(person.slug for person in named)
        raise InvalidInput.field(
            field, f"Several people are called “{text}”: give a slug ({slugs})."
        )
    raise InvalidInput.field(
        field, f"No one in the ledger has the slug or the name “{text[:100]}”."
    )


@transaction.atomic
def merge_person_records(*, from_person: Person, into_person: Person) -> None:
    """The sources' half of merging two records of one person (the caller,
    predictions.services.people.merge_people, checks who may and moves the
    predictions): statements and link requests move, the account moves when
    ``into_person`` has none, and ``from_person``, with everyone merged into
    them before, points at ``into_person`` from now on."""
    Statement.objects.filter(speaker=from_person).update(speaker=into_person)
    pending = AccountLinkRequest.objects.filter(state=AccountLinkRequest.State.PENDING)
    already_asking = pending.filter(person=into_person).values("user")
    # A user who asked for both keeps one request: the one for into_person.
    pending.filter(person=from_person, user__in=already_asking).delete()
    AccountLinkRequest.objects.filter(person=from_person).update(person=into_person)
    Person.objects.filter(merged_into=from_person).update(merged_into=into_person)
    if from_person.account_id is not None and into_person.account_id is None:
        # One account, one person: free it before giving it on.
        into_person.account_id, from_person.account_id = from_person.account_id, None
        from_person.save(update_fields=["account"])
        into_person.save(update_fields=["account"])
    from_person.merged_into = into_person
    from_person.save(update_fields=["merged_into"])


@transaction.atomic
def save_person(*, person: Person) -> Person:
    """Store a person added or changed by hand (in the admin), with the key
    of their name as it now is."""
    person.name = person.name.strip()
    person.name_key = name_key(person.name)
    person.save()
    return person


@transaction.atomic
def set_person_name(*, person: Person, name: str) -> Person:
    """The sources' half of renaming a person, with the key lookalike names
    are found by. Only predictions.services.corrections.rename_person, which
    records it on every prediction of theirs, should call it; the slug stays,
    so links to the person keep working."""
    person.name = name
    person.name_key = name_key(name)
    person.save(update_fields=["name", "name_key"])
    return person


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
    return Person.objects.create(
        name=name,
        name_key=name_key(name),
        slug=slug,
        kind=kind,
        description=description,
        url=url,
    )
