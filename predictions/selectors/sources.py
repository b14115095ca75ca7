"""Reads of sources for their pages: each list row carries its counts."""

from django.db.models import Count, F, Q, QuerySet

from predictions.models import Prediction
from predictions.selectors.ledger import ledger_predictions
from predictions.selectors.public import public_sources, public_statements
from sources.models import Source, Statement


def sources_with_counts(*, q: str = "") -> QuerySet[Source]:
    """Sources, newest first (undated ones last), each with ``statement_count``
    and ``prediction_count`` (predictions citing its statements that count:
    not withdrawn ones, as in every other count).

    ``q`` keeps sources whose title, publisher or URL contains it.
    """
    sources = public_sources(Source.objects.all()).annotate(
        # Both counts go through the same join to statements, so each counts
        # distinct rows: a statement cited by three predictions counts once.
        statement_count=Count(
            "statements",
            distinct=True,
            filter=Q(statements__in=public_statements(Statement.objects.all())),
        ),
        prediction_count=Count(
            "statements__predictions",
            distinct=True,
            filter=Prediction.counted_filter("statements__predictions__"),
        ),
    )
    if q := q.strip():
        sources = sources.filter(
            Q(title__icontains=q) | Q(publisher__icontains=q) | Q(url__icontains=q)
        )
    return sources.order_by(F("published_on").desc(nulls_last=True), "-created_at", "-id")


def source_statements(source: Source) -> QuerySet[Statement]:
    """The statements recorded from ``source``, in the order they were said."""
    return public_statements(source.statements.select_related("speaker")).order_by("said_on", "id")


def source_predictions(source: Source) -> QuerySet[Prediction]:
    """The predictions citing a statement from ``source``, as ledger rows."""
    return ledger_predictions().filter(statement__source=source)
