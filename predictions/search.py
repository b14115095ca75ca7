"""Full-text search over a prediction's claim, quote and source title.

On PostgreSQL each prediction keeps a weighted tsvector (claim A, quote B,
source title C) behind a GIN index, and ``q`` is read with
websearch_to_tsquery ("quoted phrases", -exclusions, or). On SQLite, the
embedded default, a plain case-insensitive substring match stands in.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, Value

from predictions.models import Prediction

CONFIG = "english"


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def refresh_search_vector(prediction_ids: list[int]) -> None:
    """Recompute the stored vectors; called by the services that change the text."""
    if not uses_postgres():
        return
    rows = Prediction.objects.filter(pk__in=prediction_ids).values_list(
        "pk", "claim", "statement__text", "statement__source__title"
    )
    for pk, claim, quote, title in rows:
        Prediction.objects.filter(pk=pk).update(
            search_vector=SearchVector(Value(claim), weight="A", config=CONFIG)
            + SearchVector(Value(quote or ""), weight="B", config=CONFIG)
            + SearchVector(Value(title or ""), weight="C", config=CONFIG)
        )


def search(queryset: QuerySet[Prediction], q: str) -> QuerySet[Prediction]:
    q = q.strip()
    if not q:
        return queryset
    if uses_postgres():
        query = SearchQuery(q, search_type="websearch", config=CONFIG)
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    return queryset.filter(
        Q(claim__icontains=q)
        | Q(statement__text__icontains=q)
        | Q(statement__source__title__icontains=q)
    )
