"""Full-text search over a prediction's claim, who made it, its quote and
its source's title.

On PostgreSQL each prediction keeps a weighted tsvector (claim A, the
predictor's name, also without accents, and the quote B, source title C) behind a GIN index, and
``q`` is read with websearch_to_tsquery: every word must match, "quoted
phrases" and -exclusions as a search engine reads them; the predictions page
lists the best matches first when there are not too many to rank
(predictions.filters). On SQLite, the embedded default, every word (or
quoted phrase) must appear, case-insensitively, in one of the same texts,
and a -word must appear in none.

The vector copies text from other rows, so it is refreshed whenever that text
changes: by the services that change a prediction or move it to another
person, and, for a source's title, a statement's words or a person's name
(edited in the admin, or renamed), by the receivers below, which
predictions.apps connects (the sources app knows nothing of predictions).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast

from predictions.models import Prediction

CONFIG = "english"


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _vector() -> CombinedExpression:
    return (
        SearchVector("claim", weight="A", config=CONFIG)
        # The name as written and as sources.names.name_key folds it (no
        # accents): "altman" finds Sam Altmán, and "Altmán" too.
        + SearchVector("predictor__name", "predictor__name_key", weight="B", config=CONFIG)
        + SearchVector("statement__text", weight="B", config=CONFIG)
        + SearchVector("statement__source__title", weight="C", config=CONFIG)
    )


def _refresh(predictions: QuerySet[Prediction]) -> None:
    """Recompute the vectors of ``predictions`` in one UPDATE."""
    if not uses_postgres():
        return
    # An UPDATE cannot join, so each row's vector is read through a subquery.
    vector = Prediction.objects.filter(pk=OuterRef("pk")).annotate(v=_vector()).values("v")[:1]
    predictions.update(search_vector=Subquery(vector))


def refresh_search_vector(prediction_ids: list[int]) -> None:
    """Recompute the stored vectors; called by the services that change the text."""
    _refresh(Prediction.objects.filter(pk__in=prediction_ids))


def source_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A source's title is in the vectors of the predictions citing it."""
    if created or raw or (update_fields is not None and "title" not in update_fields):
        return
    _refresh(Prediction.objects.filter(statement__source_id=instance.pk))


def statement_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A statement's words, and its source's title, are in the vectors of the
    predictions citing it."""
    if (
        created
        or raw
        or (update_fields is not None and not {"text", "source"} & set(update_fields))
    ):
        return
    _refresh(Prediction.objects.filter(statement_id=instance.pk))


def person_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A person's name is in the vectors of the predictions they made."""
    if created or raw or (update_fields is not None and "name" not in update_fields):
        return
    _refresh(Prediction.objects.filter(predictor_id=instance.pk))


SEARCHED = (
    "claim",
    "predictor__name",
    "predictor__name_key",
    "statement__text",
    "statement__source__title",
)
# A "quoted phrase", or a run of anything but space and quotes, each perhaps
# after a minus.
TERM = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def terms(q: str) -> tuple[list[str], list[str]]:
    """The words and phrases of ``q`` that must appear, and those that must not
    (-word), as websearch_to_tsquery reads them: "or" joins nothing here."""
    wanted: list[str] = []
    unwanted: list[str] = []
    for match in TERM.finditer(q):
        minus = match[1] or match[3]
        text = " ".join((match[2] if match[2] is not None else match[4]).split())
        if text and text.lower() != "or":
            (unwanted if minus else wanted).append(text)
    return wanted, unwanted


def _anywhere(text: str) -> Q:
    found = Q()
    for field in SEARCHED:
        found |= Q(**{f"{field}__icontains": text})
    return found


def search(queryset: QuerySet[Prediction], q: str) -> QuerySet[Prediction]:
    """The predictions of ``queryset`` that match ``q``, in its order."""
    q = q.strip()
    if not q:
        return queryset
    if uses_postgres():
        return queryset.filter(search_vector=_query(q))
    return by_words(queryset, q)


def by_words(queryset: QuerySet[Prediction], q: str) -> QuerySet[Prediction]:
    """The search where there is no vector (SQLite): each term of ``q`` in
    one of the SEARCHED texts, each -term in none."""
    wanted, unwanted = terms(q)
    for text in wanted:
        queryset = queryset.filter(_anywhere(text))
    for text in unwanted:
        queryset = queryset.exclude(_anywhere(text))
    return queryset


def best_first(queryset: QuerySet[Prediction], q: str) -> QuerySet[Prediction]:
    """``queryset`` (a search for ``q``) with the best matches first, ties in
    deadline order; as it is elsewhere than on PostgreSQL.

    Ranking reads every match, so a caller ranks only a bounded number of
    them (predictions.filters.PredictionPageFilter)."""
    q = q.strip()
    if not q or not uses_postgres():
        return queryset
    return (
        # As double precision, which reads back exactly: a page's cursor
        # (core.keyset) holds the last rank shown and compares it again.
        queryset.annotate(
            rank=Cast(SearchRank(F("search_vector"), _query(q)), FloatField())
        ).order_by("-rank", "resolves_on", "id")
    )


def _query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=CONFIG)


# _vector() in SQL, for rows not yet in the table: a ledger written in bulk
# (predictions.generation) computes each vector as it inserts the row rather
# than rewriting every row after, and migration 0020 filled the column with
# it. {claim}, {name} (the name, a space, its name_key), {quote} and {title}
# are column expressions;
# tests/predictions/test_generate_ledger.py checks that it gives what
# _refresh stores.
VECTOR_SQL = (
    "setweight(to_tsvector('{config}'::regconfig, COALESCE({claim}, '')), 'A')"
    " || setweight(to_tsvector('{config}'::regconfig, COALESCE({name}, '')), 'B')"
    " || setweight(to_tsvector('{config}'::regconfig, COALESCE({quote}, '')), 'B')"
    " || setweight(to_tsvector('{config}'::regconfig, COALESCE({title}, '')), 'C')"
)


def vector_sql(*, claim: str, name: str, quote: str, title: str) -> str:
    return VECTOR_SQL.format(config=CONFIG, claim=claim, name=name, quote=quote, title=title)
