"""Track records: the arithmetic (scoring), the counting in SQL with its cache
(totals), the people ranked by them (leaderboard) and the charts drawn from
them (charts)."""

from predictions.records.leaderboard import DEFAULT_MINIMUM, RANKINGS, ranking
from predictions.records.totals import (
    compute_record,
    invalidate_records,
    people_with_records,
    person_record,
    site_record,
    tag_record,
)

__all__ = [
    "DEFAULT_MINIMUM",
    "RANKINGS",
    "compute_record",
    "invalidate_records",
    "people_with_records",
    "person_record",
    "ranking",
    "site_record",
    "tag_record",
]
