"""One account per email address, whatever its case, enforced by the
database (accounts migration 0003); the migration names the accounts that
share an address instead of failing on them."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from tests.support.factories import UserFactory
from tests.support.migrations import LATEST, migrate_to

BEFORE = [("accounts", "0002_account_email_outbox")]
UNIQUE = [("accounts", "0003_unique_email_address")]


@pytest.mark.django_db
def test_the_database_refuses_an_address_that_differs_only_in_case():
    UserFactory(username="ann", email="A@x.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create(username="bea", email="a@x.com")


@pytest.mark.django_db
def test_any_number_of_accounts_may_have_no_address():
    get_user_model().objects.create(username="ann", email="")
    get_user_model().objects.create(username="bea", email="")

    assert get_user_model().objects.filter(email="").count() == 2


@pytest.fixture
def migrate():
    """Move the database to ``targets``; every app is back at its latest after."""

    yield migrate_to
    # In SQL: the model of today would cascade to tables (username
    # skeletons) that do not exist at the migration the test stopped at.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM auth_user WHERE username IN ('ann', 'bea', 'cat')")
    migrate_to(LATEST)


@pytest.mark.django_db(transaction=True)
def test_the_migration_names_the_accounts_that_share_an_address(migrate):
    User = migrate(BEFORE).get_model("auth", "User")
    User.objects.create(username="ann", email="Shared@x.com")
    User.objects.create(username="bea", email="shared@X.com")
    User.objects.create(username="cat", email="cat@x.com")

    with pytest.raises(RuntimeError) as refusal:
        migrate(UNIQUE)

    assert "shared@x.com (ann, bea)" in str(refusal.value)
    assert "cat@x.com" not in str(refusal.value)

    User.objects.filter(username="bea").update(email="bea@x.com")
    migrate(UNIQUE)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="dan", email="CAT@x.com")
