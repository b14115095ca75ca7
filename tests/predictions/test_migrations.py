"""The migrations of this release, run both ways on the test database: the
API token's move to accounts, the due rounds of the outbox and the events'
hash chain."""

import datetime as dt

import pytest

from predictions import history
from predictions.models import PredictionEvent as CurrentEvent
from tests.support.migrations import LATEST, migrate_to

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def migrate():
    """Move the database to ``targets``; it is back at the latest state after."""
    yield migrate_to
    migrate_to(LATEST)


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


def test_existing_events_are_chained_in_the_order_they_are_shown(migrate):
    apps = migrate([("predictions", "0008_review_proposals_disputes_history")])
    User = apps.get_model("auth", "User")
    Person = apps.get_model("sources", "Person")
    Prediction = apps.get_model("predictions", "Prediction")
    PredictionEvent = apps.get_model("predictions", "PredictionEvent")
    alice = User.objects.create(username="alice")
    predictions = [
        Prediction.objects.create(
            claim=f"It happens ({n})",
            predictor=Person.objects.create(name=f"P{n}", slug=f"p{n}"),
            made_on="2026-01-01",
            resolves_on="2026-02-01",
        )
        for n in range(2)
    ]
    noon = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
    # Written out of order: the resolution's row comes first, an hour later.
    for prediction in predictions:
        PredictionEvent.objects.create(
            prediction=prediction, kind="resolved", at=noon + dt.timedelta(hours=1), actor=alice
        )
        PredictionEvent.objects.create(
            prediction=prediction, kind="filed", at=noon, data={"claim": "It happens"}
        )
    assert set(PredictionEvent.objects.values_list("hash", flat=True)) == {""}

    migrate(LATEST)

    for prediction in predictions:
        filed, resolved = CurrentEvent.objects.filter(prediction_id=prediction.pk)
        assert (filed.kind, filed.previous_hash) == ("filed", "")
        assert resolved.previous_hash == filed.hash
    assert history.verify() == history.Verification(2, 4, None)


def test_the_totals_are_counted_when_their_tables_are_made(migrate):
    apps = migrate([("predictions", "0013_list_indexes")])
    Person = apps.get_model("sources", "Person")
    Prediction = apps.get_model("predictions", "Prediction")
    Tag = apps.get_model("predictions", "Tag")
    pat = Person.objects.create(name="Pat", slug="pat")
    tag = Tag.objects.create(name="AI", slug="ai")
    for status, outcome, confidence in [
        ("open", "", None),
        ("resolved", "right", 0.7),
        ("resolved", "wrong", 0.7),
        ("withdrawn", "", None),
    ]:
        prediction = Prediction.objects.create(
            claim="It happens",
            predictor=pat,
            made_on="2026-01-01",
            resolves_on="2026-02-01",
            status=status,
            outcome=outcome,
            confidence=confidence,
            confidence_basis="" if confidence is None else "stated",
        )
        prediction.tags.add(tag)

    apps = migrate([("predictions", "0014_record_totals")])

    row = apps.get_model("predictions", "PersonTotals").objects.get(person_id=pat.pk)
    assert (row.name, row.predictions, row.open, row.resolved, row.withdrawn) == ("Pat", 3, 1, 2, 1)
    assert (row.brier_count, row.bin7, row.bin7_right, float(row.brier_sum)) == (2, 2, 1, 0.58)
    assert row.accuracy_low is not None and row.brier == 0.29
    tag_row = apps.get_model("predictions", "TagTotals").objects.get(tag_id=tag.pk)
    assert (tag_row.predictions, tag_row.right, tag_row.wrong) == (3, 1, 1)


def test_each_persons_tags_are_counted_when_their_table_is_made(migrate):
    apps = migrate([("predictions", "0016_api_person_index")])
    Person = apps.get_model("sources", "Person")
    Prediction = apps.get_model("predictions", "Prediction")
    Tag = apps.get_model("predictions", "Tag")
    pat = Person.objects.create(name="Pat", slug="pat")
    ai, energy = (
        Tag.objects.create(name="AI", slug="ai"),
        Tag.objects.create(name="Energy", slug="energy"),
    )
    for review_state, tags in [
        ("published", [ai]),
        ("published", [ai, energy]),
        ("pending", [energy]),
    ]:
        prediction = Prediction.objects.create(
            claim="It happens",
            predictor=pat,
            made_on="2026-01-01",
            resolves_on="2026-02-01",
            review_state=review_state,
        )
        prediction.tags.set(tags)

    apps = migrate([("predictions", "0017_person_tag_totals")])

    rows = apps.get_model("predictions", "PersonTagTotals").objects.order_by("tag__slug")
    # The claim awaiting review counts nowhere.
    assert [(row.person_id, row.tag.slug, row.predictions) for row in rows] == [
        (pat.pk, "ai", 2),
        (pat.pk, "energy", 1),
    ]
