"""Counting the totals tables afresh: what a migration, generate_ledger and
``manage.py rebuild_totals`` run, and what repairs any drift.

One pass per table: ``INSERT … SELECT`` of every person's (every tag's)
aggregates, grouped by the database, then one UPDATE for the people's sort
keys. The tables are locked meanwhile (on PostgreSQL), so that a writer's
delta lands either before the count (and is in it) or after it.
"""

from typing import Any

from django.db import connection, transaction
from django.db.models import Count, DecimalField, F, QuerySet, Value
from django.db.models.functions import Coalesce

from core import page_cache
from predictions.models import PersonTagTotals, PersonTotals, Prediction, Tag, TagTotals
from predictions.models.totals import BRIER_DIGITS, BRIER_PLACES, COUNT_FIELDS
from predictions.records.sort_keys import sort_keys
from predictions.records.totals import _totals as aggregates
from sources.models import Person


def _insert_select(model: type[PersonTotals] | type[TagTotals], rows: QuerySet[Any]) -> None:
    """INSERT INTO model's table the rows' columns, named as the model's fields."""
    # Each column is annotated as "c_<field>" (a Person has a "name" and a
    # "predictions" of its own), in the order the INSERT names them.
    columns = [name.removeprefix("c_") for name in rows.query.annotation_select]
    sql, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    # The one-to-one keys are stored as <name>_id; every other column is its field's name.
    names = ", ".join(
        connection.ops.quote_name(f"{name}_id" if name in ("person", "tag") else name)
        for name in columns
    )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)


def _counted(rows: QuerySet[Any], key: str, extra: dict[str, Any]) -> QuerySet[Any]:
    totals = aggregates("predictions__")
    totals["brier_sum"] = Coalesce(
        totals["brier_sum"],
        Value(0),
        output_field=DecimalField(max_digits=BRIER_DIGITS, decimal_places=BRIER_PLACES),
    )
    columns = {
        key: F("pk"),
        **extra,
        **{name: totals[name] for name in (*COUNT_FIELDS, "brier_sum")},
    }
    named = {f"c_{name}": value for name, value in columns.items()}
    counted: QuerySet[Any] = rows.order_by().annotate(**named).values_list(*named)
    return counted


@transaction.atomic
def rebuild_totals() -> None:
    """Every totals table counted afresh (and the pages kept for readers,
    which show the totals, ended)."""
    _lock(PersonTagTotals)
    rebuild_record_totals()
    _rebuild_person_tags()
    page_cache.forget_pages()


@transaction.atomic
def rebuild_record_totals() -> None:
    """The people's and tags' records (what migration 0014 counted: the
    per-person tag counts came after it)."""
    _lock(PersonTotals, TagTotals)
    PersonTotals.objects.all().delete()
    TagTotals.objects.all().delete()
    _insert_select(PersonTotals, _counted(Person.objects.all(), "person", {"name": F("name")}))
    _insert_select(TagTotals, _counted(Tag.objects.all(), "tag", {}))
    PersonTotals.objects.update(**sort_keys())


def _lock(*models: type[Any]) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in models:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def _rebuild_person_tags() -> None:
    """Each person's count of published predictions carrying each tag."""
    PersonTagTotals.objects.all().delete()
    through = Prediction.tags.through
    rows = (
        through.objects.filter(prediction__review_state=Prediction.ReviewState.PUBLISHED)
        .order_by()
        .values("prediction__predictor_id", "tag_id")
        .annotate(n=Count("*"))
        .values_list("prediction__predictor_id", "tag_id", "n")  # type: ignore[misc]
    )
    sql, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(PersonTagTotals._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (person_id, tag_id, predictions) {sql}", params)
