"""A new password revokes every API token of the account, whichever way it
was set: the password change page, a reset link, the admin, the
``changepassword`` command or code calling set_password and save. Sessions
already end with Django's session hash; tokens follow. A hash upgraded by
Django on sign-in (same password, newer hasher) is not a change."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import ApiToken
from accounts.services import create_api_token
from tests.accounts.support import PASSWORD
from tests.support.factories import PASSWORD as OLD_PASSWORD

pytestmark = pytest.mark.django_db

NEW = "a brand new passphrase 77"


@pytest.fixture
def tokens(contributor, other_contributor):
    """Two tokens of alice's and one of bob's, who changes nothing."""
    create_api_token(user=contributor, name="one")
    create_api_token(user=contributor, name="two")
    create_api_token(user=other_contributor, name="bob's")


def remaining() -> list[str]:
    return sorted(ApiToken.objects.values_list("user__username", flat=True))


def test_the_password_change_page(client, contributor, tokens):
    client.force_login(contributor)
    response = client.post(
        reverse("password_change"),
        {"old_password": OLD_PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert remaining() == ["bob"]


def test_a_reset_link(client, contributor, tokens):
    link = reverse(
        "password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(contributor.pk)),
            default_token_generator.make_token(contributor),
        ],
    )
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response.status_code == 302
    assert remaining() == ["bob"]


def test_the_admin(client, staff, contributor, tokens):
    client.force_login(staff)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[contributor.pk]),
        {"password1": NEW, "password2": NEW},
    )
    assert response.status_code == 302
    assert remaining() == ["bob"]


def test_the_changepassword_command(contributor, tokens, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW)
    call_command("changepassword", "alice", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert remaining() == ["bob"]


def test_set_password_and_save_in_code(contributor, tokens):
    contributor.set_password(NEW)
    contributor.save()
    assert remaining() == ["bob"]


def test_an_unusable_password(contributor, tokens):
    contributor.set_unusable_password()
    contributor.save()
    assert remaining() == ["bob"]


def test_saving_without_a_new_password_keeps_them(contributor, tokens):
    contributor.first_name = "Alice"
    contributor.save()
    contributor.save(update_fields=["last_login"])
    assert remaining() == ["alice", "alice", "bob"]


def test_a_hash_upgraded_on_sign_in_keeps_them(client, contributor, tokens, settings):
    # Alice's hash is MD5 (the tests' hasher); with PBKDF2 preferred, signing
    # in re-hashes the same password.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    old_hash = contributor.password
    assert client.login(username="alice", password=OLD_PASSWORD)
    contributor.refresh_from_db()
    assert contributor.password != old_hash
    assert remaining() == ["alice", "alice", "bob"]
