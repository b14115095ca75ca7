"""How many rows match, counted no further than a page needs to say.

An exact COUNT(*) reads every matching row, so a list that says "412,907
predictions match" costs what the ledger holds, not what the page shows.
Counting up to a limit reads at most limit + 1 rows of the narrowest index
that serves the filters, and the page says "more than 1,000" beyond it: the
number a reader uses (is it one, a handful, or too many to scroll?) at a
price that does not grow with the ledger.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class BoundedCount:
    value: int
    more: bool  # more rows match than ``value``, which is then the limit


def count_up_to(queryset: QuerySet[Any], limit: int) -> BoundedCount:
    """How many rows ``queryset`` holds, or that it holds more than ``limit``."""
    found = queryset.order_by().values("pk")[: limit + 1].count()
    return BoundedCount(min(found, limit), more=found > limit)


def counted_page(rows: list[Any], *, first: bool, last: bool) -> BoundedCount | None:
    """The count when one page holds every match (no query needed), else None."""
    return BoundedCount(len(rows), more=False) if first and last else None
