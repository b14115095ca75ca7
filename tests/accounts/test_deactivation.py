"""Accounts are deactivated, never deleted: their history stays attributed to
the same row and is shown as "deleted user #<id>", while what identified the
person (name, address, password, tokens, links to a person on the ledger,
watches and follows) goes. The admin deactivates instead of deleting; a
user may deactivate their own account from the account page, with their
password."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import create_api_token, deactivate_user
from predictions import services
from predictions.models import Follow, PredictionEvent, Watch
from sources.models import Person
from tests.support.api import client_for
from tests.support.factories import PASSWORD, PersonFactory
from tests.support.html import Page

pytestmark = pytest.mark.django_db

DELETE_ACCOUNT = reverse("accounts:delete-account")
User = get_user_model()


@pytest.fixture
def filed(filed, contributor):
    """The shared published claim Alice filed (so she watches it); she also
    follows its person and has a token."""
    Follow.objects.create(user=contributor, person=filed.predictor)
    create_api_token(user=contributor, name="notebook")
    return filed


def assert_deactivated(user) -> None:
    user.refresh_from_db()
    assert not user.is_active
    assert user.username == f"deleted-user-{user.pk}"
    assert user.email == ""
    assert user.first_name == user.last_name == ""
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    assert not ApiToken.objects.filter(user=user).exists()
    assert not Watch.objects.filter(user=user).exists()
    assert not Follow.objects.filter(user=user).exists()
    assert not Person.objects.filter(account=user).exists()


def test_the_service_keeps_the_history_attributed(filed, contributor):
    PersonFactory(account=contributor)
    assert Watch.objects.filter(user=contributor).exists()

    deactivate_user(contributor)

    assert_deactivated(contributor)
    filed.refresh_from_db()
    assert filed.filed_by_id == contributor.pk
    assert PredictionEvent.objects.filter(actor=contributor, kind="filed").exists()


def test_the_prediction_page_says_deleted_user(client, filed, contributor):
    deactivate_user(contributor)

    page = Page(client.get(filed.get_absolute_url()).content.decode())

    assert f"Filed by deleted user #{contributor.pk}" in page.text
    assert "alice" not in page.text


def test_a_confirmed_proposal_names_its_closed_proposer_by_id(client, filed, contributor, editor):
    # The resolved event is kept for good (and hash-chained): it records the
    # proposer's id, never their name, so closing the account removes it.
    proposed = services.propose_outcome(
        prediction=filed,
        actor=contributor,
        outcome="wrong",
        evidence_url="https://example.com/evidence",
        note="Still closed.",
    )
    services.decide_proposal(prediction=proposed, actor=editor, decision="confirm")
    deactivate_user(contributor)

    resolved = PredictionEvent.objects.filter(prediction=filed, kind="resolved").get()
    page = Page(client.get(filed.get_absolute_url()).content.decode())

    assert resolved.data["confirmed_proposal"]["proposed_by_id"] == contributor.pk
    assert "alice" not in str(resolved.data)
    assert f"proposed by deleted user #{contributor.pk}, confirmed" in page.text
    assert "alice" not in page.text


def test_the_api_says_deleted_user(filed, contributor):
    deactivate_user(contributor)

    events = client_for().get(f"/api/v1/predictions/{filed.pk}/").json()["events"]

    assert (events[0]["kind"], events[0]["actor"], events[0]["actor_id"]) == (
        "filed",
        f"deleted user #{contributor.pk}",
        contributor.pk,
    )


def test_a_deactivated_account_cannot_sign_in(client, contributor):
    deactivate_user(contributor)
    assert not client.login(username="alice", password=PASSWORD)
    assert not client.login(username=f"deleted-user-{contributor.pk}", password=PASSWORD)


def test_deactivating_twice_changes_nothing_more(contributor):
    deactivate_user(contributor)
    deactivate_user(contributor)
    assert_deactivated(contributor)


# --- The admin ---------------------------------------------------------------


def test_the_admin_offers_no_deletion(client, staff, contributor):
    client.force_login(staff)
    changelist = client.get(reverse("admin:auth_user_changelist"))
    actions = dict(changelist.context["action_form"].fields["action"].choices)

    assert "delete_selected" not in actions
    assert "deactivate" in actions
    delete_page = client.get(reverse("admin:auth_user_delete", args=[contributor.pk]))
    assert delete_page.status_code == 403
    assert User.objects.filter(pk=contributor.pk).exists()


def test_the_admin_deactivates(client, staff, filed, contributor, other_contributor):
    client.force_login(staff)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate", "_selected_action": [contributor.pk]},
    )

    assert response.status_code == 302
    assert_deactivated(contributor)
    other_contributor.refresh_from_db()
    assert other_contributor.is_active


# --- Self-service --------------------------------------------------------------


def test_the_account_page_offers_it(client, contributor):
    client.force_login(contributor)
    page = Page(client.get(reverse("accounts:account")).content.decode())
    form = page.one(f'form[action="{DELETE_ACCOUNT}"]')
    assert form.select_one('input[type="password"]') is not None
    assert form.select_one("label") is not None


def test_the_wrong_password_changes_nothing(client, filed, contributor):
    client.force_login(contributor)

    response = client.post(DELETE_ACCOUNT, {"password": "not it"})

    assert response.status_code == 400
    assert "password" in response.context["close_form"].errors
    contributor.refresh_from_db()
    assert contributor.is_active and contributor.username == "alice"
    assert ApiToken.objects.filter(user=contributor).exists()


def test_the_right_password_deactivates_and_signs_out(client, filed, contributor):
    client.force_login(contributor)

    response = client.post(DELETE_ACCOUNT, {"password": PASSWORD})

    assert response.status_code == 302
    assert_deactivated(contributor)
    assert "_auth_user_id" not in client.session


def test_readers_are_asked_to_sign_in(client):
    assert client.post(DELETE_ACCOUNT, {"password": "x"}).status_code == 302
