"""A redis-server of our own, for tests that stop, freeze and restart Redis
without touching the suite's shared one."""

import os
import signal
import subprocess
import time
from pathlib import Path

import redis

# The socket timeouts config/settings.py gives the Redis cache.
TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class RedisServer:
    """A redis-server of our own on one port, which a test stops, freezes and
    starts again; it keeps nothing on disk."""

    def __init__(self, port: int, directory: Path):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    def _running(self) -> subprocess.Popen[bytes]:
        assert self.process is not None, "this Redis server is not running"
        return self.process

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
        )
        probe = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                probe.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        probe.close()

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"],
            capture_output=True,
            timeout=10,
        )
        self._running().wait(timeout=10)
        self.process = None

    def freeze(self) -> None:
        """Still listening, never answering: a hung Redis or a blackholed host."""
        os.kill(self._running().pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self._running().pid, signal.SIGCONT)

    def kill(self) -> None:
        if self.process is not None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=10)
