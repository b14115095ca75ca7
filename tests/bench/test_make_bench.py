"""`make bench` end to end at a small N, so that it keeps working: its own
PostgreSQL (in a temporary state directory), Redis, the app and the floor
behind gunicorn, the due check and real workers delivering to an SMTP sink.
It asserts what results.json holds, never how fast anything was."""

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.pages import Page
from bench.services import ROOT

pytestmark = pytest.mark.integration

N = 1000
SUMMARY_KEYS = [
    "predictions",
    "pages",
    "api_list_vs_floor",
    "html_list_vs_floor",
    "worst_page_growth",
    "api_list_vs_floor_rendered",
    "html_list_vs_floor_rendered",
    "worst_page_growth_rendered",
    "due_check_growth",
    "notifications_seconds",
    "notifications_lost",
    "notifications_duplicated",
    "generate_seconds",
    "machine",
    "versions",
    "targets",
]


@pytest.fixture(scope="module")
def results() -> Iterator[dict]:
    # Not under pytest's tmp dir: the postgres user (the bench's server, when
    # run as root) must be able to reach its data directory.
    directory = Path(tempfile.mkdtemp(prefix="hindsight-bench-"))
    directory.chmod(0o755)
    try:
        yield _run(directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _run(directory: Path) -> dict:
    output = directory / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--predictions", str(N), "--seed", "2",
         "--rounds", "1", "--notifications", "40", "--due-check", "20",
         "--state-dir", str(directory / "state"), "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "targets:" in done.stdout  # the printed table
    return json.loads(output.read_text())


def test_every_key_is_there_with_sane_values(results):
    assert set(SUMMARY_KEYS) <= set(results)
    assert results["predictions"] == N
    for kind in ("api_list_vs_floor", "html_list_vs_floor", "worst_page_growth"):
        for key in (kind, f"{kind}_rendered"):
            assert results[key] > 0, key
    assert results["due_check_growth"] > 0
    assert results["generate_seconds"] > 0
    assert results["machine"]["cores"] >= 1
    assert all(results["versions"].values())
    assert set(results["targets"].values()) <= {True, False, None}


def test_every_page_was_measured_on_both_servers_with_its_queries(results):
    names = [row["name"] for row in results["pages"]]
    assert len(names) == 15 == len(set(names))
    for row in results["pages"]:
        for key in ("median_ms", "p95_ms", "floor_median_ms", "ratio", "growth"):
            assert row[key] > 0, (row["name"], key)
        # Each list also timed rendered afresh, right after a change.
        for key in ("miss_median_ms", "miss_ratio", "miss_growth"):
            assert (row[key] is None) if row["kind"] == "page" else row[key] > 0, (row["name"], key)
        # Counted on a second request with no page kept whole: home's
        # sections are then cached (no query); every other page queries.
        served_from_cache = row["name"] == "home"
        for key in ("queries", "queries_at_tenth"):
            assert row[key] == 0 if served_from_cache else row[key] > 0, (row["name"], key)
    assert {row["kind"] for row in results["pages"]} == {"api_list", "html_list", "page"}
    deep = next(row for row in results["pages"] if row["name"] == "/predictions/ deep page")
    assert "from=" in deep["floor_url"]


def test_the_jobs_ran_and_no_email_was_lost_or_sent_twice(results):
    due = results["due_check"]
    assert due["N"]["flipped"] == due["N"]["made_due"] == 20
    assert due["N/10"]["flipped"] == due["N/10"]["made_due"] > 0
    for label in ("N", "N/10"):
        assert len(due[label]["runs"]) == 5
        assert due[label]["seconds"] == sorted(due[label]["runs"])[2]
    notes = results["notifications"]
    assert notes["predictions"] > 0 and notes["emails"] > 0 and notes["outbox_rows"] > 0
    assert results["notifications_lost"] == 0
    assert results["notifications_duplicated"] == 0
    assert results["notifications_seconds"] >= 0


def test_a_page_the_floor_starts_elsewhere_keeps_the_apps_url():
    assert Page("x", "html_list", "/a/?page=3", "/a/?from=2026-01-01,4").floor.endswith(",4")
    assert Page("y", "page", "/b/").floor == "/b/"
