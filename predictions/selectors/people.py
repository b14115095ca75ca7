"""Reads of people and what they said, for the pages.

Each list is one queryset whose rows carry their counts (conditional
aggregation in the same query), so a page costs the same few queries however
many rows it shows.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower

from predictions import sorting
from predictions.models import Follow, PersonTotals, Prediction, Tag
from predictions.selectors.ledger import ledger_predictions
from predictions.selectors.public import public_people, public_statements
from sources.models import AccountLinkRequest, Person, Statement
from sources.names import name_key


def people_with_counts(*, q: str = "", kind: str = "", listed: bool = True) -> QuerySet[Person]:
    """Everyone (but people merged into others), alphabetically, each with ``prediction_count`` (the
    predictions that count, as in their track record: withdrawn ones do not)
    and ``open_count``, ``overdue_count`` (due: the deadline has passed and
    nobody has resolved it), ``resolved_count``, ``withdrawn_count``, read
    from their totals row (predictions.models.totals) in the order its index
    keeps: a page of them costs what it shows.

    ``q`` keeps names that contain it; ``kind`` keeps people or organisations.
    """
    people = Person.objects.filter(merged_into__isnull=True, totals__isnull=False)
    if listed:
        # A list leaves out those only a claim awaiting review names
        # (predictions.selectors.public); a person's own page (listed=False) does not.
        people = public_people(
            people, surely_public=Q(totals__predictions__gt=0) | Q(totals__withdrawn__gt=0)
        )
    people = people.annotate(
        prediction_count=F("totals__predictions"),
        open_count=F("totals__open"),
        overdue_count=F("totals__overdue"),
        resolved_count=F("totals__resolved"),
        withdrawn_count=F("totals__withdrawn"),
    )
    people = named(people, q)
    if kind:
        people = people.filter(kind=kind)
    return people.order_by(Lower("totals__name"), "totals__person_id")


def named[M: Model](people: QuerySet[M], q: str, *, key: str = "name_key") -> QuerySet[M]:
    """``people`` whose name holds every word of ``q``, anywhere ("altman"
    finds Sam Altman), both read as sources.names.name_key reads names:
    case, accents and punctuation aside. ``key`` is the path to the
    person's name_key from the rows."""
    for word in name_key(q).split():
        people = people.filter(**{f"{key}__contains": word})
    return people


SUGGESTIONS = 10


def suggested_people(q: str, limit: int = SUGGESTIONS) -> list[tuple[str, str]]:
    """(name, slug) of up to ``limit`` listed people named by ``q`` (named),
    who made the most predictions first: what a name field offers as it is
    typed."""
    if not name_key(q):
        return []
    rows = named(listed_totals(), q, key="person__name_key")
    return list(
        rows.order_by("-predictions", Lower("name"), "person_id").values_list(
            "person__name", "person__slug"
        )[:limit]
    )


def listed_totals(*, q: str = "", kind: str = "") -> QuerySet[PersonTotals]:
    """The people list's rows: the totals row of everyone listed (as
    people_with_counts chooses them), with its person, unordered. The query
    starts from the totals table so that the database can walk the index of
    the order asked for (by name, or a leaderboard's key) and stop at the page."""
    rows = public_people(
        PersonTotals.objects.filter(person__merged_into__isnull=True).select_related("person"),
        person_ref="person_id",
        surely_public=Q(predictions__gt=0) | Q(withdrawn__gt=0),
    )
    rows = named(rows, q, key="person__name_key")
    if kind:
        rows = rows.filter(person__kind=kind)
    return rows


def by_name(rows: QuerySet[PersonTotals]) -> QuerySet[PersonTotals]:
    """Alphabetically, as the index totals_people_by_name holds them."""
    return rows.order_by(Lower("name"), "person_id")


def counted_people(rows: Iterable[PersonTotals]) -> list[Person]:
    """The persons of totals rows, carrying the counts people_with_counts annotates."""
    people = []
    for row in rows:
        person = row.person
        # The names people_with_counts annotates, so one template shows both.
        person.__dict__.update(
            prediction_count=row.predictions,
            open_count=row.open,
            overdue_count=row.overdue,
            resolved_count=row.resolved,
            withdrawn_count=row.withdrawn,
        )
        people.append(person)
    return people


def person_predictions(
    person: Person, *, status: str = "", tag: str = "", sort: str = sorting.DEFAULT_SORT
) -> QuerySet[Prediction]:
    """The predictions ``person`` made, withdrawn ones too, as ledger rows,
    filtered by ``status`` and a tag's slug, in the order ``sort`` names
    (predictions.sorting)."""
    predictions = ledger_predictions().filter(predictor=person)
    if status:
        predictions = predictions.filter(status=status)
    if tag:
        predictions = predictions.tagged(tag)
    return predictions.order_by(*sorting.order_by(sort))


def person_tags(person: Person) -> QuerySet[Tag]:
    """The tags on the published predictions ``person`` made: the choices of
    the tag filter, from their counts per tag (PersonTagTotals), not from
    every prediction they made."""
    return Tag.objects.filter(
        person_totals__person=person, person_totals__predictions__gt=0
    ).order_by("slug")


def person_statements(person: Person) -> QuerySet[Statement]:
    """What ``person`` said, newest first, with the source of each, and
    where words a source reports were first said (not the sources' captured
    texts, which the list does not show). Not yet filtered for a public
    list: a page of them goes through ``shown_statements``."""
    return (
        person.statements.select_related("source", "original__source")
        .defer("source__text", "original__source__text")
        .order_by("-said_on", "-id")
    )


def shown_statements(rows: list[Statement]) -> list[Statement]:
    """The page's ``rows`` a public list shows (predictions.selectors.public),
    in one query over their ids. Applied to the whole list, PostgreSQL checks
    that filter by hashing every published prediction on each request; on a
    page's ids it probes an index per row. A page may so show a row fewer
    than its size when a claim awaiting review brought a quote with it."""
    ids = [row.pk for row in rows]
    public = set(
        public_statements(Statement.objects.filter(pk__in=ids)).values_list("pk", flat=True)
    )
    return [row for row in rows if row.pk in public]


def is_following(user, person: Person) -> bool:
    """Whether ``user`` (maybe anonymous) follows ``person``."""
    return user.is_authenticated and Follow.objects.filter(user=user, person=person).exists()


def resolved_outcomes(person: Person, limit: int = 500) -> list[tuple]:
    """(deadline, outcome, claim) of the person's latest ``limit`` resolved
    predictions by deadline, earliest first: the points of their outcome
    strip. By deadline, not by when the outcome was recorded: a backlog
    resolved in one sitting would otherwise stack on one day."""
    rows = (
        Prediction.objects.published()
        .filter(predictor=person, status=Prediction.Status.RESOLVED)
        .order_by("-resolves_on")
        .values_list("resolves_on", "outcome", "claim")[:limit]
    )
    return list(reversed(rows))


def overdue_predictions(person: Person, limit: int = 20) -> QuerySet[Prediction]:
    """Past their deadline and unresolved, the longest-waiting first."""
    return ledger_predictions().due().filter(predictor=person)[:limit]


def merged_target(slug: str) -> Person | None:
    """Whom the person with ``slug`` was merged into, if they were."""
    merged = Person.objects.filter(slug=slug, merged_into__isnull=False).first()
    return merged.merged_into if merged is not None else None


@dataclass(frozen=True)
class MergePreview:
    """What merging one person into another would move, for the editor to confirm."""

    predictions: int
    statements: int
    follows: int  # followers who would follow the target afresh
    already_following: int  # followers of both, who keep one follow
    account_moves: bool
    pending_link_requests: int


def merge_preview(from_person: Person, into_person: Person) -> MergePreview:
    follows = Follow.objects.filter(person=from_person)
    of_target = Follow.objects.filter(person=into_person).values("user")
    both = follows.filter(user__in=of_target).count()
    return MergePreview(
        predictions=Prediction.objects.filter(predictor=from_person).count(),
        statements=Statement.objects.filter(speaker=from_person).count(),
        follows=follows.count() - both,
        already_following=both,
        account_moves=from_person.account_id is not None and into_person.account_id is None,
        pending_link_requests=from_person.link_requests.filter(
            state=AccountLinkRequest.State.PENDING
        ).count(),
    )


def pending_link_requests() -> QuerySet[AccountLinkRequest]:
    """Accounts asking to be recognised as a person, oldest first: the
    editors' queue."""
    return AccountLinkRequest.objects.filter(state=AccountLinkRequest.State.PENDING).select_related(
        "person", "user"
    )


@dataclass(frozen=True)
class LinkStanding:
    """Where a signed-in user stands with "this is me" on a person's page."""

    has_person: bool  # their account is someone's already
    state: str  # of their latest request for this person, or ""
    reason: str  # why it was declined, if it was


def link_standing(user, person: Person) -> LinkStanding | None:
    """None for a visitor who is not signed in. One query."""
    if not user.is_authenticated:
        return None
    latest = AccountLinkRequest.objects.filter(user=OuterRef("pk"), person=person).order_by(
        "-created_at", "-pk"
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_person=Exists(Person.objects.filter(account=OuterRef("pk"))),
            latest_state=Subquery(latest.values("state")[:1]),
            latest_reason=Subquery(latest.values("reason")[:1]),
        )
        .values("has_person", "latest_state", "latest_reason")
        .get()
    )
    return LinkStanding(
        has_person=row["has_person"],
        state=row["latest_state"] or "",
        reason=row["latest_reason"] or "",
    )
