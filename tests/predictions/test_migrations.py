"""The migrations of this release, run both ways on the test database: the
API token's move to accounts and the due rounds of the outbox."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

LATEST = [("predictions", "0007_notification_due_round"), ("accounts", "0003_unique_email_address")]


@pytest.fixture
def migrate():
    """Move the database to ``targets``; it is back at the latest state after."""

    def to(targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield to
    to(LATEST)


def test_the_tokens_content_type_moves_with_it(migrate):
    apps = migrate([("predictions", "0004_notification_claims")])
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(model="apitoken").delete()
    before = ContentType.objects.create(app_label="predictions", model="apitoken")

    apps = migrate(LATEST)

    ContentType = apps.get_model("contenttypes", "ContentType")
    moved = ContentType.objects.get(model="apitoken")
    assert (moved.pk, moved.app_label) == (before.pk, "accounts")

    apps = migrate([("predictions", "0004_notification_claims"), ("accounts", "0001_initial")])
    back = apps.get_model("contenttypes", "ContentType").objects.get(model="apitoken")
    assert (back.pk, back.app_label) == (before.pk, "predictions")


def test_going_back_before_due_rounds_keeps_each_emails_latest_round(migrate):
    apps = migrate(LATEST)
    User = apps.get_model("auth", "User")
    Person = apps.get_model("sources", "Person")
    Prediction = apps.get_model("predictions", "Prediction")
    Notification = apps.get_model("predictions", "Notification")
    alice = User.objects.create(username="alice")
    prediction = Prediction.objects.create(
        claim="It happens",
        predictor=Person.objects.create(name="A", slug="a"),
        made_on="2026-01-01",
        resolves_on="2026-02-01",
    )
    _first, second = (
        Notification.objects.create(
            recipient=alice, prediction=prediction, kind="due", due_round=due_round
        )
        for due_round in (1, 2)
    )

    apps = migrate([("predictions", "0006_editor_permission")])

    Notification = apps.get_model("predictions", "Notification")
    assert list(Notification.objects.values_list("pk", flat=True)) == [second.pk]
