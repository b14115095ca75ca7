"""Every non-trivial read of the ledger."""

from django.db.models import QuerySet

from predictions.models import Prediction


def ledger_predictions() -> QuerySet[Prediction]:
    """Predictions with everything a list row shows, in a fixed number of queries."""
    return (
        Prediction.objects.select_related("predictor", "statement__speaker", "statement__source")
        .prefetch_related("tags")
        .order_by("resolves_on", "id")
    )
