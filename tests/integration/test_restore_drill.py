"""The restore drill (scripts/restore-drill.sh, docs/operations.md) on the
demo ledger: dump the test database with pg_dump -Fc, restore it into a new
database with pg_restore, `verify_ledger` passes there, every table has the
same number of rows as the database dumped, and the scratch database is gone
afterwards."""

import os
import re
import subprocess

import pytest
from django.db import connection

from predictions.demo import load_demo
from predictions.models import PredictionEvent
from tests.support.settings_process import REPO_ROOT

DRILL = REPO_ROOT / "scripts" / "restore-drill.sh"
COUNT_LINE = re.compile(r"^(\S+\.\S+) (\d+)$")


def database_url(name: str) -> str:
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST']}:{db['PORT']}/{name}"


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' "
            "AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        tables = cursor.fetchall()
        counts = {}
        for schema, table in tables:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
            counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def run_drill(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DRILL), *args],
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": database_url(connection.settings_dict["NAME"])},
        capture_output=True,
        text=True,
        timeout=300,
    )


def databases() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database")
        return {name for (name,) in cursor.fetchall()}


@pytest.fixture
def demo_ledger(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the drill is pg_dump and pg_restore: PostgreSQL only")
    load_demo()
    assert PredictionEvent.objects.exists()


def test_a_dump_restores_into_a_new_database_with_its_chains_and_rows(demo_ledger):
    before = databases()

    result = run_drill()

    assert result.returncode == 0, result.stderr
    assert "every chain intact" in result.stdout
    assert "row counts equal" in result.stderr
    restored = {
        found[1]: int(found[2])
        for line in result.stdout.splitlines()
        if (found := COUNT_LINE.match(line))
    }
    assert restored == row_counts()
    assert restored["public.predictions_predictionevent"] == PredictionEvent.objects.count()
    assert databases() == before  # the scratch database was dropped


def test_the_drill_fails_when_a_restored_chain_is_broken(demo_ledger):
    # An event's words changed behind the application's back (trigger off, as
    # an intruder with the owner's rights could): the dump carries the damage
    # and verify_ledger finds it in the restored copy.
    event = PredictionEvent.objects.order_by("id").first()
    assert event is not None
    table = PredictionEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER predictionevent_append_only")
        cursor.execute(
            f"UPDATE {table} SET data = data || %s::jsonb WHERE id = %s",
            ['{"edited": true}', event.pk],
        )
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER predictionevent_append_only")

    before = databases()

    result = run_drill()

    assert result.returncode != 0
    assert databases() == before
    assert "Broken chain" in result.stderr
    assert "passed" not in result.stderr


def test_the_drill_fails_when_the_dump_does_not_restore(demo_ledger, tmp_path):
    not_a_dump = tmp_path / "hindsight.dump"
    not_a_dump.write_text("this is not a pg_dump archive\n")
    before = databases()

    result = run_drill(str(not_a_dump))

    assert result.returncode != 0
    assert "passed" not in result.stderr
    assert databases() == before
