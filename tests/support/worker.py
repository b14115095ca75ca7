"""Real Celery processes for integration tests, on the test PostgreSQL and Redis.

The worker runs the solo pool, so tasks run in the worker process itself: a
test that kills it kills the work, and nothing is left behind. Beat runs as a
process of its own (``worker --beat`` would fork it as the worker's child), so
a killed worker leaves no orphan and beat keeps scheduling while another
worker starts. Every process gets its own session, and ``stop()`` ends each
group it started, even when the test failed half-way.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit, urlunsplit

import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

# Kombu's Redis transport keeps the default queue in these keys (one list per
# priority step) and the messages a worker took but did not acknowledge in the
# "unacked" ones.
BROKER_KEYS = ["celery", *(f"celery\x06\x16{step}" for step in (3, 6, 9))]
BROKER_KEYS += ["unacked", "unacked_index", "unacked_mutex"]


def database_url_for_tests() -> str:
    """DATABASE_URL with the test database pytest-django created in its path."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def wait_for(condition: Callable[[], object], timeout: float = 60.0, every: float = 0.25) -> bool:
    """Poll until ``condition()`` is true; False if it never was within ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return bool(condition())


def purge_broker(redis_url: str) -> None:
    """Drop queued and unacknowledged tasks, so an earlier test's leftovers (a
    killed worker's task comes back only after the hour-long visibility
    timeout) never reach this test's worker."""
    client = redis.Redis.from_url(redis_url)
    try:
        client.delete(*BROKER_KEYS)
    finally:
        client.close()


def _processes() -> list[tuple[int, int, int]]:
    """(pid, parent pid, process group) of every live process, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # it ended while we looked
        # "pid (name) state ppid pgrp ...": the name may hold spaces, so split after it.
        state, ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if state != "Z":
            found.append((int(entry.name), int(ppid), int(pgrp)))
    return found


def children_of(pid: int) -> list[int]:
    """Ids of a process's live children."""
    return [child for child, parent, _ in _processes() if parent == pid]


def process_group(pgid: int) -> list[int]:
    """Ids of the live processes in a process group."""
    return [member for member, _, group in _processes() if group == pgid]


class CeleryProcesses:
    """Workers and beat started by one test, with one environment.

    ``environ`` adds to (or overrides) the defaults: the test database, the
    test Redis, this test's SECRET_KEY (signed links made by the worker are
    read by the test's server) and a var dir of its own.
    """

    def __init__(self, directory: Path, **environ: str):
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.environ = {
            **os.environ,
            "DATABASE_URL": database_url_for_tests(),
            "REDIS_URL": settings.REDIS_URL,
            "SECRET_KEY": settings.SECRET_KEY,
            "HINDSIGHT_VAR_DIR": str(directory),
            **environ,
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self._logs: list[TextIO] = []

    def start_worker(self) -> subprocess.Popen:
        name = f"worker-{sum(n.startswith('worker') for n in self.processes) + 1}"
        return self._start(
            name,
            "worker",
            *("--pool", "solo", "--hostname", f"{name}@%h"),
            # Nothing to synchronise with: no other workers to meet at start-up.
            *("--without-mingle", "--without-gossip", "--without-heartbeat"),
        )

    def start_beat(self) -> subprocess.Popen:
        return self._start("beat", "beat", "--schedule", str(self.directory / "beat-schedule"))

    def _start(self, name: str, *arguments: str) -> subprocess.Popen:
        log = (self.directory / f"{name}.log").open("w")
        self._logs.append(log)
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *arguments, "--loglevel", "INFO"],
            cwd=ROOT,
            env=self.environ,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def log(self) -> str:
        """Every process's log, each under its name: for failure messages."""
        return "\n".join(
            f"--- {name}.log ---\n{(self.directory / f'{name}.log').read_text()}"
            for name in self.processes
        )

    def stop(self, timeout: float = 15.0) -> None:
        """End every process group started, politely first (a warm shutdown puts
        reserved tasks back on the queue), then by force."""
        for process in self.processes.values():
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            # Also when the leader has exited: nothing it started may outlive it.
            _signal_group(process, signal.SIGKILL)
            process.wait(timeout=10)
        for log in self._logs:
            log.close()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group has already gone
        os.killpg(process.pid, signum)
