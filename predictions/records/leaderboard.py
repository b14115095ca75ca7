"""The leaderboard: people ranked by their track records, read in the order an
index keeps (predictions.models.totals.PersonTotals): the database sorts and
cuts the page; only the page's rows are read."""

from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Count, F, OrderBy, Q, QuerySet

from predictions.models import PersonTotals
from predictions.records.scoring import Record
from predictions.records.totals import TOTALS_FIELDS, record_of
from sources.models import Person

# Leaderboard orders: value → (label, whether only people with the minimum
# of resolved predictions are ranked).
# Accuracy ranks by the lower end of its 95% interval, so "3 of 3" (a wide
# interval) does not outrank "80 of 100".
RANKINGS = {
    "accuracy": ("Accuracy (the lower end of its 95% interval)", True),
    "brier": ("Brier score (lower is better)", True),
    "resolved": ("Most resolved", False),
    "overdue": ("Most overdue", False),
}
DEFAULT_MINIMUM = 5
# How long the numbers above the leaderboard ("120 ranked, 40 with too few")
# may lag behind the ledger: counting them reads every person's row.
COUNTS_SECONDS = 60

# Each ranking's order; ties go by name (then id), as the indexes hold them.
_ORDER: dict[str, OrderBy] = {
    "accuracy": F("accuracy_low").desc(),
    "brier": F("brier").asc(),
    "resolved": F("resolved").desc(),
    "overdue": F("overdue").desc(),
}


def ranked_filter(sort: str, minimum: int) -> Q:
    """Who is ranked: for accuracy and Brier, those with at least ``minimum``
    resolved predictions and a score; for the others, everyone."""
    match sort:
        case "accuracy":
            return Q(resolved__gte=minimum, accuracy_low__isnull=False)
        case "brier":
            return Q(resolved__gte=minimum, brier__isnull=False)
        case _:
            return Q()


def ranked_people(
    rows: QuerySet[PersonTotals], *, sort: str, minimum: int = DEFAULT_MINIMUM
) -> QuerySet[PersonTotals]:
    """The totals ``rows`` ranked by ``sort``, in rank order (an index's)."""
    return rows.filter(ranked_filter(sort, minimum)).order_by(_ORDER[sort], "name", "person_id")


def with_records(rows: Iterable[PersonTotals]) -> list[tuple[Person, Record]]:
    """(person, record) of totals rows read with their person."""
    return [
        (row.person, record_of({name: getattr(row, name) for name in TOTALS_FIELDS}))
        for row in rows
    ]


def ranking(
    people: QuerySet[Person], *, sort: str, minimum: int = DEFAULT_MINIMUM
) -> tuple[list[tuple[Person, Record]], int]:
    """(ranked, unranked count) of all of ``people``: for a test or a small set;
    the page reads ranked_people a page at a time."""
    rows = PersonTotals.objects.filter(person__in=people)
    ranked = with_records(ranked_people(rows.select_related("person"), sort=sort, minimum=minimum))
    return ranked, rows.count() - len(ranked)


def ranked_counts(
    people: QuerySet[PersonTotals], *, sort: str, minimum: int, key: str
) -> tuple[int, int]:
    """(ranked, unranked) among ``people``, cached for COUNTS_SECONDS under ``key``
    (what selects ``people``): one query over the totals rows on a miss.

    An aggregate over every person (29 ms among 20,000), so it is not counted
    again on each write: the numbers may be up to COUNTS_SECONDS older than
    the rows below them, also on a page kept for readers (core.page_cache)."""

    def count() -> tuple[int, int]:
        counts = people.order_by().aggregate(
            everyone=Count("pk"), ranked=Count("pk", filter=ranked_filter(sort, minimum))
        )
        return counts["ranked"], counts["everyone"] - counts["ranked"]

    cache_key = f"leaderboard:v1:{sort}:{minimum}:{key}"
    counts = cache.get_or_set(cache_key, count, COUNTS_SECONDS)
    if not isinstance(counts, (tuple, list)):  # the cache failed open
        return count()
    return int(counts[0]), int(counts[1])
