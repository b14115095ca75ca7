# ApiToken now belongs to accounts, which keeps its table: state only. Its
# content type moves too, so permissions and admin history that point at it
# follow it instead of being left on a stale "predictions.apitoken".
from django.db import migrations


def move_content_type(apps, schema_editor, *, source="predictions", target="accounts"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=target, model="apitoken").exists():
        ContentType.objects.filter(app_label=source, model="apitoken").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="accounts", target="predictions")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("predictions", "0004_notification_claims"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ApiToken")],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
