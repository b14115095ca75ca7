"""Sign-up (and a rename in the admin) refuses a username that looks like an
existing one: another case, Cyrillic or Greek letters shaped like Latin
ones, fullwidth forms, 0 for o, 1 or I for l. The comparison is on a
"skeleton" of the name, stored with a unique index so that two sign-ups at
once cannot both get through. The error says no more than that the name is
too similar to an existing one."""

import logging

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.confusables import skeleton
from accounts.models import UsernameSkeleton
from accounts.services import sign_up as sign_up_service
from core.errors import InvalidInput
from tests.accounts.support import PASSWORD
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
TOO_SIMILAR = "too similar to an existing username"
User = get_user_model()


def sign_up(client, username: str):
    return client.post(
        SIGNUP,
        {
            "username": username,
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


@pytest.mark.parametrize(
    ("lookalike", "why"),
    [
        ("\u0430dmin", "Cyrillic a"),
        ("\u0410DMIN", "Cyrillic capital A among capitals"),
        ("adm\u0456n", "Cyrillic i"),
        ("\u03b1dmin", "Greek alpha"),
        ("ADMIN", "another case"),
        ("Admin", "another case"),
        ("ADMlN", "small L for capital I"),
        ("adm1n", "one for i"),
        ("\uff41\uff44\uff4d\uff49\uff4e", "fullwidth"),
    ],
)
def test_a_lookalike_of_an_existing_name_is_refused(client, lookalike, why):
    UserFactory(username="admin")

    response = sign_up(client, lookalike)

    assert response.status_code == 400, why
    errors = response.context["form"].errors["username"]
    assert any(TOO_SIMILAR in error for error in errors) or "already exists" in errors[0]
    assert not User.objects.filter(email="new@example.com").exists()


def test_the_error_names_no_one(client):
    UserFactory(username="admin")
    errors = sign_up(client, "\u0430dmin").context["form"].errors["username"]
    assert errors == ["That username is too similar to an existing username; choose another."]


@pytest.mark.parametrize("name", ["admin2", "administrator", "adm", "admins", "bob"])
def test_a_merely_similar_name_is_allowed(client, name):
    UserFactory(username="admin")
    response = sign_up(client, name)
    assert response.status_code == 200
    assert User.objects.filter(username=name).exists()


def test_names_of_deactivated_accounts_are_reserved(client):
    response = sign_up(client, "deleted-user-7")
    assert response.status_code == 400
    assert "username" in response.context["form"].errors


def test_the_service_refuses_too(db):
    UserFactory(username="admin")
    with pytest.raises(InvalidInput) as refused:
        sign_up_service(username="\u0430dmin", email="x@example.com", password=PASSWORD)
    assert "username" in refused.value.errors


def test_the_database_refuses_a_lookalike_made_by_any_path(db):
    """The unique index is what holds when two sign-ups race past the form's check."""
    UserFactory(username="admin")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="\u0430dmin", email="x@example.com")


def test_every_account_gets_its_skeleton_and_a_rename_moves_it(db):
    user = UserFactory(username="Alice", email="alice.a@example.com")
    assert UsernameSkeleton.objects.get(user=user).skeleton == skeleton("Alice")
    user.username = "Alicia"
    user.save()
    assert UsernameSkeleton.objects.get(user=user).skeleton == skeleton("Alicia")
    # The old name is free again.
    assert UserFactory(username="alice")


def test_a_rename_in_the_admin_to_a_lookalike_is_refused(client, staff):
    UserFactory(username="admin")
    erin = UserFactory(username="erin")
    client.force_login(staff)
    response = client.post(
        reverse("admin:auth_user_change", args=[erin.pk]),
        {
            "username": "\u0430dmin",
            "email": "erin@example.com",
            "is_active": "on",
            "date_joined_0": "2026-03-10",
            "date_joined_1": "12:00:00",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert TOO_SIMILAR in response.content.decode()
    erin.refresh_from_db()
    assert erin.username == "erin"


def test_the_admin_can_still_rename_to_a_distinct_name(client, staff):
    erin = UserFactory(username="erin")
    client.force_login(staff)
    response = client.post(
        reverse("admin:auth_user_change", args=[erin.pk]),
        {
            "username": "erin2",
            "email": "erin@example.com",
            "is_active": "on",
            "date_joined_0": "2026-03-10",
            "date_joined_1": "12:00:00",
        },
    )
    assert response.status_code == 302
    erin.refresh_from_db()
    assert erin.username == "erin2"


def test_the_backfill_keeps_both_of_a_clashing_pair_and_logs_it(db, caplog):
    from importlib import import_module

    backfill = import_module("accounts.migrations.0006_username_skeletons").backfill
    admin = UserFactory(username="admin")
    # Two accounts made before skeletons existed, which clash.
    UsernameSkeleton.objects.all().delete()
    twin = User.objects.create(username="tmp")
    UsernameSkeleton.objects.filter(user=twin).delete()
    User.objects.filter(pk=twin.pk).update(username="ADMIN")

    with caplog.at_level(logging.WARNING):
        backfill(apps, None)

    assert UsernameSkeleton.objects.get(user=admin).skeleton == skeleton("admin")
    assert not UsernameSkeleton.objects.filter(user=twin).exists()
    assert "ADMIN" in caplog.text
    # The twin still works, and saving it (not renaming it) does not fail.
    twin.refresh_from_db()
    twin.first_name = "Twin"
    twin.save()


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("paypal", "\u0440\u0430\u0443\u0440\u0430l"),  # Cyrillic р а у
        ("root", "r00t"),
        ("modern", "modem"),  # rn for m
        ("wave", "vvave"),
        ("\u0392\u039f\u0392", "BOB"),  # Greek capitals
        ("Bob", "bob"),
    ],
)
def test_skeletons_match(one, other):
    assert skeleton(one) == skeleton(other)


@pytest.mark.parametrize(("one", "other"), [("admin", "admin2"), ("ann", "anne"), ("a.b", "a_b")])
def test_skeletons_differ(one, other):
    assert skeleton(one) != skeleton(other)


def test_a_sign_up_losing_the_race_at_the_index_gets_the_same_error(db, monkeypatch):
    """Both sign-ups passed the check before either committed: the index
    refuses the second, which is answered as the form would have been."""
    UserFactory(username="admin")
    monkeypatch.setattr("accounts.services.check_username", lambda *args, **kwargs: None)

    with pytest.raises(InvalidInput) as refused:
        sign_up_service(username="\u0430dmin", email="x@example.com", password=PASSWORD)

    assert refused.value.errors["username"] == [
        "That username is too similar to an existing username; choose another."
    ]
    assert not User.objects.filter(email="x@example.com").exists()


def test_outside_a_transaction_a_lookalike_is_not_half_made(transactional_db):
    """The shell and createsuperuser run in autocommit: the refusal comes
    before the user's row is written, not after."""
    UserFactory(username="admin")
    with pytest.raises(IntegrityError):
        User.objects.create_user(username="\u0430dmin", email="x@example.com")
    assert not User.objects.filter(email="x@example.com").exists()
