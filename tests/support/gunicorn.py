"""The app served by a real gunicorn on loopback, on the test PostgreSQL and
Redis, for tests that need a server in its own processes (a load test). It
runs in its own session, and ``stop()`` ends the whole group it started."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from django.conf import settings

from tests.support.ports import free_port
from tests.support.worker import ROOT, database_url_for_tests

HOST = "127.0.0.1"


class GunicornServer:
    """``environ`` adds to (or overrides) the defaults: production settings
    (DEBUG off) on the test database and Redis, with a var dir of its own."""

    def __init__(self, directory: Path, *, workers: int, threads: int, **environ: str):
        directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log_path = directory / "gunicorn.log"
        self.arguments = [
            *("--bind", f"{HOST}:{self.port}"),
            *("--workers", str(workers), "--threads", str(threads)),
            *("--worker-class", "gthread", "--backlog", "2048"),
            *("--error-logfile", "-", "--log-level", "warning"),
        ]
        self.environ = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": self.url,
            "DATABASE_URL": database_url_for_tests(),
            "REDIS_URL": settings.REDIS_URL,
            "HINDSIGHT_VAR_DIR": str(directory),
            **environ,
        }
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> None:
        """Start it and wait until /healthz?serving answers 200."""
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", *self.arguments],
                cwd=ROOT,
                env=self.environ,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start-up:\n{self.log()}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{self.url}/healthz?serving", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not serve in {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def stop(self, timeout: float = 30.0) -> None:
        """A graceful stop (SIGTERM lets workers finish their requests), then
        SIGKILL to the whole group, so that nothing outlives the test."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
