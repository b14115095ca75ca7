"""Every non-trivial read of the ledger: the ledger's lists and a prediction's
page (ledger), people (people) and sources (sources)."""

from predictions.selectors.ledger import (
    coming_due,
    due_now,
    is_watching,
    ledger_predictions,
    most_overdue_people,
    prediction_page,
    recently_resolved,
    similar_claims,
)
from predictions.selectors.people import (
    LinkStanding,
    MergePreview,
    is_following,
    link_standing,
    merge_preview,
    merged_target,
    overdue_predictions,
    pending_link_requests,
    people_with_counts,
    person_predictions,
    person_statements,
    person_tags,
    resolved_outcomes,
)
from predictions.selectors.sources import (
    source_predictions,
    source_statements,
    sources_with_counts,
)

__all__ = [
    "LinkStanding",
    "MergePreview",
    "coming_due",
    "due_now",
    "is_following",
    "is_watching",
    "ledger_predictions",
    "link_standing",
    "merge_preview",
    "merged_target",
    "most_overdue_people",
    "overdue_predictions",
    "pending_link_requests",
    "people_with_counts",
    "person_predictions",
    "person_statements",
    "person_tags",
    "prediction_page",
    "recently_resolved",
    "resolved_outcomes",
    "similar_claims",
    "source_predictions",
    "source_statements",
    "sources_with_counts",
]
