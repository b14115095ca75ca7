"""mark_due queues each batch's deliveries as that batch commits, not once
the whole run is over, and each batch costs the same number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from predictions import services
from predictions.models import Prediction, Watch
from predictions.notifications import outbox
from tests.support.factories import PredictionFactory, UserFactory

DEADLINE = dt.date(2026, 3, 1)  # passed on frozen_now, 10 March 2026


def watched_due_predictions(count: int) -> list[int]:
    """``count`` open predictions past their deadline, each watched by its own
    user; returns the users' ids in deadline order."""
    users = []
    for day in range(count):
        prediction = PredictionFactory.create(
            made_on=dt.date(2026, 1, 1), resolves_on=DEADLINE - dt.timedelta(days=count - day)
        )
        user = UserFactory()
        Watch.objects.create(user=user, prediction=prediction)
        users.append(user.pk)
    return users


@pytest.mark.django_db(transaction=True)
def test_each_batch_is_queued_as_it_commits(frozen_now, monkeypatch):
    users = watched_due_predictions(5)
    queued: list[tuple[list[int], int]] = []

    def enqueue(recipient_ids: list[int]) -> int:
        # What is due (committed) when the delivery is queued.
        due_now = Prediction.objects.filter(status="due").count()
        queued.append((recipient_ids, due_now))
        return len(recipient_ids)

    monkeypatch.setattr(outbox, "enqueue_deliveries", enqueue)

    assert services.mark_due(batch_size=2) == 5

    assert queued == [(users[0:2], 2), (users[2:4], 4), (users[4:5], 5)]


@pytest.mark.django_db
def test_a_batch_costs_the_same_queries_however_many_it_holds(frozen_now):
    watched_due_predictions(2)
    with CaptureQueriesContext(connection) as small:
        assert services.mark_due(batch_size=2) == 2
    watched_due_predictions(6)
    with CaptureQueriesContext(connection) as large:
        assert services.mark_due(batch_size=6) == 6

    assert len(large) == len(small)


@pytest.mark.django_db
def test_the_batch_query_is_served_by_an_index(frozen_now):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN of PostgreSQL")
    watched_due_predictions(1)
    with CaptureQueriesContext(connection) as captured:
        services.mark_due()
    claim = next(q["sql"] for q in captured if "SKIP LOCKED" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {claim}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan
    assert "prediction_status_deadline" in plan
