# Every account's username skeleton (accounts.confusables), unique, so that
# no new account can take a name that looks like an existing one. Existing
# accounts are never broken: when two already clash, the older keeps the
# skeleton, the newer gets none (it can still sign in and be saved; a
# rename gives it one) and the clash is logged for an administrator.
import logging

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from accounts.confusables import stored_skeleton

logger = logging.getLogger("accounts.migrations")


def backfill(apps, schema_editor):
    User = apps.get_model("auth", "User")
    UsernameSkeleton = apps.get_model("accounts", "UsernameSkeleton")
    taken: dict[str, str] = dict(
        UsernameSkeleton.objects.values_list("skeleton", "user__username")
    )
    have = set(UsernameSkeleton.objects.values_list("user_id", flat=True))
    rows = []
    for pk, username in User.objects.order_by("date_joined", "pk").values_list("pk", "username"):
        if pk in have:
            continue
        skeleton = stored_skeleton(username)
        if skeleton in taken:
            logger.warning(
                "Usernames %r and %r look alike; both accounts are kept, %r has no "
                "skeleton until it is renamed.",
                taken[skeleton],
                username,
                username,
            )
            continue
        taken[skeleton] = username
        rows.append(UsernameSkeleton(user_id=pk, skeleton=skeleton))
    UsernameSkeleton.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_token_expiry_last_used"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="UsernameSkeleton",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="username_skeleton",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("skeleton", models.CharField(max_length=600)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("skeleton",), name="username_skeleton_unique")
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
