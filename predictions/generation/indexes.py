"""Secondary indexes set aside while a ledger is written, and built after.

Every row COPYed into a table also goes into each of its indexes, one entry
at a time; the predictions table alone has some twenty-five, a search index
among them. Building an index once over the finished table sorts its
entries in one pass instead, which costs much less. So the generator drops
the indexes that are not unique and back no constraint (keys and unique
indexes stay, so the data is still checked as it goes in) and creates them
again at the end.

Each dropped index's definition is kept in a table of its own, in the same
transaction as the drop: if a run dies before its end, the next run (or
``restore``) puts them back before anything else.
"""

from collections.abc import Sequence

from django.db import connection, transaction

KEPT = "generated_ledger_set_aside_indexes"

# Memory for each index build: an index sorted in memory is built far
# faster than one that spills to disk. Only this session's builds use it.
BUILD_MEMORY = "256MB"


def set_aside(tables: Sequence[str]) -> int:
    """Drop the indexes of ``tables`` that back no constraint, keeping their
    definitions; returns how many."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {KEPT} (name text PRIMARY KEY, definition text)"
        )
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(x.indexrelid)
              FROM pg_index x
              JOIN pg_class i ON i.oid = x.indexrelid
              JOIN pg_class t ON t.oid = x.indrelid
             WHERE t.relname = ANY(%s)
               AND t.relnamespace = 'public'::regnamespace
               AND NOT x.indisunique
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
             ORDER BY i.relname
            """,
            [list(tables)],
        )
        found = cursor.fetchall()
        for name, definition in found:
            cursor.execute(
                f"INSERT INTO {KEPT} (name, definition) VALUES (%s, %s)", [name, definition]
            )
            cursor.execute(f'DROP INDEX "{name}"')
    return len(found)


def restore() -> int:
    """Create again every index set aside (by this run or one that died);
    returns how many."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [KEPT])
        if cursor.fetchone()[0] is None:
            return 0
        cursor.execute(f"SELECT name, definition FROM {KEPT} ORDER BY name")
        kept = cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
        for name, definition in kept:
            cursor.execute("SELECT to_regclass(%s)", [name])
            if cursor.fetchone()[0] is None:
                cursor.execute(definition)
        cursor.execute(f"DROP TABLE {KEPT}")
    return len(kept)
