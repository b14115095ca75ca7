"""The process that makes the batches while the writer writes them
(predictions.generation.writer).

Making the rows (drawing them, hashing each chain) is most of the Python
work of a generated ledger; in a thread it would share one interpreter lock
with the writing, in a process of its own it runs beside it (and PostgreSQL
works in a third). The process is spawned, not forked, so it shares no lock,
thread or database connection with its parent: it sets Django up for itself
and is handed only plain values (the generator's state, the cast, the day),
so this module imports nothing of Django until then. One process makes
every batch, in order, so the seed still decides every row.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

# Batches made and not yet written, at most: bounds the memory.
AHEAD = 2


@dataclass(frozen=True)
class Plan:
    """Everything the process needs: the generator's state after the cast
    was drawn, the cast (people, accounts, tags), the day, each person's
    slug, and the (first id, last id) of each batch."""

    rng_state: tuple[Any, ...]
    cast: tuple[int, int, int]
    today: date
    person_slugs: dict[int, str]
    ranges: list[tuple[int, int]]


class BatchFailed(RuntimeError):
    """Making a batch failed in the maker's process (its traceback is the message)."""


def make_batches(plan: Plan, made: Any) -> None:
    """In the maker's process: put each batch on ``made`` in order, then the
    ids handed out ({"sources": …, "statements": …, "events": …, "watches": …}),
    or a BatchFailed."""
    import traceback

    try:
        import random

        import django

        django.setup()
        from predictions.generation.batch import BatchMaker
        from predictions.generation.population import Cast

        rng = random.Random()
        rng.setstate(plan.rng_state)
        maker = BatchMaker(rng, Cast(*plan.cast), plan.today)
        maker.person_slugs = plan.person_slugs
        for first, last in plan.ranges:
            made.put(maker.make(first, last))
        counters = maker.counters
        made.put(
            {
                "sources": counters.sources,
                "statements": counters.statements,
                "events": counters.events,
                "watches": counters.watches,
            }
        )
    except BaseException as error:  # the parent raises it
        made.put(BatchFailed(f"{type(error).__name__}: {error}\n{traceback.format_exc()}"))
