"""The outbox survives the faults it exists for, with real workers and a
real SMTP server: the mail server down for a while, and the worker killed in
the middle of a batch. Each test prints its tally (tests/integration/email/support.py)."""

import os
import signal

from predictions.models import Notification, Watch
from tests.integration.email.support import (
    PENDING,
    all_sent,
    due_prediction,
    readers,
    report,
    tally,
    worker_settings,
)
from tests.support.markers import END_TO_END
from tests.support.worker import children_of, process_group, wait_for

pytestmark = END_TO_END


def test_with_the_mail_server_down_rows_wait_and_all_go_once_it_answers(celery, smtp):
    first, second = due_prediction(), due_prediction()
    users = readers(6, "reader")
    # Two readers watch both: one email each, about two predictions.
    Watch.objects.bulk_create(
        [Watch(user=user, prediction=first) for user in users[:4]]
        + [Watch(user=user, prediction=second) for user in users[2:]]
    )
    rows_owed, emails_owed = 8, 6
    # Nothing listens on smtp.port yet. Enough attempts that none turns failed
    # while the server is down.
    processes = celery(**worker_settings(smtp, NOTIFICATION_MAX_ATTEMPTS="50"))
    processes.start_worker()
    processes.start_beat()

    def all_tried() -> bool:
        rows = Notification.objects.all()
        return (
            rows.count() == rows_owed
            and not rows.filter(attempts=0).exists()
            and not rows.filter(last_error="").exists()
        )

    assert wait_for(all_tried), processes.log()
    waiting = list(Notification.objects.all())
    assert {row.status for row in waiting} == {PENDING}, processes.log()
    assert all("Connection refused" in row.last_error for row in waiting), [
        row.last_error for row in waiting
    ]

    smtp.start()  # the mail server is back, on the same port

    delivered = wait_for(all_sent(rows_owed), timeout=90)
    counts = tally(smtp.inbox)
    line = report(counts)
    assert delivered, f"{line}\n{processes.log()}"
    assert counts["delivered"] == counts["created"] == rows_owed, line
    assert len(smtp.inbox.message_ids()) == emails_owed, line
    assert counts["duplicated"] == 0, line


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_one(celery, smtp):
    predictions = [due_prediction() for _ in range(4)]
    users = readers(200, "reader")
    Watch.objects.bulk_create(
        Watch(user=user, prediction=predictions[n % 4]) for n, user in enumerate(users)
    )
    # A few milliseconds per message, so the kill lands in the middle of the batch.
    smtp.inbox.delay = 0.005
    smtp.start()
    # The sweeper waits long enough not to race the first worker, and then
    # re-queues whatever the killed one left pending.
    processes = celery(
        **worker_settings(
            smtp, NOTIFICATION_SWEEP_SECONDS="2", NOTIFICATION_SWEEP_AFTER_SECONDS="10"
        )
    )
    doomed = processes.start_worker()
    processes.start_beat()

    assert wait_for(lambda: len(smtp.inbox) >= 1, timeout=90), processes.log()
    # The solo pool sends from the worker process itself: killing it stops the work.
    assert children_of(doomed.pid) == []
    assert wait_for(lambda: len(smtp.inbox) >= 40, every=0.005), processes.log()
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    received_at_kill = len(smtp.inbox)
    assert process_group(doomed.pid) == []  # no orphan left behind
    assert received_at_kill < 200, "the worker finished before it was killed"

    processes.start_worker()

    delivered = wait_for(all_sent(200), timeout=120)
    counts = tally(smtp.inbox)
    line = report({**counts, "received_at_kill": received_at_kill})
    assert delivered, f"{line}\n{processes.log()}"
    ids = smtp.inbox.message_ids()
    assert len(ids) == 200, line
    assert set(ids) == set(Notification.objects.values_list("message_id", flat=True)), line
    assert counts["delivered"] == counts["created"] == 200, line
    assert counts["duplicated"] <= 1, f"{line}: {[i for i, n in ids.items() if n > 1]}"
