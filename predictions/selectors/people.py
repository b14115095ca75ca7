"""Reads of people and what they said, for the pages.

Each list is one queryset whose rows carry their counts (conditional
aggregation in the same query), so a page costs the same few queries however
many rows it shows.
"""

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower

from predictions import sorting
from predictions.models import Follow, Prediction, Tag
from predictions.selectors.ledger import ledger_predictions
from sources.models import Person, Statement


def _status_count(status: str) -> Count:
    return Count(
        "predictions",
        filter=Q(
            predictions__status=status,
            predictions__review_state=Prediction.ReviewState.PUBLISHED,
        ),
    )


def people_with_counts(*, q: str = "", kind: str = "") -> QuerySet[Person]:
    """Everyone, alphabetically, each with ``prediction_count`` (the
    predictions that count, as in their track record: withdrawn ones do not)
    and ``open_count``, ``overdue_count`` (due: the deadline has passed and
    nobody has resolved it), ``resolved_count``, ``withdrawn_count``.

    ``q`` keeps names that contain it; ``kind`` keeps people or organisations.
    """
    people = Person.objects.annotate(
        prediction_count=Count(
            "predictions", filter=Prediction.counted_filter(through="predictions__")
        ),
        open_count=_status_count(Prediction.Status.OPEN),
        overdue_count=_status_count(Prediction.Status.DUE),
        resolved_count=_status_count(Prediction.Status.RESOLVED),
        withdrawn_count=_status_count(Prediction.Status.WITHDRAWN),
    )
    if q := q.strip():
        people = people.filter(name__icontains=q)
    if kind:
        people = people.filter(kind=kind)
    return people.order_by(Lower("name"), "id")


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
        predictions = predictions.filter(tags__slug=tag)
    return predictions.order_by(*sorting.order_by(sort))


def person_tags(person: Person) -> QuerySet[Tag]:
    """The tags on the predictions ``person`` made: the choices of the tag filter."""
    return (
        Tag.objects.filter(
            predictions__predictor=person,
            predictions__review_state=Prediction.ReviewState.PUBLISHED,
        )
        .distinct()
        .order_by("slug")
    )


def person_statements(person: Person) -> QuerySet[Statement]:
    """What ``person`` said, newest first, with the source of each."""
    return person.statements.select_related("source").order_by("-said_on", "-id")


def is_following(user, person: Person) -> bool:
    """Whether ``user`` (maybe anonymous) follows ``person``."""
    return user.is_authenticated and Follow.objects.filter(user=user, person=person).exists()


def resolved_outcomes(person: Person, limit: int = 500) -> list[tuple]:
    """(day resolved, outcome, claim) of the person's resolved predictions,
    oldest first: the points of their outcome strip."""
    rows = (
        Prediction.objects.published()
        .filter(predictor=person, status=Prediction.Status.RESOLVED)
        .order_by("-resolved_at")
        .values_list("resolved_at", "outcome", "claim")[:limit]
    )
    return [(at.date(), outcome, claim) for at, outcome, claim in reversed(rows) if at]


def overdue_predictions(person: Person, limit: int = 20) -> QuerySet[Prediction]:
    """Past their deadline and unresolved, the longest-waiting first."""
    return ledger_predictions().due().filter(predictor=person)[:limit]
