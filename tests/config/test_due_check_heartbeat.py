"""The due check records when it last completed, in the database, whether
beat runs it or cron runs `manage.py check_due`: the health check's sign that
beat and the workers are alive."""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from predictions import heartbeats, tasks
from predictions.models import Heartbeat

pytestmark = pytest.mark.django_db


def test_the_due_task_records_when_it_completed(frozen_now):
    assert heartbeats.last_completed(heartbeats.DUE_CHECK) is None

    tasks.check_due_predictions()
    first = timezone.now()
    frozen_now.shift(dt.timedelta(minutes=5))
    tasks.check_due_predictions()

    assert heartbeats.last_completed(heartbeats.DUE_CHECK) == first + dt.timedelta(minutes=5)
    assert Heartbeat.objects.count() == 1


def test_the_command_records_it_too(frozen_now):
    call_command("check_due")

    assert heartbeats.last_completed(heartbeats.DUE_CHECK) == timezone.now()


def test_a_due_check_that_fails_records_nothing(frozen_now):
    with (
        mock.patch("predictions.services.mark_due", side_effect=RuntimeError("db gone")),
        pytest.raises(RuntimeError),
    ):
        tasks.check_due_predictions()

    assert heartbeats.last_completed(heartbeats.DUE_CHECK) is None
