"""Writing the outbox for many predictions at once (a backlog falling due):
a fixed number of queries to find the recipients, whatever their number, and
the rows inserted in bounded statements."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from predictions.models import Notification, Watch
from predictions.notifications import outbox
from tests.support.factories import PredictionFactory, UserFactory

pytestmark = pytest.mark.django_db


def watched(count: int, watchers: list) -> dict[int, int]:
    rounds = {}
    for _ in range(count):
        prediction = PredictionFactory.create(resolves_on=dt.date(2026, 3, 1))
        Watch.objects.bulk_create(Watch(user=user, prediction=prediction) for user in watchers)
        rounds[prediction.pk] = 1
    return rounds


def inserts(captured) -> int:
    return sum(1 for query in captured if query["sql"].startswith("INSERT"))


def test_the_queries_do_not_grow_with_the_predictions_or_recipients(frozen_now):
    few = watched(2, [UserFactory()])
    many = watched(20, [UserFactory() for _ in range(5)])

    with CaptureQueriesContext(connection) as small:
        outbox.write_notifications(few, Notification.Kind.DUE)
    with CaptureQueriesContext(connection) as large:
        outbox.write_notifications(many, Notification.Kind.DUE)

    assert len(large) == len(small) == 5  # four to find the recipients, one insert
    assert Notification.objects.count() == 2 + 100


def test_many_rows_are_inserted_in_bounded_statements(frozen_now, monkeypatch):
    monkeypatch.setattr(outbox, "INSERT_BATCH", 4)
    rounds = watched(5, [UserFactory(), UserFactory()])

    with CaptureQueriesContext(connection) as captured:
        outbox.write_notifications(rounds, Notification.Kind.DUE)

    assert inserts(captured) == 3  # 10 rows: 4, 4, 2
    assert Notification.objects.count() == 10
