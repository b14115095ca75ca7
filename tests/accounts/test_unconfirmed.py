"""An account whose address is not confirmed may sign in and browse, but the
claim form, the watch button and the follow buttons say what to do instead
(403 with predictions.rules.UNCONFIRMED), and store nothing. Stopping a watch
or a follow needs no confirmation."""

import pytest
from django.urls import reverse

from predictions import rules
from predictions.models import Follow, Prediction, Tag, TagFollow, Watch
from tests.support.factories import PersonFactory, PredictionFactory, UserFactory
from tests.support.html import Page, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def erin(client):
    user = UserFactory(username="erin", verified=False)
    client.force_login(user)
    return user


def test_the_claim_form_says_to_confirm_first(client, erin):
    for response in (
        client.get(reverse("predictions:new")),
        client.post(reverse("predictions:new"), {"claim": "It happens"}),
    ):
        assert response.status_code == 403
        page = Page(response.content.decode())
        assert text_of(page.one("h1")) == "Confirm your email address first"
        assert text_of(page.one("[role=alert]")) == rules.UNCONFIRMED
        assert page.select(f'a[href="{reverse("accounts:account")}"]')
    assert not Prediction.objects.exists()


@pytest.mark.parametrize(
    ("url", "rows"),
    [
        (lambda: reverse("predictions:watch", args=[PredictionFactory().pk]), Watch.objects),
        (
            lambda: reverse("predictions:follow-person", args=[PersonFactory().slug]),
            Follow.objects,
        ),
        (lambda: reverse("predictions:follow-tag", args=["climate"]), TagFollow.objects),
    ],
    ids=["watch", "follow a person", "follow a tag"],
)
def test_watching_and_following_say_to_confirm_first(client, erin, url, rows):
    Tag.objects.create(name="climate", slug="climate")

    response = client.post(url())

    assert response.status_code == 403
    main = text_of(Page(response.content.decode()).one("main"))
    # Said once: the refusal says how to confirm, and no second paragraph repeats it.
    assert rules.UNCONFIRMED in main
    assert "your account page can send the link again" not in main
    assert not rows.exists()


def test_stopping_a_watch_needs_no_confirmation(client, erin):
    prediction = PredictionFactory()
    Watch.objects.create(user=erin, prediction=prediction)

    response = client.post(reverse("predictions:unwatch", args=[prediction.pk]))

    assert response.status_code == 302
    assert not Watch.objects.exists()


def test_an_unconfirmed_account_may_browse(client, erin):
    prediction = PredictionFactory()
    assert client.get(reverse("predictions:list")).status_code == 200
    assert client.get(prediction.get_absolute_url()).status_code == 200
    assert client.get(reverse("accounts:account")).status_code == 200
