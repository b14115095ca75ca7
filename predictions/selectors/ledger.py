"""Every non-trivial read of the ledger."""

from difflib import SequenceMatcher

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q

from predictions import rules
from predictions.models import Prediction, PredictionEvent, Watch
from predictions.models.queries import PredictionQuerySet
from predictions.selectors.disputes import open_disputes_count
from sources.models import Person

Status = Prediction.Status
Review = Prediction.ReviewState


def ledger_predictions() -> PredictionQuerySet:
    """Published predictions with everything a list row shows, in a fixed
    number of queries: what every public list, feed and search starts from."""
    return any_predictions().published()


def list_rows() -> PredictionQuerySet:
    """Published predictions with what a row of a list page shows (the
    prediction-row partial) and no more: no tags and no count of open disputes,
    which no row shows; one query for a page of them."""
    return (
        Prediction.objects.for_ledger()
        .prefetch_related(None)
        .published()
        .order_by("resolves_on", "id")
    )


def any_predictions() -> PredictionQuerySet:
    """Ledger rows whatever their review state, for code that already knows
    which prediction it wants (an email link, a write's answer); each with
    ``disputes_open``, how many of its disputes await an editor."""
    return (
        Prediction.objects.for_ledger()
        .annotate(disputes_open=open_disputes_count())
        .order_by("resolves_on", "id")
    )


def visible_predictions(user) -> PredictionQuerySet:
    """What ``user`` may open: published claims, the claims they filed (awaiting
    review or rejected), and every claim for an editor (predictions.rules.can_see)."""
    predictions = any_predictions()
    if rules.is_editor(user):
        return predictions
    if user is not None and user.is_authenticated:
        return predictions.filter(Q(review_state=Review.PUBLISHED) | Q(filed_by=user))
    return predictions.published()


def listed_predictions(user, review_state: str = "") -> PredictionQuerySet:
    """A list's predictions: published ones, unless ``review_state`` asks for
    another state, which an editor sees all of and anyone else their own of."""
    if not review_state or review_state == Review.PUBLISHED:
        return ledger_predictions()
    return visible_predictions(user).filter(review_state=review_state)


def review_queue() -> PredictionQuerySet:
    """Claims awaiting review, the longest-waiting first."""
    return (
        any_predictions()
        .with_source_text()  # the queue checks each quote against its source's text
        .filter(review_state=Review.PENDING)
        .select_related("filed_by", "statement__source")
        .order_by("created_at", "id")
    )


def proposals_queue() -> PredictionQuerySet:
    """Outcomes proposed and awaiting an editor, the longest-waiting first."""
    return (
        ledger_predictions()
        .exclude(proposed_outcome="")
        .select_related("proposed_by")
        .order_by("proposed_at", "id")
    )


# --- one prediction's page ---------------------------------------------------


def prediction_page(user) -> PredictionQuerySet:
    """A prediction ``user`` may see, with everything its page shows (quote,
    source, tags, and the timeline with each event's actor) in a fixed number
    of queries."""
    return (
        visible_predictions(user)
        .select_related("resolved_by", "proposed_by")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=PredictionEvent.objects.select_related("actor").order_by("at", "id"),
            )
        )
    )


def proposers_named_in(events: list[PredictionEvent]) -> dict[int, User]:
    """The accounts whose proposals ``events`` record as confirmed or
    declined, by id: one query, and none when there are no such events."""
    ids = set()
    for event in events:
        data = event.data if isinstance(event.data, dict) else {}
        for key in ("confirmed_proposal", "proposal"):
            proposal = data.get(key)
            if isinstance(proposal, dict) and isinstance(proposal.get("proposed_by_id"), int):
                ids.add(proposal["proposed_by_id"])
    return User.objects.in_bulk(ids) if ids else {}


def is_watching(user, prediction: Prediction) -> bool:
    return user.is_authenticated and Watch.objects.filter(user=user, prediction=prediction).exists()


def similar_claims(
    *,
    predictor: Person | None,
    claim: str,
    user=None,
    threshold: float = 0.75,
    limit: int = 3,
) -> list[Prediction]:
    """The predictor's existing claims that read almost the same as ``claim``,
    most alike first: the claim form warns before a duplicate is filed. A
    predictor not yet in the ledger (None) has none. The published ones, and
    those ``user`` may see awaiting review (their own; all for an editor)."""
    if predictor is None:
        return []
    candidates = (
        visible_predictions(user)
        .filter(status__in=Prediction.COUNTED_STATUSES, predictor=predictor)
        .exclude(review_state=Review.REJECTED)
        .select_related(None)
        .prefetch_related(None)
        .order_by()
        .only("id", "claim")
    )
    return read_alike(claim, list(candidates), threshold)[:limit]


def read_alike(claim: str, candidates: list[Prediction], threshold: float = 0.75):
    """The ``candidates`` whose claim reads almost like ``claim``, most alike first."""
    wanted = " ".join(claim.casefold().split())
    scored = [
        (SequenceMatcher(None, wanted, " ".join(p.claim.casefold().split())).ratio(), p)
        for p in candidates
    ]
    return [p for ratio, p in sorted(scored, key=lambda pair: -pair[0]) if ratio >= threshold]
