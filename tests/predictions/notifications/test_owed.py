"""Who is owed a due email when a prediction comes due: written in the same
transaction as the flip, once per recipient and due round, and queued for
delivery once everything has committed."""

import datetime as dt

import pytest
from django.core import mail

from predictions import notifications, services
from predictions.models import (
    EmailPreferences,
    Follow,
    Notification,
    PredictionEvent,
    TagFollow,
    Watch,
)
from predictions.notifications.outbox import due_rounds, recipients_for, write_notifications
from predictions.services import due as due_module
from tests.predictions.notifications.support import owed
from tests.support.factories import PredictionFactory, UserFactory, make_editor

pytestmark = pytest.mark.django_db


def test_the_flip_owes_one_due_email_per_recipient(due_prediction, contributor):
    watcher = UserFactory.create(username="wendy")
    Watch.objects.create(user=watcher, prediction=due_prediction)
    Follow.objects.create(user=UserFactory.create(username="pat"), person=due_prediction.predictor)
    TagFollow.objects.create(
        user=UserFactory.create(username="tess"), tag=due_prediction.tags.get()
    )
    # Watching and following at once is still one email.
    Follow.objects.create(user=watcher, person=due_prediction.predictor)
    Watch.objects.create(
        user=UserFactory.create(username="noaddress", email=""), prediction=due_prediction
    )
    Watch.objects.create(
        user=UserFactory.create(username="gone", is_active=False), prediction=due_prediction
    )
    opted_out = UserFactory.create(username="quiet")
    Watch.objects.create(user=opted_out, prediction=due_prediction)
    EmailPreferences.objects.create(user=opted_out, due_emails=False)
    PredictionFactory.create(resolves_on=dt.date(2026, 4, 1), filed_by=contributor)  # not due yet

    assert services.mark_due() == 1

    pk = due_prediction.pk
    assert owed() == {("alice", pk), ("wendy", pk), ("pat", pk), ("tess", pk)}
    assert set(Notification.objects.values_list("status", "due_round", "sequence")) == {
        ("pending", 1, 0)
    }


def test_an_account_that_may_not_contribute_is_owed_no_due_email(due_prediction):
    """Unconfirmed accounts cannot watch or follow, but one made read-only
    afterwards keeps its watches: it gets no mail but its confirmation."""
    revoked = UserFactory.create(username="revoked")
    Watch.objects.create(user=revoked, prediction=due_prediction)
    revoked.user_permissions.clear()
    editor = make_editor(UserFactory.create(username="ed", verified=False))  # by the group
    Follow.objects.create(user=editor, person=due_prediction.predictor)
    staff = UserFactory.create(username="staffer", is_staff=True, verified=False)
    Watch.objects.create(user=staff, prediction=due_prediction)

    services.mark_due()

    pk = due_prediction.pk
    assert owed() == {("alice", pk), ("ed", pk), ("staffer", pk)}


def test_writing_the_same_rounds_email_twice_owes_it_once(due_prediction):
    services.mark_due()
    rounds = due_rounds([due_prediction.pk])

    assert rounds == {due_prediction.pk: 1}
    write_notifications(rounds, Notification.Kind.DUE)
    assert Notification.objects.count() == 1


def test_a_deadline_moved_later_and_passed_again_owes_a_second_due_email(
    due_prediction, contributor, frozen_now, editor
):
    services.mark_due()
    notifications.deliver_notifications(recipient_id=contributor.pk)
    # The predictor said "by the end of March" after all: open again...
    services.edit_prediction(
        prediction=due_prediction, actor=editor, changes={"resolves_on": dt.date(2026, 3, 31)}
    )
    assert services.mark_due() == 0
    frozen_now.shift(dt.timedelta(days=22))  # ...and 31 March has passed too

    assert services.mark_due() == 1
    delivery = notifications.deliver_notifications(recipient_id=contributor.pk)

    assert delivery.sent == 1
    assert [m.subject for m in mail.outbox] == [f"Did it happen? “{due_prediction.claim}”"] * 2
    assert list(Notification.objects.order_by("due_round").values_list("due_round", "status")) == [
        (1, "sent"),
        (2, "sent"),
    ]
    assert due_prediction.events.filter(kind="became_due").count() == 2


def test_an_email_still_unsent_from_an_earlier_round_is_cancelled_not_sent_twice(
    due_prediction, contributor, frozen_now, editor
):
    services.mark_due()  # round 1 owes an email, still unsent (say SMTP was down)
    services.edit_prediction(
        prediction=due_prediction, actor=editor, changes={"resolves_on": dt.date(2026, 3, 31)}
    )
    frozen_now.shift(dt.timedelta(days=22))
    services.mark_due()  # round 2 owes its own

    delivery = notifications.deliver_notifications(recipient_id=contributor.pk)

    assert (delivery.sent, delivery.cancelled) == (1, 1)
    [message] = mail.outbox
    assert message.subject == f"Did it happen? “{due_prediction.claim}”"  # one prediction
    assert list(Notification.objects.order_by("due_round").values_list("due_round", "status")) == [
        (1, "cancelled"),
        (2, "sent"),
    ]


def test_if_the_outbox_write_fails_the_flip_is_undone_too(due_prediction, monkeypatch):
    def write_then_fail(rounds, kind):
        Notification.objects.bulk_create(
            [
                Notification(recipient=due_prediction.filed_by, prediction_id=pk, kind=kind)
                for pk in rounds
            ]
        )
        raise RuntimeError("the database went away")

    monkeypatch.setattr(due_module, "write_notifications", write_then_fail)

    with pytest.raises(RuntimeError):
        services.mark_due()

    due_prediction.refresh_from_db()
    assert due_prediction.status == "open"
    assert not PredictionEvent.objects.exists()
    assert not Notification.objects.exists()


def test_deliveries_are_queued_once_per_recipient_as_each_batch_commits(
    frozen_now, contributor, monkeypatch, django_capture_on_commit_callbacks
):
    for day in (1, 2, 3):
        prediction = PredictionFactory.create(
            resolves_on=dt.date(2026, 3, day), filed_by=contributor
        )
        Watch.objects.create(user=contributor, prediction=prediction)
    queued: list[list[int]] = []
    monkeypatch.setattr(
        "predictions.notifications.outbox.enqueue_deliveries", lambda ids: queued.append(ids)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.mark_due(batch_size=2)  # two batches: one delivery each

    # Once per recipient in each batch, as it commits: the first email leaves
    # while later batches are still being written.
    assert queued == [[contributor.pk], [contributor.pk]]


def test_asked_about_some_users_it_answers_for_those_alone(due_prediction):
    watcher = UserFactory.create(username="wendy")
    Watch.objects.create(user=watcher, prediction=due_prediction)
    follower = UserFactory.create(username="pat")
    Follow.objects.create(user=follower, person=due_prediction.predictor)
    tag_follower = UserFactory.create(username="tess")
    TagFollow.objects.create(user=tag_follower, tag=due_prediction.tags.get())
    quiet = UserFactory.create(username="quiet")
    Follow.objects.create(user=quiet, person=due_prediction.predictor)
    EmailPreferences.objects.create(user=quiet, due_emails=False)
    stranger = UserFactory.create(username="stranger")
    pk, kind = due_prediction.pk, Notification.Kind.DUE

    everyone = recipients_for([pk], kind)[pk]
    assert {watcher.pk, follower.pk, tag_follower.pk} <= everyone
    for user in (watcher, follower, tag_follower):
        assert recipients_for([pk], kind, among=[user.pk]) == {pk: {user.pk}}
    for user in (quiet, stranger):
        assert recipients_for([pk], kind, among=[user.pk]) == {}
    assert recipients_for([pk], kind, among=[watcher.pk, stranger.pk, follower.pk]) == {
        pk: {watcher.pk, follower.pk}
    }
