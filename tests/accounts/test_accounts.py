"""Accounts: a newcomer signs up and is signed in; the account page lists
what you watch and follow and carries the bookmarklet; error pages look like
the site. (Password resets: test_password_reset.py.)"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.views import bookmarklet
from predictions import notifications
from tests.support.factories import PersonFactory, PredictionFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
PASSWORD = "a long enough passphrase 42"


def test_a_newcomer_signs_up_and_is_signed_in(client):
    response = client.post(
        SIGNUP,
        {
            "username": "erin",
            "email": "erin@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "/predictions/new/",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/predictions/new/"
    assert client.get("/predictions/new/").status_code == 200
    assert get_user_model().objects.get(username="erin").email == "erin@example.com"


def test_signup_refuses_an_outside_next(client):
    response = client.post(
        SIGNUP,
        {
            "username": "erin",
            "email": "erin@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "https://evil.example.com/",
        },
    )
    assert response["Location"] == reverse("accounts:account")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "alice@example.com"}, "email"),
        ({"password2": "different"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password2"),
        ({"username": ""}, "username"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_signup_errors_are_shown_by_their_field(client, contributor, change, field):
    data = {
        "username": "erin",
        "email": "erin@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **change,
    }
    response = client.post(SIGNUP, data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not get_user_model().objects.filter(username="erin").exists()


def test_the_account_page_lists_watches_follows_and_the_bookmarklet(client, contributor):
    prediction = PredictionFactory(claim="The tram opens")
    notifications.watch(user=contributor, prediction=prediction)
    notifications.follow(user=contributor, person=PersonFactory(name="Ada Pundit"))
    client.force_login(contributor)

    page = client.get(reverse("accounts:account")).content.decode()

    assert "The tram opens" in page
    assert "Ada Pundit" in page
    assert "javascript:" in page
    assert "http://testserver/predictions/new/" in page


def test_the_bookmarklet_sends_url_title_and_selection():
    code = bookmarklet("https://hindsight.example.org/predictions/new/")
    assert code.startswith("javascript:")
    assert "https://hindsight.example.org/predictions/new/?" in code
    for name in ("url:location.href", "title:document.title", "selection:"):
        assert name in code


def test_the_account_page_needs_a_sign_in(client):
    assert client.get(reverse("accounts:account")).status_code == 302


def test_error_pages_look_like_the_site(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()

    api = client.get("/api/v1/no-such-thing/")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not found."}


def test_a_refusal_is_a_403_page_in_the_site_style(client):
    user = UserFactory(username="mallory")
    client.force_login(user)
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/")
    request.user = user
    response = permission_denied(request, PermissionDenied("Only an editor may do this."))
    assert response.status_code == 403
    assert "Only an editor may do this." in response.content.decode()
