"""Every non-trivial read of the ledger: the ledger's lists and a prediction's
page (ledger), people (people), sources (sources) and disputes (disputes)."""

from predictions.selectors.disputes import open_disputes, prediction_disputes
from predictions.selectors.ledger import (
    any_predictions,
    coming_due,
    due_now,
    is_watching,
    ledger_predictions,
    listed_predictions,
    most_overdue_people,
    prediction_page,
    proposals_queue,
    recently_resolved,
    review_queue,
    similar_claims,
    visible_predictions,
)
from predictions.selectors.people import (
    is_following,
    overdue_predictions,
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
    "any_predictions",
    "coming_due",
    "due_now",
    "is_following",
    "is_watching",
    "ledger_predictions",
    "listed_predictions",
    "most_overdue_people",
    "open_disputes",
    "overdue_predictions",
    "people_with_counts",
    "person_predictions",
    "person_statements",
    "person_tags",
    "prediction_disputes",
    "prediction_page",
    "proposals_queue",
    "recently_resolved",
    "resolved_outcomes",
    "review_queue",
    "similar_claims",
    "source_predictions",
    "source_statements",
    "sources_with_counts",
    "visible_predictions",
]
