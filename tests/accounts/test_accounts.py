"""Accounts: the account page lists what you watch and follow and carries
the bookmarklet; error pages look like the site. (Signing up:
test_signup.py; confirming: test_confirmation.py; password resets:
test_password_reset.py.)"""

import pytest
from django.urls import reverse

from accounts.views import bookmarklet
from predictions import notifications
from tests.support.factories import PersonFactory, PredictionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_account_page_lists_watches_follows_and_the_bookmarklet(client, contributor):
    prediction = PredictionFactory(claim="The tram opens")
    notifications.watch(user=contributor, prediction=prediction)
    notifications.follow(user=contributor, person=PersonFactory(name="Ada Pundit"))
    client.force_login(contributor)

    page = client.get(reverse("accounts:account")).content.decode()

    assert "The tram opens" in page
    assert "Ada Pundit" in page
    assert "javascript:" in page
    assert "http://testserver/predictions/new/?" in page
    assert "http://testserver/predictions/new/from-article/?" in page


def test_the_bookmarklet_opens_the_claim_form_or_the_article_step():
    code = bookmarklet(
        "https://hindsight.example.org/predictions/new/",
        "https://hindsight.example.org/predictions/new/from-article/",
    )
    assert code.startswith("javascript:")
    # What each does is shown in Chromium (tests/browser/test_browser_bookmarklet.py).
    assert "'https://hindsight.example.org/predictions/new/?'" in code
    assert "'https://hindsight.example.org/predictions/new/from-article/?'" in code


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
