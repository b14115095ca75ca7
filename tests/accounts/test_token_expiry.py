"""API tokens may carry an expiry, chosen on the token page; an expired one
is refused with a 401 that says so. The page shows when each was made, last
used and when it expires; "last used" is written at most once a minute."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import create_api_token

pytestmark = pytest.mark.django_db

TOKENS = reverse("accounts:tokens")
READ = "/api/v1/predictions/"


def api_with(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


@pytest.mark.parametrize(("choice", "days"), [("30", 30), ("90", 90), ("365", 365)])
def test_the_page_makes_a_token_that_expires(client, contributor, frozen_now, choice, days):
    client.force_login(contributor)
    response = client.post(TOKENS, {"name": "ci", "expires_in": choice})

    assert response.status_code == 200
    token = ApiToken.objects.get(user=contributor)
    assert token.expires_at == timezone.now() + dt.timedelta(days=days)


def test_never_is_the_default(client, contributor):
    client.force_login(contributor)
    client.post(TOKENS, {"name": "notebook"})
    assert ApiToken.objects.get(user=contributor).expires_at is None


def test_an_expiry_not_offered_is_refused(client, contributor):
    client.force_login(contributor)
    response = client.post(TOKENS, {"name": "x", "expires_in": "100000"})
    assert response.status_code == 400
    assert "expires_in" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused_with_a_401_saying_so(contributor):
    token, key = create_api_token(user=contributor, name="old", expires_in_days=30)
    assert api_with(key).get(READ).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = api_with(key).get(READ)

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_last_used_is_noted_at_most_once_a_minute(contributor):
    token, key = create_api_token(user=contributor, name="notebook")
    assert token.last_used_at is None

    api_with(key).get(READ)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None

    # Within the minute: no write at all, not even an UPDATE matching nothing.
    with CaptureQueriesContext(connection) as queries:
        api_with(key).get(READ)
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first

    stale = timezone.now() - dt.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    api_with(key).get(READ)
    noted = ApiToken.objects.get(pk=token.pk).last_used_at
    assert noted is not None and noted > stale


def test_the_page_shows_created_last_used_and_expiry(client, contributor, frozen_now):
    _, key = create_api_token(user=contributor, name="ci", expires_in_days=90)
    create_api_token(user=contributor, name="forever")
    api_with(key).get(READ)
    client.force_login(contributor)

    page = client.get(TOKENS).content.decode()

    assert "10 March 2026" in page  # made and last used today
    assert "8 June 2026" in page  # 90 days on
    assert "never expires" in page
    assert "never used" in page


def test_an_expired_token_is_marked_on_the_page(client, contributor):
    token, _ = create_api_token(user=contributor, name="old", expires_in_days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    client.force_login(contributor)
    assert "expired" in client.get(TOKENS).content.decode()


def test_the_command_makes_a_token_that_expires(contributor, frozen_now, capsys):
    call_command("create_api_token", "alice", "--expires-in-days", "30")
    token = ApiToken.objects.get(user=contributor)
    assert token.expires_at == timezone.now() + dt.timedelta(days=30)


def test_the_command_refuses_an_expiry_not_offered(contributor):
    with pytest.raises(CommandError):
        call_command("create_api_token", "alice", "--expires-in-days", "7")
    assert not ApiToken.objects.exists()
