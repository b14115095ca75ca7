"""Full-text search over a prediction's claim, who made it, its quote and
its source's title.

On PostgreSQL each prediction has a search document (predictions.models.
SearchDocument): a weighted tsvector (claim A, the predictor's name, also
without accents, and the quote B, source title C) behind a GIN index, and
``q`` is read with websearch_to_tsquery: every word must match, "quoted
phrases" and -exclusions as a search engine reads them; the predictions page
lists the best matches first when there are not too many to rank
(predictions.filters). On SQLite, the embedded default, every word (or
quoted phrase) must appear, case-insensitively, in one of the same texts,
and a -word must appear in none.

The document copies text from other rows, so it is refreshed whenever that text
changes: by the services that change a prediction or move it to another
person, and, for a source's title, a statement's words or a person's name
(edited in the admin, or renamed), by the receivers below, which
predictions.apps connects (the sources app knows nothing of predictions).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet
from django.db.models.functions import Cast

from predictions.models import Prediction, SearchDocument
from sources.models import Person, Source, Statement

CONFIG = "english"


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _refresh(predictions: QuerySet[Prediction]) -> None:
    """Compute the search documents of ``predictions`` again, in one statement
    (new ones are written, the others replaced)."""
    if not uses_postgres():
        return
    try:
        chosen, params = predictions.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # pk__in=[]: nothing to compute
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SearchDocument._meta.db_table} (prediction_id, vector) "
            # In id order: two refreshes of overlapping rows wait for each
            # other rather than deadlock.
            f"{documents_sql(Prediction._meta.db_table)} WHERE p.id IN ({chosen}) ORDER BY p.id "
            "ON CONFLICT (prediction_id) DO UPDATE SET vector = EXCLUDED.vector",
            params,
        )


def refresh_search_documents(prediction_ids: list[int]) -> None:
    """Compute the documents again; called by the services that change the text."""
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
        return queryset.filter(search_document__vector=_query(q))
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
            rank=Cast(SearchRank(F("search_document__vector"), _query(q)), FloatField())
        ).order_by("-rank", "resolves_on", "id")
    )


def _query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=CONFIG)


# A prediction's search vector in SQL, {claim}, {name} (the name, a space,
# its name_key: "altman" finds Sam Altmán, and "Altmán" too), {quote} and
# {title} being column expressions.
VECTOR_SQL = (
    "setweight(to_tsvector('{config}'::regconfig, COALESCE({claim}, '')), 'A')"
    " || setweight(to_tsvector('{config}'::regconfig, COALESCE({name}, '')), 'B')"
    " || setweight(to_tsvector('{config}'::regconfig, COALESCE({quote}, '')), 'B')"
    " || setweight(to_tsvector('{config}'::regconfig, COALESCE({title}, '')), 'C')"
)


def documents_sql(table: str) -> str:
    """A SELECT of (prediction_id, vector) for every row of ``table`` (the
    predictions table, aliased p, or one like it: predictions.generation
    writes a ledger's documents from the batch it has just inserted), to
    which a caller may add a WHERE on p."""
    vector = VECTOR_SQL.format(
        config=CONFIG,
        claim="p.claim",
        name="w.name || ' ' || w.name_key",
        quote="q.text",
        title="s.title",
    )
    return (
        f"SELECT p.id, {vector} FROM {table} p "
        f"JOIN {Person._meta.db_table} w ON w.id = p.predictor_id "
        f"LEFT JOIN {Statement._meta.db_table} q ON q.id = p.statement_id "
        f"LEFT JOIN {Source._meta.db_table} s ON s.id = q.source_id"
    )
