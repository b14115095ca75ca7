# One account per email address, whatever its case, enforced by the database:
# a unique index on lower(email) over the accounts that have one (an empty
# address is allowed on any number of accounts). The same SQL runs on
# PostgreSQL and SQLite. Accounts that already share an address stop the
# migration with their names, since the index cannot be made over them.
from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower

INDEX = "auth_user_email_unique_ci"


def refuse_shared_addresses(apps, schema_editor):
    User = apps.get_model("auth", "User")
    shared = (
        User.objects.exclude(email="")
        .annotate(address=Lower("email"))
        .values("address")
        .annotate(accounts=Count("pk"))
        .filter(accounts__gt=1)
        .order_by("address")
    )
    clashes = []
    for row in shared:
        names = User.objects.filter(email__iexact=row["address"]).order_by("username")
        usernames = ", ".join(names.values_list("username", flat=True))
        clashes.append(f"{row['address']} ({usernames})")
    if clashes:
        raise RuntimeError(
            "Cannot make email addresses unique: these addresses are used by more than one "
            f"account (ignoring case): {'; '.join(clashes)}. Give each of those accounts its "
            "own address (or empty it) in the admin or the shell, then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_account_email_outbox"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(refuse_shared_addresses, migrations.RunPython.noop),
        migrations.RunSQL(
            f"CREATE UNIQUE INDEX {INDEX} ON auth_user (lower(email)) WHERE email <> ''",
            f"DROP INDEX {INDEX}",
        ),
    ]
