"""The servers a bench run starts: PostgreSQL on a data directory kept under
var/bench/ (so a generated ledger is reused by the next run), Redis without
persistence, and gunicorn (the app, or the floor). Each is stopped by the
bench, whatever happened (the ``Stack`` context manager)."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
INITDB = ["-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnop"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: its tools then run as ``postgres``."""
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def _pg_bin() -> Path:
    found = shutil.which("pg_ctl")
    if found and (Path(found).resolve().parent / "initdb").exists():
        return Path(found).resolve().parent
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    raise RuntimeError("PostgreSQL's pg_ctl and initdb are not installed")


class Postgres:
    """A server on ``data`` (created on first use), on a free port."""

    def __init__(self, data: Path):
        self.data = data
        self.bin = _pg_bin()
        self.port = free_port()

    @property
    def _ctl(self) -> list[str]:
        return [str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60"]

    def url(self, database: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def start(self) -> None:
        if not (self.data / "PG_VERSION").exists():
            self.data.mkdir(parents=True, exist_ok=True)
            if os.getuid() == 0:
                shutil.chown(self.data, "postgres")
            self.data.chmod(0o700)
            subprocess.run(
                _as_postgres([str(self.bin / "initdb"), "-D", str(self.data), *INITDB]),
                check=True,
                capture_output=True,
                cwd="/",
            )
        # As scripts/with-services.sh: durability off, the data is regenerable.
        options = (
            f"-p {self.port} -k {self.data} -c listen_addresses={HOST} -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB"
        )
        subprocess.run(
            _as_postgres([*self._ctl, "-l", str(self.data / "server.log"), "-o", options, "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
            cwd="/",
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([*self._ctl, "-m", "fast", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd="/",
        )

    def version(self) -> str:
        out = subprocess.run(
            [str(self.bin / "pg_ctl"), "--version"], capture_output=True, text=True
        ).stdout
        # "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        words = out.split()
        return words[words.index("(PostgreSQL)") + 1] if "(PostgreSQL)" in words else out.strip()


class Redis:
    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--dir", str(self.directory), "--databases", "16"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        _wait(lambda: _answers(self.port), "Redis")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
        return True
    return False


def _wait(ready, what: str, timeout: float = 90.0, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited at start-up")
        if ready():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start in {timeout} s")


def app_environment(database_url: str, redis_url: str, var_dir: Path, port: int) -> dict:
    """Production settings: DEBUG off, a secret key, the Redis cache."""
    var_dir.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},testserver",
        "SITE_URL": f"http://{HOST}:{port}",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "HINDSIGHT_VAR_DIR": str(var_dir),
        # One client asks every API list twice a round: not a reader to throttle.
        "API_THROTTLE_ANON": "100000/min",
    }


class Gunicorn:
    """``config.wsgi`` (the app) or ``bench.floor:app``, with config/gunicorn.py
    and 2 workers, on a port of its own."""

    def __init__(self, target: str, environ: dict, port: int, log: Path, workers: int = 2):
        self.port = port
        self.url = f"http://{HOST}:{port}"
        self.log = log
        self.command = [
            sys.executable, "-m", "gunicorn", target, "--config", "config/gunicorn.py",
            "--bind", f"{HOST}:{port}", "--workers", str(workers), "--access-logfile", "/dev/null",
            "--error-logfile", "-", "--log-level", "warning", "--timeout", "300",
        ]  # fmt: skip
        self.environ = {**environ, "WEB_CONCURRENCY": str(workers)}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, probe: str = "/") -> None:
        self.launch()
        self.wait(probe)

    def launch(self) -> None:
        """Start it without waiting: servers importing Django in parallel."""
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.environ, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait(self, probe: str = "/") -> None:
        _wait(lambda: _serves(self.url + probe), f"gunicorn {self.command[3]}", 180, self.process)

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def _serves(url: str) -> bool:
    with contextlib.suppress(httpx.TransportError):
        return httpx.get(url, timeout=300).status_code < 500
    return False


class Stack(contextlib.ExitStack):
    """Stops, in reverse order, everything started through ``start``."""

    def start(self, server, **options):
        self.callback(server.stop)
        server.start(**options)
        return server
