"""A real Celery worker with beat, on the test Redis and PostgreSQL, flips a
due prediction by itself: the production path, end to end."""

import datetime as dt

import pytest
from django.conf import settings

from predictions.models import Prediction
from predictions.tasks import check_due_predictions
from tests.support.factories import PredictionFactory
from tests.support.markers import requires_postgres, requires_redis
from tests.support.worker import CeleryProcesses, purge_broker, wait_for


@pytest.fixture
def worker_with_beat(tmp_path):
    purge_broker(settings.REDIS_URL)
    celery = CeleryProcesses(tmp_path, DUE_CHECK_SECONDS="1")
    try:
        celery.start_worker()
        celery.start_beat()
        yield celery
    finally:
        celery.stop()
        purge_broker(settings.REDIS_URL)


@requires_postgres
@requires_redis
@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_and_beat_flip_a_due_prediction(worker_with_beat):
    yesterday = dt.date.today() - dt.timedelta(days=2)
    due = PredictionFactory.create(made_on=yesterday - dt.timedelta(days=30), resolves_on=yesterday)
    later = PredictionFactory.create(resolves_on=dt.date.today() + dt.timedelta(days=30))

    flipped = wait_for(lambda: Prediction.objects.get(pk=due.pk).status == "due")

    log = worker_with_beat.log()
    assert flipped, f"the worker did not flip the prediction; its log:\n{log}"
    assert "predictions.tasks.check_due_predictions" in log
    assert Prediction.objects.get(pk=later.pk).status == "open"
    assert list(Prediction.objects.get(pk=due.pk).events.values_list("kind", flat=True)) == [
        "became_due"
    ]


@pytest.mark.django_db
def test_the_task_calls_mark_due():
    yesterday = dt.date.today() - dt.timedelta(days=2)
    PredictionFactory.create(made_on=yesterday - dt.timedelta(days=1), resolves_on=yesterday)

    assert check_due_predictions.apply().get() == 1
    assert Prediction.objects.get().status == "due"
