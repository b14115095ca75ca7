# Editors were the members of a group named "editors"; now they hold the
# predictions.editor permission, which this grants to that group (made here if
# it does not exist yet), so nobody's rights change.
from django.db import migrations

GROUP = "editors"


def grant_to_editors_group(apps, schema_editor):
    # Permissions are normally made after all migrations (post_migrate), which
    # is too late here; the same rows are made now, and post_migrate finds them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="predictions", model="prediction")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="editor",
        defaults={"name": "Can resolve, reopen, withdraw and edit any prediction"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="predictions", codename="editor")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("predictions", "0005_apitoken_moves_to_accounts"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="prediction",
            options={
                "ordering": ["resolves_on", "id"],
                "permissions": [
                    ("editor", "Can resolve, reopen, withdraw and edit any prediction")
                ],
            },
        ),
        migrations.RunPython(grant_to_editors_group, revoke),
    ]
