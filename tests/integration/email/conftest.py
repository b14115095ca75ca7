"""Fixtures of the end-to-end email tests: Celery processes, an SMTP server
and a Redis of the test's own, each stopped at the end whatever happened."""

import pytest
from django.conf import settings

from tests.support.ports import free_port
from tests.support.redis_server import RedisServer
from tests.support.smtp_server import Inbox, SmtpServer
from tests.support.worker import CeleryProcesses, purge_broker


@pytest.fixture
def celery(tmp_path):
    """Makes CeleryProcesses with a given environment; stops them all at the end."""
    made: list[CeleryProcesses] = []

    def make(**environ: str) -> CeleryProcesses:
        processes = CeleryProcesses(tmp_path / f"celery-{len(made)}", **environ)
        made.append(processes)
        return processes

    purge_broker(settings.REDIS_URL)
    yield make
    for processes in made:
        processes.stop()
    purge_broker(settings.REDIS_URL)


@pytest.fixture
def smtp():
    """An SMTP server on a free port, not yet started: each test starts it when
    the story needs it to be up."""
    server = SmtpServer(free_port(), Inbox())
    yield server
    server.stop()


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, which it may stop and start again."""
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(free_port(), directory)
    server.start()
    yield server
    server.kill()
