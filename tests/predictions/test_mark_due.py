"""mark_due: a prediction becomes due once its whole deadline day has passed
in the site's time zone, exactly once, however often or late the job runs."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from predictions import services
from predictions.models import Notification, Prediction, PredictionEvent, Watch
from predictions.services import due as due_module
from tests.support.factories import PredictionFactory, UserFactory
from tests.support.markers import requires_postgres

# 11:00 UTC on 10 March 2026 is already 00:00 on 11 March in Auckland (UTC+13).
INSTANT = dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)


def prediction_due_on(day: dt.date) -> Prediction:
    return PredictionFactory.create(made_on=day - dt.timedelta(days=30), resolves_on=day)


@pytest.fixture
def auckland(settings):
    settings.TIME_ZONE = "Pacific/Auckland"
    with time_machine.travel(INSTANT, tick=False):
        yield


@pytest.mark.django_db
def test_yesterday_is_due_today_and_tomorrow_are_not(auckland):
    yesterday = prediction_due_on(dt.date(2026, 3, 10))  # already yesterday in Auckland
    today = prediction_due_on(dt.date(2026, 3, 11))
    tomorrow = prediction_due_on(dt.date(2026, 3, 12))

    assert services.mark_due() == 1

    statuses = dict(Prediction.objects.values_list("id", "status"))
    assert statuses == {yesterday.pk: "due", today.pk: "open", tomorrow.pk: "open"}


@pytest.mark.django_db
def test_the_site_time_zone_decides_not_utc(settings):
    """The same instant, the same deadline: due in Auckland, not yet in UTC."""
    deadline = dt.date(2026, 3, 10)
    with time_machine.travel(INSTANT, tick=False):
        settings.TIME_ZONE = "UTC"
        prediction = prediction_due_on(deadline)
        assert services.mark_due() == 0
        settings.TIME_ZONE = "Pacific/Auckland"
        assert services.mark_due() == 1
    prediction.refresh_from_db()
    assert prediction.status == "due"


@pytest.mark.django_db
def test_running_twice_flips_once_and_writes_one_event(auckland):
    prediction = prediction_due_on(dt.date(2026, 3, 1))

    assert services.mark_due() == 1
    assert services.mark_due() == 0

    prediction.refresh_from_db()
    assert prediction.status == "due"
    assert prediction.version == 2
    event = PredictionEvent.objects.get(prediction=prediction)
    assert event.kind == "became_due"
    assert event.actor is None
    assert event.data == {"resolves_on": "2026-03-01"}


@pytest.mark.django_db
def test_only_open_predictions_are_flipped(auckland):
    resolved = PredictionFactory.create(
        resolves_on=dt.date(2026, 2, 5), status="resolved", outcome="right"
    )
    withdrawn = PredictionFactory.create(resolves_on=dt.date(2026, 2, 5), status="withdrawn")

    assert services.mark_due() == 0
    resolved.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (resolved.status, withdrawn.status) == ("resolved", "withdrawn")


@pytest.mark.django_db
def test_a_late_run_catches_up_in_batches(auckland):
    """A job that did not run for a year still finds everything, batch by batch."""
    for day in range(7):
        prediction_due_on(dt.date(2025, 3, 1) + dt.timedelta(days=day))

    assert services.mark_due(batch_size=3) == 7
    assert set(Prediction.objects.values_list("status", flat=True)) == {"due"}
    assert PredictionEvent.objects.filter(kind="became_due").count() == 7


@pytest.mark.django_db
def test_a_row_changed_between_its_claim_and_its_flip_is_left_alone(auckland, monkeypatch):
    """The flip is a compare-and-set: only the rows its UPDATE really changed
    get a became_due event and owe an email. (On SQLite, which has no row
    locks, another process can write a claimed row before the UPDATE.)"""
    reader = UserFactory.create(username="wendy")
    flipped, resolved, moved = (prediction_due_on(dt.date(2026, 3, day)) for day in (1, 2, 3))
    for prediction in (flipped, resolved, moved):
        Watch.objects.create(user=reader, prediction=prediction)
    claim = due_module._claim

    def claim_then_change(today, batch_size):
        ids = claim(today, batch_size)
        Prediction.objects.filter(pk=resolved.pk).update(status="resolved", outcome="right")
        Prediction.objects.filter(pk=moved.pk).update(resolves_on=dt.date(2026, 4, 1))
        return ids

    monkeypatch.setattr(due_module, "_claim", claim_then_change)

    assert services.mark_due() == 1

    statuses = dict(Prediction.objects.values_list("id", "status"))
    assert statuses == {flipped.pk: "due", resolved.pk: "resolved", moved.pk: "open"}
    assert list(PredictionEvent.objects.values_list("prediction_id", "kind")) == [
        (flipped.pk, "became_due")
    ]
    assert list(Notification.objects.values_list("prediction_id", flat=True)) == [flipped.pk]


@pytest.mark.django_db
def test_the_due_check_uses_the_status_deadline_index():
    """The job's query matches an index, so it stays cheap on a large ledger."""
    sql = str(Prediction.objects.filter(status="open", resolves_on__lt=dt.date.today()).query)
    assert "status" in sql and "resolves_on" in sql
    index_fields = {tuple(index.fields) for index in Prediction._meta.indexes}
    assert ("status", "resolves_on") in index_fields


@pytest.mark.django_db
def test_check_due_command_runs_the_same_service(auckland, capsys):
    prediction_due_on(dt.date(2026, 3, 1))
    prediction_due_on(dt.date(2026, 3, 2))

    call_command("check_due")

    assert capsys.readouterr().out.splitlines() == [
        "2 predictions became due.",
        "0 reminders owed.",
    ]
    assert Prediction.objects.filter(status="due").count() == 2


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_never_flip_a_prediction_twice(auckland):
    for day in range(40):
        prediction_due_on(dt.date(2026, 1, 1) + dt.timedelta(days=day))
    results: list[int] = []
    start = threading.Barrier(2)

    def run():
        start.wait()
        try:
            results.append(services.mark_due(batch_size=5))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(results) == 40
    assert PredictionEvent.objects.filter(kind="became_due").count() == 40
    assert set(Prediction.objects.values_list("version", flat=True)) == {2}
