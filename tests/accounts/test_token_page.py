"""Alice makes an API token on her account page, sees it once, uses it, and
revokes it; Bob cannot touch hers."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import ApiToken

pytestmark = pytest.mark.django_db

TOKENS = reverse("accounts:tokens")


def test_a_token_is_shown_once_and_works(client, contributor):
    client.force_login(contributor)
    response = client.post(TOKENS, {"name": "notebook"})

    key = response.context["new_key"]
    assert response.status_code == 200
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=contributor)
    assert token.name == "notebook"
    assert key not in token.key_hash
    assert key not in client.get(TOKENS).content.decode()  # never again

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.post("/api/v1/people/", {"name": "Someone"}, format="json").status_code == 201


def test_revoking_stops_the_token(client, contributor):
    client.force_login(contributor)
    key = client.post(TOKENS, {"name": "old"}).context["new_key"]
    token = ApiToken.objects.get()

    response = client.post(reverse("accounts:revoke-token", args=[token.pk]))

    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/predictions/").status_code == 401


def test_no_one_else_can_revoke_it(client, contributor, other_contributor):
    client.force_login(contributor)
    client.post(TOKENS, {"name": "mine"})
    token = ApiToken.objects.get()

    client.force_login(other_contributor)
    assert client.post(reverse("accounts:revoke-token", args=[token.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_name_too_long_is_refused(client, contributor):
    client.force_login(contributor)
    response = client.post(TOKENS, {"name": "x" * 101})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_readers_are_asked_to_sign_in(client):
    assert client.get(TOKENS).status_code == 302
