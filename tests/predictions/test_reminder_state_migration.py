"""Migration 0015 moves the reminder state from the outbox's history onto each
due prediction: the round's last reminder and when the next is owed, as the
reminder check used to work them out on every run."""

import datetime as dt

import pytest

from tests.support.migrations import LATEST, migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("predictions", "0014_record_totals")]
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@pytest.fixture
def migrate():
    yield migrate_to
    migrate_to(LATEST)


def test_the_state_is_read_from_the_events_and_the_outbox(migrate):
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Person = apps.get_model("sources", "Person")
    Prediction = apps.get_model("predictions", "Prediction")
    PredictionEvent = apps.get_model("predictions", "PredictionEvent")
    Notification = apps.get_model("predictions", "Notification")
    alice = User.objects.create(username="alice", email="alice@example.com")
    predictor = Person.objects.create(name="A", slug="a")

    def prediction(name: str, status: str = "due") -> int:
        return Prediction.objects.create(
            claim=name, predictor=predictor, made_on="2026-01-01", resolves_on="2026-02-01",
            status=status,
        ).pk  # fmt: skip

    def event(pk: int, kind: str, at: dt.datetime) -> None:
        n = PredictionEvent.objects.filter(prediction_id=pk).count()
        PredictionEvent.objects.create(
            prediction_id=pk, kind=kind, at=at, previous_hash=f"{n:064d}", hash=f"{n + 1:064d}"
        )

    def reminder(pk: int, round_: int, sequence: int, at: dt.datetime) -> None:
        row = Notification.objects.create(
            recipient=alice, prediction_id=pk, kind="overdue_reminder", status="sent",
            due_round=round_, sequence=sequence,
        )  # fmt: skip
        Notification.objects.filter(pk=row.pk).update(created_at=at)

    twice = prediction("Reminded twice")
    event(twice, "became_due", NOW - 20 * DAY)
    reminder(twice, 1, 1, NOW - 13 * DAY)
    reminder(twice, 1, 2, NOW - 6 * DAY)
    reopened = prediction("Reopened after one reminder")
    event(reopened, "became_due", NOW - 30 * DAY)
    reminder(reopened, 1, 1, NOW - 23 * DAY)
    event(reopened, "reopened", NOW - 2 * DAY)
    spent = prediction("All four sent")
    event(spent, "became_due", NOW - 40 * DAY)
    for sequence in range(1, 5):
        reminder(spent, 1, sequence, NOW - (40 - 7 * sequence) * DAY)
    new_round = prediction("Due again: the old round's reminders do not count")
    event(new_round, "became_due", NOW - 60 * DAY)
    reminder(new_round, 1, 3, NOW - 40 * DAY)
    event(new_round, "became_due", NOW - 1 * DAY)
    open_one = prediction("Still open", status="open")

    apps = migrate(LATEST)

    Prediction = apps.get_model("predictions", "Prediction")
    state = {
        pk: (sequence, next_at)
        for pk, sequence, next_at in Prediction.objects.values_list(
            "pk", "reminder_sequence", "next_reminder_at"
        )
    }
    assert state[twice] == (2, NOW + DAY)
    assert state[reopened] == (1, NOW + 5 * DAY)
    assert state[spent] == (4, None)
    assert state[new_round] == (0, NOW + 6 * DAY)
    assert state[open_one] == (0, None)
