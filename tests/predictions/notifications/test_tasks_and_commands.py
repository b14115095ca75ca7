"""The Celery tasks and the commands that do the same work without Celery."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from config.celery import app as celery_app
from predictions import services, tasks
from predictions.models import Notification
from tests.predictions.notifications.support import closed_port_mailer
from tests.support.ports import free_port

pytestmark = pytest.mark.django_db


def test_the_delivery_task_sends_and_the_sweeper_queues(due_prediction, frozen_now, settings):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 60
    services.mark_due()
    queued: list[int] = []
    celery_app.conf.task_always_eager = True
    try:
        frozen_now.shift(dt.timedelta(minutes=2))
        with mock.patch.object(
            tasks.deliver_notifications,
            "apply_async",
            lambda args, countdown: queued.append(args[0]),
        ):
            assert tasks.deliver_pending_notifications.apply().get() == 1
        assert queued == [due_prediction.filed_by_id]
        assert tasks.deliver_notifications.apply(args=[queued[0]]).get() == 1
    finally:
        celery_app.conf.task_always_eager = False
    assert len(mail.outbox) == 1


def test_the_commands_work_without_celery(due_prediction, frozen_now, capsys):
    call_command("check_due")
    call_command("send_pending")

    out = capsys.readouterr().out.splitlines()
    assert out == [
        "1 prediction became due.",
        "0 reminders owed.",
        "Sent 1 notification(s); cancelled 0 no longer owed; 0 recipient(s) failed.",
    ]
    assert len(mail.outbox) == 1
    assert Notification.objects.get().status == "sent"


def test_send_pending_reports_a_failure_and_exits_non_zero(due_prediction, settings, capsys):
    settings.MAILERS = closed_port_mailer(free_port())
    services.mark_due()

    with pytest.raises(SystemExit) as exit_:
        call_command("send_pending")

    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert "1 recipient(s) failed" in captured.out
    assert "ConnectionRefusedError" in captured.err
    assert Notification.objects.get().attempts == 1
