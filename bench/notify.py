"""Many predictions falling due together, delivered by real Celery workers to
a local SMTP sink: how long until the last email arrives, and how many were
lost or came twice. Runs inside Django (bench.jobs) on a scratch copy of a
ledger, since it writes: the due flips, the outbox, and the permission that
makes each watcher a verified account (a generated account is not one, and
only verified accounts are emailed).
"""

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from bench.jobs import check_due_predictions, make_due
from bench.services import ROOT, free_port
from predictions.models import Notification, Watch

logging.getLogger("mail.log").setLevel(logging.WARNING)
WORKERS = 2  # processes of one prefork worker
# The var dir bench.run gives this job: the workers' logs go there.
LOGS = Path(os.environ["HINDSIGHT_VAR_DIR"])


class Sink:
    """aiosmtpd's handler: each accepted message's Message-ID and arrival time."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[str, float]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        # Only the headers are parsed: the sink shares the machine's cores
        # with the workers it measures, and parsing every body would take
        # their time.
        headers, _, _ = envelope.content.partition(b"\r\n\r\n")
        message = message_from_bytes(headers, policy=policy.default)
        with self.lock:
            self.arrivals.append((str(message["Message-ID"]).strip(), time.monotonic()))
        return "250 Message accepted for delivery"

    def snapshot(self) -> list[tuple[str, float]]:
        with self.lock:
            return list(self.arrivals)


def _verify_watchers(prediction_ids: list[int]) -> None:
    contribute = Permission.objects.get(
        content_type__app_label="predictions", codename="contribute"
    )
    watchers = set(
        Watch.objects.filter(prediction_id__in=prediction_ids).values_list("user_id", flat=True)
    )
    through = get_user_model().user_permissions.through
    through.objects.bulk_create(
        [through(user_id=user, permission_id=contribute.pk) for user in watchers],
        ignore_conflicts=True,
    )


def _start_workers(environ: dict, logs: list) -> list[subprocess.Popen]:
    """One worker as production runs one (prefork), with WORKERS processes."""
    LOGS.mkdir(parents=True, exist_ok=True)
    path = LOGS / "worker.log"
    log = path.open("w")
    logs.append(log)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker",
         "--concurrency", str(WORKERS), "--hostname", "bench@%h", "--without-mingle",
         "--without-gossip", "--without-heartbeat", "--loglevel", "INFO"],
        cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while "ready." not in path.read_text():
        if time.monotonic() > deadline:
            raise RuntimeError("the Celery worker did not start")
        time.sleep(0.5)
    return [worker]


def _stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def notify(count: int, *, timeout: float) -> dict:
    """``count`` predictions fall due at once; seconds from the due check's
    start until the last email arrived, lost and duplicated emails."""
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, ready_timeout=30)
    controller.start()
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    environ = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}
    logs: list = []
    workers = _start_workers(environ, logs)
    try:
        with transaction.atomic():
            ids = make_due(count)
            _verify_watchers(ids)
        started = time.monotonic()
        check_due_predictions()
        rows = Notification.objects.filter(prediction_id__in=ids, kind="due")
        expected = rows.count()
        deadline = started + timeout
        while time.monotonic() < deadline:
            # A count first (cheap); the message ids only once all are sent.
            if rows.filter(status="sent").count() == expected:
                sent = set(rows.filter(status="sent").values_list("message_id", flat=True))
                if sent <= {message_id for message_id, _ in sink.snapshot()}:
                    break
            time.sleep(0.5)
        arrivals = sink.snapshot()
        received = Counter(message_id for message_id, _ in arrivals)
        delivered = rows.filter(status="sent", message_id__in=list(received)).count()
        return {
            "predictions": len(ids),
            "recipients": rows.values("recipient_id").distinct().count(),
            "outbox_rows": expected,
            "emails": len(arrivals),
            "seconds": round(max((at for _, at in arrivals), default=started) - started, 1),
            "lost": expected - delivered,
            "duplicated": sum(n - 1 for n in received.values()),
        }
    finally:
        _stop(workers)
        controller.stop()
        for log in logs:
            log.close()
