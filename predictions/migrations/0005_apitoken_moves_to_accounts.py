# ApiToken now belongs to accounts, which keeps its table: state only.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("predictions", "0004_notification_claims"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ApiToken")],
            database_operations=[],
        ),
    ]
