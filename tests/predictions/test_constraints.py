"""The database itself refuses what the ledger's rules forbid, whatever code
writes to it. Each case names the constraint PostgreSQL reports."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from predictions.models import Notification, Prediction, Watch
from sources.models import Person, Source
from tests.support.factories import PersonFactory, PredictionFactory, SourceFactory, UserFactory
from tests.support.markers import requires_postgres

pytestmark = [pytest.mark.django_db, requires_postgres]


def refused(constraint: str, write) -> None:
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        write()
    assert constraint in str(error.value)


@pytest.mark.parametrize("confidence", [-0.01, 1.01, 7])
def test_confidence_outside_zero_to_one_is_refused(confidence):
    refused("prediction_confidence_range", lambda: PredictionFactory.create(confidence=confidence))


@pytest.mark.parametrize("confidence", [None, 0, 0.5, 1])
def test_confidence_inside_the_range_or_unknown_is_kept(confidence):
    assert PredictionFactory.create(confidence=confidence).pk


def test_deadline_before_the_day_it_was_said_is_refused():
    refused(
        "prediction_deadline_after_made",
        lambda: PredictionFactory.create(
            made_on=dt.date(2026, 1, 5), resolves_on=dt.date(2026, 1, 4)
        ),
    )


def test_deadline_on_the_day_it_was_said_is_allowed():
    assert PredictionFactory.create(made_on=dt.date(2026, 1, 5), resolves_on=dt.date(2026, 1, 5)).pk


def test_outcome_without_resolution_is_refused():
    refused(
        "prediction_outcome_iff_resolved",
        lambda: PredictionFactory.create(status="open", outcome="right"),
    )


def test_resolution_without_outcome_is_refused():
    refused(
        "prediction_outcome_iff_resolved",
        lambda: PredictionFactory.create(status="resolved", outcome=""),
    )


def test_unknown_outcome_is_refused():
    refused(
        "prediction_outcome_iff_resolved",
        lambda: PredictionFactory.create(status="resolved", outcome="maybe"),
    )


def test_unknown_status_is_refused():
    refused("prediction_status_valid", lambda: PredictionFactory.create(status="pending"))


def test_person_slug_is_unique():
    PersonFactory.create(slug="sam-altman")
    refused("person_unique_slug", lambda: PersonFactory.create(slug="sam-altman"))


def test_person_kind_is_checked():
    refused("person_kind_valid", lambda: PersonFactory.create(kind="robot"))


def test_source_url_is_unique():
    SourceFactory.create(url="https://example.com/a")
    refused("source_unique_url", lambda: SourceFactory.create(url="https://example.com/a"))


def test_many_sources_may_have_no_url():
    SourceFactory.create(url="")
    SourceFactory.create(url="")
    assert Source.objects.filter(url="").count() == 2


def test_statement_needs_words():
    from tests.support.factories import StatementFactory

    refused("statement_text_not_empty", lambda: StatementFactory.create(text=""))


def test_one_watch_per_user_and_prediction():
    user, prediction = UserFactory.create(), PredictionFactory.create()
    Watch.objects.create(user=user, prediction=prediction)
    refused("watch_unique", lambda: Watch.objects.create(user=user, prediction=prediction))


def test_one_follow_per_user_and_person():
    from predictions.models import Follow

    user, person = UserFactory.create(), PersonFactory.create()
    Follow.objects.create(user=user, person=person)
    refused("follow_unique", lambda: Follow.objects.create(user=user, person=person))


def test_one_notification_per_recipient_prediction_kind_and_sequence():
    user, prediction = UserFactory.create(), PredictionFactory.create()
    Notification.objects.create(recipient=user, prediction=prediction, kind="due")
    refused(
        "notification_unique_per_recipient",
        lambda: Notification.objects.create(recipient=user, prediction=prediction, kind="due"),
    )
    # A reminder is another notification.
    Notification.objects.create(
        recipient=user, prediction=prediction, kind="overdue_reminder", sequence=1
    )
    assert Notification.objects.count() == 2


def test_notification_sequence_follows_its_kind():
    user, prediction = UserFactory.create(), PredictionFactory.create()
    refused(
        "notification_sequence_matches_kind",
        lambda: Notification.objects.create(
            recipient=user, prediction=prediction, kind="due", sequence=1
        ),
    )
    refused(
        "notification_sequence_matches_kind",
        lambda: Notification.objects.create(
            recipient=user, prediction=prediction, kind="overdue_reminder", sequence=0
        ),
    )


def test_notification_status_is_checked():
    refused(
        "notification_status_valid",
        lambda: Notification.objects.create(
            recipient=UserFactory.create(),
            prediction=PredictionFactory.create(),
            kind="due",
            status="lost",
        ),
    )


def test_the_constraints_are_in_the_database_not_only_in_django():
    """A raw UPDATE that bypasses the ORM is refused too."""
    prediction = PredictionFactory.create()
    from django.db import connection

    with pytest.raises(IntegrityError) as error, transaction.atomic(), connection.cursor() as c:
        c.execute(
            "UPDATE predictions_prediction SET confidence = 2, confidence_basis = 'stated' "
            "WHERE id = %s",
            [prediction.pk],
        )
    assert "prediction_confidence_range" in str(error.value)
    assert Prediction.objects.get(pk=prediction.pk).confidence is None
    assert Person.objects.count() == 1
