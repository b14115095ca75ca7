"""What one delivery costs does not grow with the predictions it lists: the
same number of URL reversals for an email of 2 items as for one of 10 (each
item's four outcome links share one reversal), and deliveries are queued
with a short countdown, so the batches of one due check coalesce into one
email per recipient."""

import socket
from unittest import mock

import pytest
from django.core import mail
from django.urls import resolvers, reverse

from predictions import notifications
from predictions.models import Notification
from predictions.notifications import links, outbox
from tests.predictions.notifications import support
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def owe(user, count: int) -> None:
    with mock.patch.object(outbox, "enqueue_deliveries"):
        support.owe(user, count)


def reversals_to_deliver(user) -> int:
    real = resolvers.URLResolver._reverse_with_prefix  # type: ignore[attr-defined]
    calls = 0

    def counted(self, *args, **kwargs):
        nonlocal calls
        calls += 1
        return real(self, *args, **kwargs)

    with mock.patch.object(resolvers.URLResolver, "_reverse_with_prefix", counted):
        delivery = notifications.deliver_notifications(recipient_id=user.pk)
    assert delivery.sent
    return calls


def test_url_reversals_of_an_email_do_not_grow_with_its_outcome_links(frozen_now):
    few, many = UserFactory(), UserFactory()
    owe(few, 2)
    owe(many, 10)

    # Each item reverses its page's URL (one per item); its outcome links
    # must not each reverse again.
    assert reversals_to_deliver(many) - reversals_to_deliver(few) <= 8
    assert len(mail.outbox) == 2


def test_a_resolve_url_is_the_one_reverse_gives(notification):
    url = links.resolve_url(notification, "right")
    token = url.split("/email/resolve/")[1].split("/?")[0]
    assert url.startswith(links.absolute(reverse("predictions:email-resolve", args=[token])))


def test_deliveries_are_queued_with_the_coalescing_countdown(settings):
    settings.NOTIFICATION_DELIVERY_DELAY_SECONDS = 7
    with mock.patch("predictions.tasks.deliver_notifications.apply_async") as queued:
        assert notifications.enqueue_deliveries([3, 4]) == 2
    assert [call.kwargs for call in queued.call_args_list] == [
        {"args": [3], "countdown": 7},
        {"args": [4], "countdown": 7},
    ]


def test_rows_written_while_a_delivery_waits_go_in_the_same_email(frozen_now, contributor):
    # Two batches of one due check, both committed before the delayed task runs.
    owe(contributor, 3)
    owe(contributor, 2)

    notifications.deliver_notifications(recipient_id=contributor.pk)

    assert len(mail.outbox) == 1
    assert Notification.objects.filter(status="sent").count() == 5


def test_a_recipient_whose_delivery_waits_is_not_queued_again(settings):
    settings.NOTIFICATION_DELIVERY_DELAY_SECONDS = 7
    with mock.patch("predictions.tasks.deliver_notifications.apply_async") as queued:
        notifications.enqueue_deliveries([3, 4])
        notifications.enqueue_deliveries([3, 5])  # the next batch of the same due check
        assert [call.kwargs["args"] for call in queued.call_args_list] == [[3], [4], [5]]
        outbox.delivery_started(3)  # its task claims: later rows need a task again
        notifications.enqueue_deliveries([3])
    assert [call.kwargs["args"] for call in queued.call_args_list] == [[3], [4], [5], [3]]


def test_with_the_cache_unreachable_every_recipient_is_queued(settings):
    # The site's cache answers add() with False when Redis is down, as it
    # does when the mark is there: that must not read as "already waiting".
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{unused_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with mock.patch("predictions.tasks.deliver_notifications.apply_async") as queued:
        notifications.enqueue_deliveries([3, 4])
        notifications.enqueue_deliveries([3])
    assert [call.kwargs["args"] for call in queued.call_args_list] == [[3], [4], [3]]


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
