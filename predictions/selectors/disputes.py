"""Reads of disputes: a prediction's, one by its number, the editors' queue,
and the count of open ones every ledger row carries."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from predictions.models import Dispute, Prediction


def open_disputes_count() -> Coalesce:
    """An annotation: how many of a prediction's disputes are open. A
    subquery rather than a Count over a join, so the ledger's own query keeps
    one row per prediction and needs no GROUP BY."""
    counted = (
        Dispute.objects.filter(prediction=OuterRef("pk"), state=Dispute.State.OPEN)
        .order_by()
        .values("prediction")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def prediction_disputes(prediction: Prediction) -> QuerySet[Dispute]:
    """Every dispute of ``prediction``, first opened first, with who opened and
    who settled each: one query."""
    return (
        Dispute.objects.filter(prediction=prediction)
        .select_related("opened_by", "settled_by")
        .order_by("number")
    )


def open_disputes() -> QuerySet[Dispute]:
    """The editors' queue: every open dispute, the longest-waiting first, each
    with its prediction as a ledger row shows it (predictor, quote, source)
    and who opened it, in one query however many there are."""
    return (
        Dispute.objects.filter(state=Dispute.State.OPEN)
        .select_related(
            "opened_by",
            "prediction__predictor",
            "prediction__statement__speaker",
            "prediction__statement__source",
        )
        .order_by("opened_at", "id")
    )
