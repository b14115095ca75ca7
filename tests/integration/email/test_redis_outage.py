"""With Redis stopped (the broker and the cache) the site still files and
resolves, the due check still writes the outbox, and once Redis is back, empty,
the sweeper sends everything that was owed, once."""

import datetime as dt
import subprocess
import sys

from django.utils import timezone

from predictions import services
from predictions.models import Follow, Notification, Prediction, Watch
from tests.integration.email.support import (
    PENDING,
    all_sent,
    due_prediction,
    logged,
    readers,
    report,
    tally,
    worker_settings,
)
from tests.support.api import client_for
from tests.support.factories import PersonFactory, UserFactory
from tests.support.markers import END_TO_END
from tests.support.redis_server import TIMEOUTS
from tests.support.worker import ROOT, wait_for

pytestmark = END_TO_END


def test_with_redis_stopped_the_site_answers_and_the_sweeper_delivers_after(
    own_redis, smtp, celery, settings, client
):
    filer = UserFactory.create(username="fiona")
    person = PersonFactory.create(name="A Mayor", account=filer)  # her own forecasts
    owed = due_prediction(predictor=person, filed_by=filer)
    Watch.objects.create(user=filer, prediction=owed)
    Follow.objects.bulk_create(Follow(user=user, person=person) for user in readers(5, "fan"))
    to_resolve = services.file_claim(
        filed_by=filer,
        claim="The Riverton bridge reopens",
        predictor=person,
        resolves_on=timezone.localdate() + dt.timedelta(days=30),
    )
    smtp.start()
    processes = celery(
        **worker_settings(
            smtp,
            REDIS_URL=own_redis.url,
            # The due check is the command below, run while Redis is down.
            DUE_CHECK_SECONDS="3600",
            NOTIFICATION_SWEEP_AFTER_SECONDS="2",
        )
    )
    processes.start_worker()
    processes.start_beat()
    # Beat, Redis and the worker work together: the sweeper has run once.
    swept = wait_for(lambda: logged(processes, "deliver_pending_notifications[", "succeeded"))
    assert swept, processes.log()

    own_redis.stop()
    # The site's cache is that Redis too, with throttling on (it counts in the cache).
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "hindsight",
            "OPTIONS": TIMEOUTS,
        }
    }
    settings.API_THROTTLE_RATES = {"anon": "60/min", "user": "600/min"}

    filed = client_for(filer).post(
        "/api/v1/predictions/",
        {
            "claim": "The tram line opens",
            "predictor": {"name": "A Mayor"},
            "made_on": timezone.localdate().isoformat(),
            "resolves_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        },
        format="json",
    )
    assert filed.status_code == 201, filed.content
    client.force_login(filer)
    resolved = client.post(
        f"/predictions/{to_resolve.pk}/resolve/",
        {"version": to_resolve.version, "outcome": "right", "note": "Opened on time."},
    )
    assert resolved.status_code == 302, resolved.content
    assert Prediction.objects.get(pk=to_resolve.pk).outcome == "right"
    check = subprocess.run(
        [sys.executable, "manage.py", "check_due"],
        cwd=ROOT,
        env=processes.environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr
    assert "1 prediction became due." in check.stdout, check.stdout + check.stderr
    assert "Could not queue" in check.stderr, check.stderr  # the broker was down
    waiting = Notification.objects.filter(prediction=owed)
    assert waiting.count() == 6
    assert set(waiting.values_list("status", "attempts")) == {(PENDING, 0)}

    own_redis.start()  # empty, on the same port: the queued tasks are gone

    delivered = wait_for(all_sent(6), timeout=90)
    counts = tally(smtp.inbox)
    line = report(counts)
    assert delivered, f"{line}\n{processes.log()}"
    assert counts["delivered"] == counts["created"] == 6, line
    assert len(smtp.inbox.message_ids()) == 6, line
    assert counts["duplicated"] == 0, line
