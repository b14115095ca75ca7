"""``make bench``: the app against its raw-SQL floor, on a generated ledger of
N predictions and one of N/10, measured interleaved in one run
(docs/benchmark.md says how to read bench/results.json).

    python -m bench.run --predictions 1000000 --seed 1 [--rounds R]
        [--output bench/results.json] [--skip-notifications]
"""

import argparse
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import redis as redis_lib

from bench import floor, ledger, measure, report
from bench.pages import discover
from bench.services import ROOT, Gunicorn, Postgres, Redis, Stack, app_environment, free_port
from core import page_cache

DUE_CHECK_PREDICTIONS = 1000
NOTIFICATION_PREDICTIONS = 10_000


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--predictions", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=7, help="measured rounds, after a warm-up")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--skip-notifications", action="store_true")
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=ledger.var_dir(),
        help="where PostgreSQL keeps the generated ledgers between runs, and the logs",
    )
    parser.add_argument(
        "--notifications",
        type=int,
        default=NOTIFICATION_PREDICTIONS,
        help="predictions falling due together for the notifications job",
    )
    parser.add_argument("--due-check", type=int, default=DUE_CHECK_PREDICTIONS)
    parser.add_argument("--notification-timeout", type=float, default=900.0)
    return parser.parse_args(argv)


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"bench [{time.monotonic() - STARTED:5.0f} s]: {message}", file=sys.stderr, flush=True)


def job(environ: dict, *arguments: str) -> dict:
    """A bench.jobs job in its own process (Django set up on ``environ``)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.jobs", *arguments],
        cwd=ROOT,
        env=environ,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _collect_static(environ: dict) -> None:
    """Production settings serve hashed static files, from the manifest
    collectstatic writes; skipped when no static file changed since."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    sources = [path for path in (ROOT / "static").rglob("*") if path.is_file()]
    if manifest.exists() and all(
        path.stat().st_mtime < manifest.stat().st_mtime for path in sources
    ):
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=environ,
        check=True,
    )


def _stop_on_term(signum, frame) -> None:
    # SystemExit unwinds the Stack, which stops every server started.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> dict:
    options = arguments(argv)
    signal.signal(signal.SIGTERM, _stop_on_term)
    started = time.monotonic()
    var = options.state_dir
    sizes = {"N": options.predictions, "N/10": max(options.predictions // 10, 1)}
    with Stack() as stack:
        postgres = stack.start(Postgres(var / "pgdata"))
        redis = stack.start(Redis(var / "redis"))
        admin = postgres.url("postgres")
        environ, generated, apps, floors, pages = {}, {}, {}, {}, {}
        _collect_static(app_environment(admin, redis.url(0), var / "app", 0))
        for db, (label, size) in enumerate(sizes.items()):
            name = ledger.database_name(size, options.seed)
            port = free_port()
            environ[label] = app_environment(
                postgres.url(name), redis.url(db), var / "app" / label.replace("/", ""), port
            )
            log(f"ledger {name}: generating unless already there")
            generated[label] = ledger.ensure(admin, name, environ[label], size, options.seed)
            with psycopg.connect(postgres.url(name), autocommit=True) as conn:
                floor.build_totals(conn)
            apps[label] = Gunicorn("config.wsgi", environ[label], port, var / f"app-{db}.log")
            floors[label] = Gunicorn(
                "bench.floor:app", environ[label], free_port(), var / f"floor-{db}.log"
            )
        log("starting the app and the floor behind gunicorn, for each ledger")
        servers = [*apps.values(), *floors.values()]
        for server in servers:
            stack.callback(server.stop)
            server.launch()
        for server in servers:
            server.wait("/healthz?serving" if server in apps.values() else "/")
        for label in sizes:
            database = ledger.database_name(sizes[label], options.seed)
            pages[label] = discover(postgres.url(database), apps[label].url)
        log(f"measuring {len(pages['N'])} pages, {options.rounds} rounds after a warm-up")
        forget = {label: _forgetting(environ[label]["REDIS_URL"]) for label in sizes}
        timings = measure.interleaved(pages, apps, floors, rounds=options.rounds, forget=forget)
        for server in (*apps.values(), *floors.values()):
            server.stop()
        log("queries per request, and the due check among N and among N/10 (rolled back)")
        api = "/api/v1/predictions/?page_size="
        sized = [f"{api}10", f"{api}100"]
        done = {
            label: job(
                environ[label],
                "ledger",
                str(options.due_check),
                *(page.url for page in pages[label]),
                *sized,
            )
            for label in sizes
        }
        queries = {label: done[label]["queries"] for label in sizes}
        due = {label: done[label]["due"] for label in sizes}
        page_sizes = [queries["N"][url] for url in sized]
        notifications = None
        if not options.skip_notifications:
            notifications = _notifications(options, admin, postgres, redis, environ["N/10"])
        results = report.results(
            options=options,
            sizes=sizes,
            pages=pages,
            timings=timings,
            queries=queries,
            page_sizes=page_sizes,
            due=due,
            notifications=notifications,
            generated=generated,
            postgres_version=postgres.version(),
        )
    results["bench_seconds"] = round(time.monotonic() - started)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(results, indent=2) + "\n")
    print(report.table(results))
    log(f"wrote {options.output} in {results['bench_seconds']} s")
    return results


def _forgetting(redis_url: str):
    """What a committed write does to the pages kept for readers: replace the
    ledger's version (here by deleting it: the next request makes a new one)."""
    client = redis_lib.Redis.from_url(redis_url)
    # As Django names it: config.settings' KEY_PREFIX, and the key's version 1.
    key = f"hindsight:1:{page_cache.VERSION_KEY}"

    def forget() -> None:
        # The request before made the version if there was none.
        if not client.delete(key):
            raise RuntimeError(f"no {key} in {redis_url}: the bench would time kept pages")

    return forget


def _notifications(options, admin: str, postgres, redis, environ: dict) -> dict:
    """On a scratch copy of the N/10 ledger (it writes), dropped after."""
    source = ledger.database_name(max(options.predictions // 10, 1), options.seed)
    scratch = "bench_scratch"
    log(f"notifications: {options.notifications} due together, on a copy of {source}")
    ledger.copy(admin, source, scratch)
    try:
        scratch_environ = {
            **environ,
            "DATABASE_URL": postgres.url(scratch),
            "REDIS_URL": redis.url(2),
            "HINDSIGHT_VAR_DIR": str(options.state_dir / "notify"),
        }
        result = job(
            scratch_environ,
            "notify",
            str(options.notifications),
            str(options.notification_timeout),
        )
        return {**result, "ledger": source}
    finally:
        ledger.drop(admin, scratch)


if __name__ == "__main__":
    main()
