"""Every non-trivial read of the ledger: the ledger's lists and a prediction's
page (ledger), people (people), sources (sources) and disputes (disputes)."""

from predictions.selectors.disputes import open_disputes, prediction_disputes
from predictions.selectors.home import (
    coming_due,
    due_now,
    most_overdue_people,
    recently_resolved,
)
from predictions.selectors.ledger import (
    any_predictions,
    is_watching,
    ledger_predictions,
    listed_predictions,
    prediction_page,
    proposals_queue,
    proposers_named_in,
    review_queue,
    similar_claims,
    visible_predictions,
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
from predictions.selectors.public import (
    public_people,
    public_sources,
    public_statements,
    public_tags,
)
from predictions.selectors.sources import (
    source_predictions,
    source_statements,
    sources_with_counts,
)

__all__ = [
    "LinkStanding",
    "MergePreview",
    "any_predictions",
    "coming_due",
    "due_now",
    "is_following",
    "is_watching",
    "ledger_predictions",
    "link_standing",
    "listed_predictions",
    "merge_preview",
    "merged_target",
    "most_overdue_people",
    "open_disputes",
    "overdue_predictions",
    "pending_link_requests",
    "people_with_counts",
    "person_predictions",
    "person_statements",
    "person_tags",
    "prediction_disputes",
    "prediction_page",
    "proposals_queue",
    "proposers_named_in",
    "public_people",
    "public_sources",
    "public_statements",
    "public_tags",
    "recently_resolved",
    "resolved_outcomes",
    "review_queue",
    "similar_claims",
    "source_predictions",
    "source_statements",
    "sources_with_counts",
    "visible_predictions",
]
