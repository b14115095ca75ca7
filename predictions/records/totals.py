"""Track records for a person, a tag and the whole site.

They are read from the totals tables (predictions.models.totals), which every
write keeps (predictions.records.contributions): a person's or a tag's record
is one row, the site's the sum of the person rows, cached until a write
commits. predictions.records.scoring turns the totals into accuracy, its
Wilson interval, Brier score and calibration.

The counting itself (_totals: conditional aggregation over predictions) is
what rebuild_totals runs and what compute_record answers for any queryset;
which predictions count is Prediction.counted_filter, as everywhere else;
which confidences are scored, Prediction.scored_confidence_filter.
"""

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Floor, Least, Round
from django.db.models.lookups import Exact

from core import page_cache
from predictions.models import PersonTotals, Prediction, Tag, TagTotals
from predictions.models.totals import COUNT_FIELDS
from predictions.records.scoring import Record, record_from_totals
from sources.models import Person

# Invalidation keeps records fresh; this bounds how stale one can get when an
# invalidation is lost (the cache fails open, so a Redis blip drops it silently).
CACHE_SECONDS = 3600
# A confidence as an exact decimal: up to 17 places covers any entered value.
EXACT = DecimalField(max_digits=20, decimal_places=17)
# Records are cached pickled; the version changes whenever Record's class or
# module does, so a release never unpickles what another one cached (a record
# pickled as predictions.scoring.Record cannot be read once that module moved),
# and whenever what a record counts does, so none outlives its rule (v3: Brier
# and calibration leave out the filer's estimates).
KEY_PREFIX = "record:v4"
SITE_KEY = f"{KEY_PREFIX}:site"


def _key(kind: str, pk: int) -> str:
    return f"{KEY_PREFIX}:{kind}:{pk}"


def _totals(prefix: str = "") -> dict[str, Any]:
    """Aggregates over predictions reached through ``prefix`` ("" from
    Prediction itself, "predictions__" from Person)."""

    def q(**lookups: Any) -> Q:
        # Only published predictions count, reached directly or through a person.
        lookups.setdefault("review_state", Prediction.ReviewState.PUBLISHED)
        return Q(**{prefix + name: value for name, value in lookups.items()})

    confidence = F(prefix + "confidence")
    exact_confidence = Cast(confidence, EXACT)
    # Brier and calibration take only the speaker's own confidences.
    scored = q(status="resolved", outcome__in=["right", "wrong"]) & (
        Prediction.scored_confidence_filter(through=prefix)
    )
    # The bin as scoring.bin_index computes it: rounding first, so that a
    # stored 0.3 is in the 0.3-0.4 bin however the float is written.
    bin_of = Least(Floor(Round(confidence * 10, 9)), Value(9.0), output_field=FloatField())
    totals = {
        "predictions": Count(prefix + "id", filter=Prediction.counted_filter(through=prefix)),
        "resolved": Count(prefix + "id", filter=q(status="resolved")),
        "right": Count(prefix + "id", filter=q(outcome="right")),
        "wrong": Count(prefix + "id", filter=q(outcome="wrong")),
        "partly_right": Count(prefix + "id", filter=q(outcome="partly_right")),
        "unresolvable": Count(prefix + "id", filter=q(outcome="unresolvable")),
        "overdue": Count(prefix + "id", filter=q(status="due")),
        "open": Count(prefix + "id", filter=q(status="open")),
        "withdrawn": Count(prefix + "id", filter=q(status="withdrawn")),
        "brier_count": Count(prefix + "id", filter=scored),
        # In numeric, exactly: a float SUM depends on the order the rows come
        # in (see scoring._decimal). PostgreSQL writes a float as its decimal
        # of 15 digits, as a confidence is entered.
        "brier_sum": Sum(
            Case(
                When(
                    scored & q(outcome="right"),
                    then=(Value(Decimal(1)) - exact_confidence)
                    * (Value(Decimal(1)) - exact_confidence),
                ),
                # x * x, not x ** 2: POWER would round to the column's scale.
                When(scored & q(outcome="wrong"), then=exact_confidence * exact_confidence),
                output_field=EXACT,
            )
        ),
    }
    for index in range(10):
        in_bin = scored & Q(Exact(bin_of, float(index)))
        totals[f"bin{index}"] = Count(prefix + "id", filter=in_bin)
        totals[f"bin{index}_right"] = Count(prefix + "id", filter=in_bin & q(outcome="right"))
    return totals


def _record(row: Mapping[str, Any]) -> Record:
    return record_from_totals(
        predictions=row["predictions"],
        resolved=row["resolved"],
        right=row["right"],
        wrong=row["wrong"],
        partly_right=row["partly_right"],
        unresolvable=row["unresolvable"],
        overdue=row["overdue"],
        brier_sum=row["brier_sum"],
        brier_count=row["brier_count"],
        bins=[(row[f"bin{i}"], row[f"bin{i}_right"]) for i in range(10)],
    )


def compute_record(predictions: QuerySet[Prediction]) -> Record:
    """One query: the record of a queryset of predictions."""
    return _record(predictions.aggregate(**_totals()))


def _cached(key: str, compute: Callable[[], Record]) -> Record:
    """The cached record, or a fresh one. The cache may answer nothing (it
    fails open when Redis is down), and then the database does."""
    record = cache.get_or_set(key, compute, CACHE_SECONDS)
    return record if isinstance(record, Record) else compute()


def record_of(row: Mapping[str, Any] | None) -> Record:
    """The Record of a totals row (its values as a mapping); zeros for None."""
    if row is None:
        row = dict.fromkeys(TOTALS_FIELDS, 0)
    return _record({**row, "brier_sum": row["brier_sum"] if row["brier_count"] else None})


TOTALS_FIELDS = (*COUNT_FIELDS, "brier_sum")


def person_record(person: Person) -> Record:
    """One row by its key: as cheap as a cache hit, and never stale."""
    return record_of(PersonTotals.objects.filter(person=person).values(*TOTALS_FIELDS).first())


def tag_record(tag: Tag) -> Record:
    return record_of(TagTotals.objects.filter(tag=tag).values(*TOTALS_FIELDS).first())


def _site_totals() -> Record:
    sums = PersonTotals.objects.aggregate(
        **{name: Coalesce(Sum(name), 0) for name in COUNT_FIELDS},
        brier_sum=Sum("brier_sum"),
    )
    return record_of(sums)


def site_record() -> Record:
    """The sum of every person's row (each prediction has one predictor),
    cached until a write commits (contributions.forget_site_record)."""
    return _cached(SITE_KEY, _site_totals)


def people_with_records(
    people: QuerySet[Person] | None = None,
) -> list[tuple[Person, Record]]:
    """Every person (or those given; by default not those merged into others)
    with their record, in one query."""
    people = Person.objects.filter(merged_into__isnull=True) if people is None else people
    rows = people.annotate(**{f"record_{name}": F(f"totals__{name}") for name in TOTALS_FIELDS})
    result = []
    for person in rows:
        totals = {name: getattr(person, f"record_{name}") for name in TOTALS_FIELDS}
        result.append((person, record_of(None if totals["predictions"] is None else totals)))
    return result


def invalidate_records(prediction_ids: Iterable[int], *, extra_tag_ids: Iterable[int] = ()) -> None:
    """Drop the site's cached record once the write commits, and the pages
    kept for readers (core.page_cache). People's and tags' records are read
    from their rows, which the write itself changed. Every event is written
    with this (predictions.services), so every change of a prediction ends
    them."""
    transaction.on_commit(lambda: cache.delete(SITE_KEY))
    page_cache.forget_pages()
