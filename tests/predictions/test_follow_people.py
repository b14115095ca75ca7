"""Following a person: a signed-in reader follows and unfollows from the
person's page (a POST with the CSRF token); an anonymous one is sent to sign
in and back."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from predictions.demo import load_demo
from predictions.models import Follow
from sources.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(frozen_now):
    load_demo()


def test_anonymous_reader_is_invited_to_sign_in(client, demo):
    response = client.get("/people/sam-altman/")

    assertContains(
        response, '<a href="/accounts/login/?next=/people/sam-altman/">Sign in</a>', html=True
    )
    assertNotContains(response, "/people/sam-altman/follow/")


def test_signed_in_reader_follows_and_unfollows(client, contributor, demo):
    client.force_login(contributor)
    altman = Person.objects.get(slug="sam-altman")
    page = client.get("/people/sam-altman/")
    assertContains(
        page,
        '<form method="post" action="/people/sam-altman/follow/" class="follow">',
    )

    response = client.post("/people/sam-altman/follow/", follow=True)

    assertRedirects(response, "/people/sam-altman/")
    assert Follow.objects.filter(user=contributor, person=altman).exists()
    assertContains(
        response, "You follow Sam Altman: you will hear when their predictions fall due."
    )
    assertContains(response, '<button type="submit">Unfollow</button>', html=True)
    assertContains(response, 'action="/people/sam-altman/unfollow/"')

    # Following twice is still one follow.
    client.post("/people/sam-altman/follow/")
    assert Follow.objects.filter(user=contributor).count() == 1

    response = client.post("/people/sam-altman/unfollow/", follow=True)

    assertRedirects(response, "/people/sam-altman/")
    assertContains(response, "You no longer follow Sam Altman.")
    assertContains(response, '<button type="submit">Follow</button>', html=True)
    assert not Follow.objects.filter(user=contributor).exists()


def test_following_is_per_user(client, contributor, other_contributor, demo):
    Follow.objects.create(user=other_contributor, person=Person.objects.get(slug="sam-altman"))
    client.force_login(contributor)

    assertContains(
        client.get("/people/sam-altman/"), '<button type="submit">Follow</button>', html=True
    )


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_anonymous_post_goes_to_sign_in_and_back(client, demo, action):
    response = client.post(f"/people/sam-altman/{action}/")

    assertRedirects(
        response, "/accounts/login/?next=/people/sam-altman/", fetch_redirect_response=False
    )
    assert not Follow.objects.exists()


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_get_is_not_allowed(client, contributor, demo, action):
    assert client.get(f"/people/sam-altman/{action}/").status_code == 405
    client.force_login(contributor)
    assert client.get(f"/people/sam-altman/{action}/").status_code == 405
    assert not Follow.objects.exists()


def test_following_an_unknown_person_is_404(client, contributor):
    client.force_login(contributor)

    assert client.post("/people/nobody/follow/").status_code == 404


def test_follow_needs_the_csrf_token(contributor, demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)

    assert client.post("/people/sam-altman/follow/").status_code == 403
    assert not Follow.objects.exists()
