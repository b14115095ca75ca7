"""Every non-trivial read of the ledger."""

from datetime import date, timedelta
from difflib import SequenceMatcher

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from predictions.models import Prediction, PredictionEvent, Watch
from predictions.models.prediction import PredictionQuerySet
from sources.models import Person

Status = Prediction.Status


def ledger_predictions() -> PredictionQuerySet:
    """Predictions with everything a list row shows, in a fixed number of queries."""
    return Prediction.objects.for_ledger().order_by("resolves_on", "id")


def due_now(limit: int = 10) -> QuerySet[Prediction]:
    """Awaiting resolution, the longest-waiting first."""
    return ledger_predictions().due()[:limit]


def coming_due(*, today: date | None = None, days: int = 30, limit: int = 10):
    today = today or timezone.localdate()
    return (
        ledger_predictions()
        .open()
        .filter(resolves_on__gte=today, resolves_on__lte=today + timedelta(days=days))[:limit]
    )


def recently_resolved(limit: int = 10) -> QuerySet[Prediction]:
    return (
        ledger_predictions().filter(status=Status.RESOLVED).order_by("-resolved_at", "-id")[:limit]
    )


def most_overdue_people(limit: int = 5) -> QuerySet[Person]:
    """The accountability gap: who has the most predictions past due and unresolved."""
    return (
        Person.objects.annotate(
            overdue=Count("predictions", filter=Q(predictions__status=Status.DUE))
        )
        .filter(overdue__gt=0)
        .order_by("-overdue", "name")[:limit]
    )


# --- one prediction's page ---------------------------------------------------


def prediction_page() -> QuerySet[Prediction]:
    """A prediction with everything its page shows (quote, source, tags, and the
    timeline with each event's actor) in a fixed number of queries."""
    return ledger_predictions().prefetch_related(
        Prefetch(
            "events",
            queryset=PredictionEvent.objects.select_related("actor").order_by("at", "id"),
        )
    )


def is_watching(user, prediction: Prediction) -> bool:
    return user.is_authenticated and Watch.objects.filter(user=user, prediction=prediction).exists()


def similar_claims(
    *, predictor: Person | None, claim: str, threshold: float = 0.75, limit: int = 3
) -> list[Prediction]:
    """The predictor's existing claims that read almost the same as ``claim``,
    most alike first: the claim form warns before a duplicate is filed. A
    predictor not yet in the ledger (None) has none."""
    if predictor is None:
        return []
    wanted = " ".join(claim.casefold().split())
    candidates = Prediction.objects.counted().filter(predictor=predictor).only("id", "claim")
    scored = [
        (SequenceMatcher(None, wanted, " ".join(p.claim.casefold().split())).ratio(), p)
        for p in candidates
    ]
    return [p for ratio, p in sorted(scored, key=lambda pair: -pair[0]) if ratio >= threshold][
        :limit
    ]
