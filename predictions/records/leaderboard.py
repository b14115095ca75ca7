"""The leaderboard: people ranked by their track records, counted in one query."""

import math

from django.db.models import QuerySet

from predictions.records.scoring import Record
from predictions.records.totals import people_with_records
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


def _rank_key(sort: str, record: Record) -> float:
    match sort:
        case "accuracy":
            return -(record.accuracy_low or 0)
        case "brier":
            # Only people with a score are ranked by it; the rest would go last.
            return record.brier if record.brier is not None else math.inf
        case "resolved":
            return -record.resolved
        case _:
            return -record.overdue


def ranking(
    people: QuerySet[Person], *, sort: str, minimum: int = DEFAULT_MINIMUM
) -> tuple[list[tuple[Person, Record]], int]:
    """(ranked, unranked count): people with their records in ``sort`` order;
    for accuracy and Brier only those with at least ``minimum`` resolved
    predictions (and a score) are ranked."""
    _, needs_minimum = RANKINGS[sort]
    ranked: list[tuple[Person, Record]] = []
    unranked = 0
    for person, record in people_with_records(people):
        if needs_minimum and (
            record.resolved < minimum
            or (sort == "accuracy" and record.accuracy is None)
            or (sort == "brier" and record.brier is None)
        ):
            unranked += 1
            continue
        ranked.append((person, record))
    ranked.sort(key=lambda pair: (_rank_key(sort, pair[1]), pair[0].name))
    return ranked, unranked
