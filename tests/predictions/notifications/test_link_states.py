"""open_resolve_link: the state an outcome link is in when it is opened, read
straight from the service (the pages for each state are test_resolve_link*)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from predictions import services
from predictions.notifications.link_states import LinkState, OpenedLink, open_resolve_link
from tests.predictions.notifications.resolve_links import link, notify, token_of
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def opened(notification, *, outcome="wrong", named="wrong", user=ANONYMOUS):
    token = token_of(link(notification, outcome))
    return open_resolve_link(token=token, outcome=named, user=user)


def test_a_fresh_link_is_ready_and_names_what_it_is_about(notification, prediction, contributor):
    result = opened(notification)

    assert isinstance(result, OpenedLink)
    assert (result.state, result.outcome) == (LinkState.READY, "wrong")
    assert (result.prediction.pk, result.recipient.pk) == (prediction.pk, contributor.pk)


def test_the_address_without_an_outcome_takes_the_tokens(notification):
    assert opened(notification, named=None).state == LinkState.READY


def test_an_outcome_in_the_address_that_is_not_the_tokens_is_invalid(notification):
    assert opened(notification, outcome="wrong", named="right") == LinkState.INVALID


def test_a_token_that_was_changed_is_invalid(notification):
    token = token_of(link(notification)) + "x"
    assert open_resolve_link(token=token, outcome=None, user=ANONYMOUS) == LinkState.INVALID


def test_its_recipient_gone_inactive_means_gone(notification, contributor):
    contributor.is_active = False
    contributor.save()

    assert opened(notification) == LinkState.GONE


def test_once_resolved_it_is_settled(notification, prediction, editor):
    services.resolve_prediction(prediction=prediction, actor=editor, outcome="right")

    assert opened(notification).state == LinkState.SETTLED


def test_someone_else_signed_in_is_told_so(notification, other_contributor):
    assert opened(notification, user=other_contributor).state == LinkState.SOMEONE_ELSES


def test_the_recipient_signed_in_is_ready(notification, contributor):
    assert opened(notification, user=contributor).state == LinkState.READY


def test_a_recipient_who_may_not_resolve_it_proposes(prediction, other_contributor):
    # bob watches alice's prediction: he is told it is due, but only alice (it
    # is her own forecast) or an editor records the outcome; bob proposes one.
    bobs = opened(notify(other_contributor, prediction))

    assert bobs.state == LinkState.READY
    assert bobs.proposing is True
    assert opened(notify(prediction.filed_by, prediction)).proposing is False


def test_a_recipient_who_may_no_longer_contribute_is_not_permitted(prediction, other_contributor):
    bobs = notify(other_contributor, prediction)
    other_contributor.user_permissions.clear()  # an editor made bob read-only

    assert opened(bobs).state == LinkState.NOT_PERMITTED


def test_a_proposal_made_since_the_email_spends_the_other_links(
    prediction, other_contributor, editor
):
    bobs = notify(other_contributor, prediction)
    carols = notify(UserFactory(username="carol"), prediction)
    services.propose_outcome(
        prediction=prediction,
        actor=carols.recipient,
        outcome="wrong",
        evidence_url="https://news.example.com/still-closed",
    )

    assert opened(bobs).state == LinkState.SETTLED
