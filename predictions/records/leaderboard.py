"""The leaderboard: people ranked by their track records, read in the order an
index keeps (predictions.models.totals.PersonTotals): the database sorts and
cuts the page; only the page's rows are read."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, OrderBy, Q, QuerySet, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.lookups import GreaterThanOrEqual

from predictions.models import PersonTotals
from predictions.records.scoring import SCORE_MINIMUM, Record
from predictions.records.totals import TOTALS_FIELDS, record_of
from sources.models import Person


@dataclass(frozen=True)
class Ranking:
    label: str  # short: the choice in a select, readable on a phone
    # How it ranks, in words, for the sentence above the table ("Ranked by
    # …"); {minimum} is the least number of predictions it asks, {s} the plural's s.
    how: str
    # Whether only people with that minimum of resolved predictions are ranked.
    uses_minimum: bool


RANKINGS = {
    "accuracy": Ranking(
        "Accuracy",
        "accuracy, by the lower end of its 95% interval, so a long record beats a short "
        "perfect one (three right out of three does not outrank eighty out of a hundred); "
        "among people with at least {minimum} prediction{s} judged right, wrong or partly right",
        uses_minimum=True,
    ),
    "brier": Ranking(
        "Brier score",
        "Brier score, the mean squared gap between the speaker's own confidence and what "
        "happened (0 is perfect; always saying 50% scores 0.25), lowest first; among people "
        "with at least {minimum} resolved prediction{s} carrying a confidence of their own",
        uses_minimum=True,
    ),
    "resolved": Ranking(
        "Most resolved",
        "how many of their predictions have an outcome, most first",
        uses_minimum=False,
    ),
    "overdue": Ranking(
        "Most overdue",
        "how many of their predictions are past the deadline with no outcome yet, most "
        "first; people with none are not listed",
        uses_minimum=False,
    ),
}
DEFAULT_MINIMUM = SCORE_MINIMUM
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


def scored() -> CombinedExpression:
    """The outcomes accuracy counts (Record.scored): unresolvable ones say nothing."""
    return F("right") + F("wrong") + F("partly_right")


def ranked_filter(sort: str, minimum: int) -> Q:
    """Who is ranked: for accuracy, those with at least ``minimum`` outcomes it
    counts, and for Brier at least ``minimum`` with a confidence of their own
    (the same numbers a person's page and badge wait for: Record.shows_accuracy,
    shows_brier); for the others, those with one or more of what they count (a
    ranking of zeros would rank nobody)."""
    match sort:
        case "accuracy":
            return Q(accuracy_low__isnull=False) & Q(GreaterThanOrEqual(scored(), Value(minimum)))
        case "brier":
            return Q(brier__isnull=False, brier_count__gte=minimum)
        case "resolved":
            return Q(resolved__gt=0)
        case "overdue":
            return Q(overdue__gt=0)
        case _:
            return Q()


def ranked_people(
    rows: QuerySet[PersonTotals], *, sort: str, minimum: int = DEFAULT_MINIMUM
) -> QuerySet[PersonTotals]:
    """The totals ``rows`` ranked by ``sort``, in rank order (an index's)."""
    return rows.filter(ranked_filter(sort, minimum)).order_by(_ORDER[sort], "name", "person_id")


BELOW_MINIMUM_SHOWN = 20


def below_minimum(
    rows: QuerySet[PersonTotals], *, minimum: int, limit: int = BELOW_MINIMUM_SHOWN
) -> QuerySet[PersonTotals]:
    """Who has some resolved predictions, but fewer than ``minimum`` that
    accuracy counts: the most resolved first (the index totals_rank_resolved),
    ``limit`` of them."""
    return (
        rows.filter(resolved__gt=0)
        .exclude(GreaterThanOrEqual(scored(), Value(minimum)))
        .order_by(F("resolved").desc(), "name", "person_id")[:limit]
    )


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

    cache_key = f"leaderboard:v2:{sort}:{minimum}:{key}"
    counts = cache.get_or_set(cache_key, count, COUNTS_SECONDS)
    if not isinstance(counts, (tuple, list)):  # the cache failed open
        return count()
    return int(counts[0]), int(counts[1])
