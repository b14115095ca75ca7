"""What a claim awaiting review (or rejected) brought with it stays out of
public lists too: its quote, and a person, source or tag nothing published
uses yet. Each filter keeps what anything published, or nothing at all, uses:
a person added on their own is listed, one only a pending claim names is not.
"""

from django.core.cache import cache
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from predictions.models import Prediction, Tag
from sources.models import Source, Statement

PUBLISHED = Prediction.ReviewState.PUBLISHED
TAG_NAMES_SECONDS = 600


def _cited(published: bool, **lookups: object) -> Exists:
    """Whether a prediction, published or not, refers to the outer row."""
    predictions = Prediction.objects.filter(**lookups)
    if published:
        return Exists(predictions.filter(review_state=PUBLISHED))
    return Exists(predictions.exclude(review_state=PUBLISHED))


def _unpublished_only(**lookups: object) -> Q:
    return Q(_cited(False, **lookups)) & ~Q(_cited(True, **lookups))


def public_statements(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    return statements.exclude(_unpublished_only(statement=OuterRef("pk")))


def citable_statement(pk: object) -> Statement | None:
    """The public quote ``pk`` names, with its speaker and source, for a new
    claim to cite; None when there is none (or ``pk`` is no id)."""
    try:
        number = int(str(pk))
    except ValueError:
        return None
    if not 0 < number < 2**63:
        return None
    quotes = Statement.objects.select_related("speaker", "source").filter(pk=number)
    return public_statements(quotes).first()


def public_tags(tags: QuerySet[Tag]) -> QuerySet[Tag]:
    return tags.exclude(_unpublished_only(tags=OuterRef("pk")))


def public_tag_names() -> list[str]:
    """Every public tag's name, alphabetically: what a tag field offers.
    Cached for TAG_NAMES_SECONDS, not until the next write: asking which
    tags only unpublished claims carry costs a few milliseconds, too much
    for every list rendered after a change, and a suggestion a few minutes
    behind misleads nobody (the filter itself reads the tags afresh)."""

    def names() -> list[str]:
        return list(public_tags(Tag.objects.order_by("name")).values_list("name", flat=True))

    names_now = cache.get_or_set("tag-names", names, TAG_NAMES_SECONDS)
    return names_now if isinstance(names_now, list) else names()  # the cache failed open


def public_sources(sources: QuerySet[Source]) -> QuerySet[Source]:
    uncited = Statement.objects.filter(source=OuterRef("pk"), predictions__isnull=True)
    return sources.exclude(
        _unpublished_only(statement__source=OuterRef("pk")) & ~Q(Exists(uncited))
    )


def public_people[M: models.Model](
    people: QuerySet[M], *, person_ref: str = "pk", surely_public: Q | None = None
) -> QuerySet[M]:
    """``people`` are Person rows, or rows whose ``person_ref`` is one (the
    totals rows). ``surely_public``, when given, is a cheap condition that
    already shows a person is listed (their totals count a published
    prediction): it comes first, so the subqueries run only for the rest."""
    person = OuterRef(person_ref)
    uncited = Statement.objects.filter(speaker=person, predictions__isnull=True)
    named_unpublished = Q(_cited(False, predictor=person)) | Q(
        _cited(False, statement__speaker=person)
    )
    named_published = Q(_cited(True, predictor=person)) | Q(_cited(True, statement__speaker=person))
    hidden = named_unpublished & ~named_published & ~Q(Exists(uncited))
    return people.exclude(hidden if surely_public is None else ~surely_public & hidden)
