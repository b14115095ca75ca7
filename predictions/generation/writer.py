"""Writing the generated ledger: COPY in batches, each batch its own
transaction (foreign keys are checked as it commits, so the deferred checks
never pile up), then the sequences moved past the ids the generator gave."""

import multiprocessing
import queue
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import astuple, dataclass
from datetime import date
from multiprocessing.process import BaseProcess
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Model

from predictions import search
from predictions.generation import batch as rows
from predictions.generation import guard, indexes, population
from predictions.generation import maker as batch_maker
from predictions.models import Prediction, PredictionEvent, SearchDocument, Tag, Watch
from predictions.records.rebuild import rebuild_totals
from sources.models import Person, Source, Statement

BATCH_SIZE = 10_000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Written:
    people: int
    accounts: int
    sources: int
    statements: int
    predictions: int
    events: int
    watches: int


def copy(table: str, columns: Sequence[str], data: Sequence[tuple[object, ...]]) -> None:
    if not data:
        return
    with connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(statement) as stream:
            for row in data:
                stream.write_row(row)


def _table(model: type[Model]) -> str:
    return model._meta.db_table


def generate(
    *,
    predictions: int,
    seed: int,
    today: date,
    replace: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> Written:
    """Write a ledger of ``predictions`` predictions, the same rows for the
    same ``seed`` and ``today``."""
    indexes.restore()  # a run that died left them aside
    guard.require_only_generated(replace=replace)
    rng = random.Random(seed)
    cast = population.cast_for(predictions)
    maker = rows.BatchMaker(rng, cast, today)
    with transaction.atomic():
        if replace:
            guard.clear_generated()
        people = population.person_rows(rng, cast, today)
        maker.person_slugs = {int(str(row[0])): str(row[3]) for row in people}
        copy(
            _table(get_user_model()),
            population.ACCOUNT_COLUMNS,
            population.account_rows(cast, today),
        )
        copy(_table(Person), population.PERSON_COLUMNS, people)
        copy(_table(Tag), population.TAG_COLUMNS, population.tag_rows())
    skip_checks = _may_skip_trigger_checks()
    indexes.set_aside(_bulk_tables())
    try:
        for batch, last in _made_ahead(maker, predictions, batch_size):
            _write_batch(batch, skip_checks=skip_checks)
            if progress is not None:
                progress(last, predictions)
    finally:
        indexes.restore()
    _reset_sequences()
    # COPY went round the saves that keep the totals tables: count them once.
    rebuild_totals()
    counters = maker.counters
    return Written(
        people=cast.people,
        accounts=cast.accounts,
        sources=counters.sources,
        statements=counters.statements,
        predictions=predictions,
        events=counters.events,
        watches=counters.watches,
    )


def _made_ahead(
    maker: rows.BatchMaker, predictions: int, batch_size: int
) -> Iterator[tuple[rows.Batch, int]]:
    """The batches in order, made by a process of their own
    (predictions.generation.maker) while this one writes the one before."""
    plan = batch_maker.Plan(
        rng_state=maker.rng.getstate(),
        cast=astuple(maker.cast),
        today=maker.today,
        person_slugs=maker.person_slugs,
        ranges=[
            (first, min(first + batch_size - 1, predictions))
            for first in range(1, predictions + 1, batch_size)
        ],
    )
    context = multiprocessing.get_context("spawn")
    made = context.Queue(maxsize=batch_maker.AHEAD)
    child = context.Process(target=batch_maker.make_batches, args=(plan, made), daemon=True)
    child.start()
    try:
        for _, last in plan.ranges:
            yield _next_made(made, child), last
        for name, value in _next_made(made, child).items():
            setattr(maker.counters, name, value)
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


def _next_made(made: Any, child: BaseProcess) -> Any:
    while True:
        try:
            item = made.get(timeout=5)
        except queue.Empty:
            if not child.is_alive():
                raise batch_maker.BatchFailed(
                    f"the batch maker stopped (exit code {child.exitcode})"
                ) from None
            continue
        if isinstance(item, batch_maker.BatchFailed):
            raise item
        return item


def _may_skip_trigger_checks() -> bool:
    """Whether this connection may turn off triggers for its transactions
    (superusers may): the foreign-key checks of a million generated rows,
    all consistent by construction, would cost a third of the run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


@transaction.atomic
def _write_batch(batch: rows.Batch, *, skip_checks: bool) -> None:
    if skip_checks:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    copy(_table(Source), rows.SOURCE_COLUMNS, batch.sources)
    copy(_table(Statement), rows.STATEMENT_COLUMNS, batch.statements)
    _insert_predictions(batch.predictions)
    copy(_table(Prediction.tags.through), rows.PREDICTION_TAG_COLUMNS, batch.prediction_tags)
    copy(_table(PredictionEvent), rows.EVENT_COLUMNS, batch.events)
    copy(_table(Watch), rows.WATCH_COLUMNS, batch.watches)


STAGING = "generated_prediction_staging"


def _bulk_tables() -> tuple[str, ...]:
    return tuple(
        _table(model)
        for model in (
            Source,
            Statement,
            Prediction,
            SearchDocument,
            Prediction.tags.through,
            PredictionEvent,
            Watch,
        )
    )


def _insert_predictions(data: Sequence[tuple[object, ...]]) -> None:
    """COPY into a bare temporary table, then INSERT from it, both the rows
    and their search documents (computed from the claim, name, quote and
    title as predictions.search computes them)."""
    table = _table(Prediction)
    columns = ", ".join(rows.PREDICTION_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGING} (LIKE {table} INCLUDING DEFAULTS)"
        )
    copy(STAGING, rows.PREDICTION_COLUMNS, data)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {STAGING}")
        cursor.execute(
            f"INSERT INTO {_table(SearchDocument)} (prediction_id, vector) "
            f"{search.documents_sql(STAGING)} ORDER BY p.id"
        )
        # Emptied now, not at commit: inside an outer transaction (a test)
        # the batch's transaction is a savepoint.
        cursor.execute(f"TRUNCATE {STAGING}")


SEQUENCED = (
    get_user_model(), Person, Tag, Source, Statement, Prediction, PredictionEvent, Watch,
)  # fmt: skip


def _reset_sequences() -> None:
    """Next ids follow the generated ones, so the site can file as usual."""
    with connection.cursor() as cursor:
        for model in (*SEQUENCED, Prediction.tags.through):
            table = _table(model)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)",
                [table],
            )


def text_progress(stream=sys.stderr) -> Progress:
    """A plain progress bar on stderr: one line, rewritten."""
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        elapsed = time.monotonic() - started
        stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} predictions, "
            f"{elapsed:.0f} s"
        )
        if done == total:
            stream.write("\n")
        stream.flush()

    return show
