"""Track records: the arithmetic (scoring), the counting in SQL with its cache
(totals), the people ranked by them (leaderboard) and the charts drawn from
them (charts)."""

from predictions.records.leaderboard import (
    DEFAULT_MINIMUM,
    RANKINGS,
    below_minimum,
    ranked_counts,
    ranked_people,
    ranking,
    with_records,
)
from predictions.records.scoring import SCORE_MINIMUM
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
    "SCORE_MINIMUM",
    "below_minimum",
    "compute_record",
    "invalidate_records",
    "people_with_records",
    "person_record",
    "ranked_counts",
    "ranked_people",
    "ranking",
    "site_record",
    "tag_record",
    "with_records",
]
