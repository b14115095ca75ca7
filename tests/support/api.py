"""Clients for the API tests: anonymous, or carrying a real token."""

from rest_framework.test import APIClient

from accounts.services import create_api_token


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        _, key = create_api_token(user=user, name="tests")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client
