"""Events are written, never changed nor deleted: on PostgreSQL the
database's trigger refuses (raw SQL or the ORM), everywhere the model and its
QuerySet refuse, and so nothing may delete a prediction or an account that
history names."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from predictions import services
from predictions.models import AppendOnlyViolation, Prediction, PredictionEvent
from tests.support.factories import UserFactory
from tests.support.markers import requires_postgres

pytestmark = pytest.mark.django_db

TABLE = PredictionEvent._meta.db_table


@pytest.fixture
def resolved(editor, frozen_now):
    prediction = services.file_claim(
        filed_by=editor,
        claim="The bridge reopens",
        predictor="A Mayor",
        made_on=dt.date(2026, 2, 1),
        resolves_on=dt.date(2026, 3, 1),
    )
    return services.resolve_prediction(prediction=prediction, outcome="wrong", actor=editor)


def stored_events() -> list[tuple]:
    return list(
        PredictionEvent._base_manager.order_by("id").values_list(
            "id", "prediction_id", "kind", "actor_id", "data", "hash"
        )
    )


def refused_by_the_database(change) -> None:
    """``change`` fails with the trigger's message and leaves the events as they were."""
    before = stored_events()
    with (
        pytest.raises(IntegrityError, match="prediction events are append-only"),
        transaction.atomic(),
    ):
        change()
    assert stored_events() == before


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- PostgreSQL: the trigger ------------------------------------------------------


@requires_postgres
def test_raw_sql_may_not_update_an_event(resolved):
    event = resolved.events.get(kind="resolved")
    refused_by_the_database(
        lambda: raw(f"UPDATE {TABLE} SET data = '{{}}' WHERE id = %s", [event.pk])
    )


@requires_postgres
def test_raw_sql_may_not_delete_an_event(resolved):
    refused_by_the_database(
        lambda: raw(f"DELETE FROM {TABLE} WHERE prediction_id = %s", [resolved.pk])
    )


@requires_postgres
def test_the_orm_round_the_model_may_not_update_an_event(resolved):
    # The base manager is Django's plain one: only the trigger stands in its way.
    events = PredictionEvent._base_manager.filter(prediction=resolved)
    refused_by_the_database(lambda: events.update(kind="withdrawn"))


@requires_postgres
def test_the_orm_round_the_model_may_not_delete_an_event(resolved):
    # _raw_delete is how Django deletes rows without loading them or sending signals.
    events = PredictionEvent._base_manager.filter(prediction=resolved)
    refused_by_the_database(lambda: events._raw_delete(connection.alias))


# --- Everywhere (SQLite too): the model and its QuerySet -------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda event: event.save(), id="save"),
        pytest.param(lambda event: event.delete(), id="delete"),
        pytest.param(
            lambda event: PredictionEvent.objects.filter(pk=event.pk).update(data={}),
            id="queryset-update",
        ),
        pytest.param(
            lambda event: PredictionEvent.objects.filter(pk=event.pk).delete(),
            id="queryset-delete",
        ),
        pytest.param(lambda event: event.prediction.delete(), id="prediction-delete"),
        pytest.param(
            lambda event: Prediction.objects.filter(pk=event.prediction_id).delete(),
            id="prediction-queryset-delete",
        ),
    ],
)
def test_the_model_refuses_to_change_or_delete_an_event(resolved, change):
    event = resolved.events.get(kind="resolved")
    event.data = {"outcome": "right"}
    before = stored_events()

    with pytest.raises(AppendOnlyViolation, match="append-only"), transaction.atomic():
        change(event)

    assert stored_events() == before
    assert Prediction.objects.filter(pk=resolved.pk).exists()


def test_new_events_are_still_written(resolved, editor):
    services.reopen_prediction(prediction=resolved, actor=editor, reason="Too early.")
    assert list(resolved.events.values_list("kind", flat=True)) == [
        "filed",
        "resolved",
        "reopened",
    ]


# --- Accounts with history are deactivated, not deleted ---------------------------


def test_an_account_named_on_an_event_cannot_be_deleted(resolved, editor):
    with pytest.raises(ProtectedError), transaction.atomic():
        editor.delete()

    editor.refresh_from_db()
    assert resolved.events.filter(actor=editor).count() == 2


def test_an_account_without_history_can_be_deleted(resolved):
    reader = UserFactory(username="reader")
    reader.delete()
    assert not type(reader).objects.filter(username="reader").exists()


# --- The admin --------------------------------------------------------------------


def test_the_admin_offers_no_delete_for_predictions_or_events(client, staff, resolved):
    client.force_login(staff)
    event = resolved.events.first()
    assert event is not None

    prediction_delete = reverse("admin:predictions_prediction_delete", args=[resolved.pk])
    event_delete = reverse("admin:predictions_predictionevent_delete", args=[event.pk])
    event_page = client.get(reverse("admin:predictions_predictionevent_change", args=[event.pk]))

    assert client.get(prediction_delete).status_code == 403
    assert client.post(prediction_delete, {"post": "yes"}).status_code == 403
    assert client.get(event_delete).status_code == 403
    assert event_page.status_code == 200
    assert event.hash in event_page.content.decode()
    assert Prediction.objects.filter(pk=resolved.pk).exists()
