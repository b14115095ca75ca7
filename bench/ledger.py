"""A generated ledger per (N, seed), kept between runs.

Each lives in its own database, ``bench_<N>_<seed>``, on the bench's
PostgreSQL (var/bench/pgdata). Once ``generate_ledger`` has finished, the
database's comment records it, with a fingerprint of the migrations and the
generator's code: a later run reuses the ledger only when both match (an
interrupted generation, a new migration or a changed generator regenerate).
"""

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from bench.services import ROOT

MARK = "bench ledger"


def database_name(predictions: int, seed: int) -> str:
    return f"bench_{predictions}_{seed}"


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/0*.py")) + sorted(
        (ROOT / "predictions" / "generation").glob("*.py")
    ):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _comment(admin: psycopg.Connection, name: str) -> str:
    row = admin.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        (name,),
    ).fetchone()
    return (row[0] or "") if row else ""


def _manage(environ: dict, *arguments: str) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environ, check=True)


def ensure(admin_url: str, name: str, environ: dict, predictions: int, seed: int) -> float:
    """The ledger in database ``name``, generated unless a finished one is
    there; returns the seconds generate_ledger took (then or when it was made)."""
    expected = f"{MARK} {fingerprint()}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        comment = _comment(admin, name)
        if comment.startswith(expected + " "):
            return float(comment.rsplit("=", 1)[1])
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_migrated(admin, environ, expected)}"')
    started = time.perf_counter()
    _manage(
        environ,
        "generate_ledger",
        "--predictions",
        str(predictions),
        "--seed",
        str(seed),
        "--no-progress",
    )
    seconds = round(time.perf_counter() - started, 1)
    with psycopg.connect(environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{expected} generate_seconds={seconds}'")
    return seconds


def _migrated(admin: psycopg.Connection, environ: dict, expected: str) -> str:
    """An empty database with every migration applied, made once and copied
    for each ledger: migrating takes longer than generating a small one."""
    name = "bench_migrated"
    if _comment(admin, name) != expected:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        url = environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        _manage({**environ, "DATABASE_URL": url}, "migrate", "--noinput", "-v", "0")
        admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{expected}'")
    return name


def copy(admin_url: str, template: str, name: str) -> None:
    """A scratch copy of a ledger, for a job that writes (dropped after)."""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def drop(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def var_dir() -> Path:
    return ROOT / "var" / "bench"
