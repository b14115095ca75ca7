"""Reads of sources for their pages: each list row carries its counts.

The list is read a page at a time (core.keyset), and only the rows of that
page are counted: a page of 50 sources costs two small queries however many
sources, statements and predictions the ledger holds.
"""

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from predictions.models import Prediction
from predictions.selectors.ledger import ledger_predictions
from predictions.selectors.public import public_sources, public_statements
from sources.models import UNDATED, Source, Statement

# What a row of the sources list shows: never the captured text.
LIST_COLUMNS = ("id", "title", "publisher", "published_on", "kind", "created_at")


def dated() -> Coalesce:
    """The list's first key: newest first, undated ones last. A date no source
    has (sources.models.UNDATED) stands in for "undated", so the whole key is
    one comparison an index on the same expression serves."""
    return Coalesce("published_on", Value(UNDATED))


def sources_list(*, q: str = "") -> QuerySet[Source]:
    """Sources, newest first (undated ones last), with only the columns a list
    row shows; ``count_sources`` counts a page of them and leaves out those
    only a claim awaiting review cites.

    ``q`` keeps sources whose title, publisher or URL contains it.
    """
    sources = Source.objects.only(*LIST_COLUMNS).annotate(dated=dated())
    if q := q.strip():
        sources = sources.filter(
            Q(title__icontains=q) | Q(publisher__icontains=q) | Q(url__icontains=q)
        )
    return sources.order_by("-dated", "-created_at", "-id")


def _count(queryset: QuerySet[Any], column: str) -> Coalesce:
    """How many rows of ``queryset`` refer to the outer source by ``column``."""
    counted = (
        queryset.filter(**{column: OuterRef("pk")})
        .order_by()
        .values(column)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_counts(sources: QuerySet[Source]) -> QuerySet[Source]:
    """``sources``, each with ``statement_count`` (its statements a list may
    show) and ``prediction_count`` (predictions citing them that count: not
    withdrawn ones, as in every other count), one subquery each per row."""
    return sources.annotate(
        statement_count=_count(public_statements(Statement.objects.all()), "source"),
        prediction_count=_count(
            Prediction.objects.filter(Prediction.counted_filter()), "statement__source"
        ),
    )


def count_sources(rows: list[Any]) -> list[Any]:
    """A page's ``rows`` that a public list shows (predictions.selectors.public),
    each with its ``statement_count`` and ``prediction_count``, in one query
    over their ids.

    The public filter is applied here, to the page's few ids, rather than to
    the whole list: there PostgreSQL checks it by hashing every statement
    without a prediction, once per request, whatever the page; here it probes
    an index for each row. A page may so show a row or two fewer than its
    size when a claim awaiting review brought a source with it.
    """
    counts = {
        pk: (statements, predictions)
        for pk, statements, predictions in with_counts(
            public_sources(Source.objects.filter(pk__in=[row.pk for row in rows]))
        ).values_list("pk", "statement_count", "prediction_count")  # type: ignore[misc]
    }
    shown = [row for row in rows if row.pk in counts]
    for row in shown:
        row.statement_count, row.prediction_count = counts[row.pk]
    return shown


def source_page() -> QuerySet[Source]:
    """A source as its own page shows it: everything, with both counts."""
    return with_counts(public_sources(Source.objects.all()))


def source_statements(source: Source) -> QuerySet[Statement]:
    """The statements recorded from ``source``, in the order they were said."""
    return public_statements(
        source.statements.select_related("speaker", "original__source")
    ).order_by("said_on", "id")


def reported_alongside(statement: Statement) -> list[Statement]:
    """The other words ``statement``'s source records (the first five), each
    with where it was first said when that was elsewhere: what else the
    source a quote comes from reports."""
    return list(source_statements(statement.source).exclude(pk=statement.pk)[:5])


def source_predictions(source: Source) -> QuerySet[Prediction]:
    """The predictions citing a statement from ``source``, as ledger rows."""
    return ledger_predictions().filter(statement__source=source)
