"""Beat's schedule names tasks the workers know, under the names that
messages already on the broker were sent with."""

from django.conf import settings

from config.celery import app


def registered_tasks() -> set[str]:
    app.loader.import_default_modules()  # what a worker imports at start-up
    return set(app.tasks)


def test_every_scheduled_task_is_one_the_workers_know():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled == {
        "predictions.tasks.check_due_predictions",
        "predictions.tasks.deliver_pending_notifications",
        "accounts.tasks.send_pending_account_emails",
        "predictions.tasks.prune_outbox",
        "accounts.tasks.prune_account_emails",
        "sources.tasks.capture_pending",
    }
    assert scheduled <= registered_tasks()


def test_the_task_names_have_not_changed():
    assert {
        "predictions.tasks.check_due_predictions",
        "predictions.tasks.deliver_notifications",
        "predictions.tasks.deliver_pending_notifications",
        "predictions.tasks.send_account_email",
        "accounts.tasks.deliver_account_email",
        "accounts.tasks.send_pending_account_emails",
        "sources.tasks.capture_source",
        "sources.tasks.capture_pending",
        "transfer.tasks.run_import",
    } <= registered_tasks()
