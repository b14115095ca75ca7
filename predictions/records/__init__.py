"""Track records: the arithmetic (scoring), the counting in SQL with its cache
(totals), and the charts drawn from them (charts)."""

from predictions.records.totals import (
    DEFAULT_MINIMUM,
    RANKINGS,
    compute_record,
    invalidate_records,
    leaderboard,
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
    "leaderboard",
    "people_with_records",
    "person_record",
    "site_record",
    "tag_record",
]
