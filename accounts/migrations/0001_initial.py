# ApiToken moved here from predictions. Its table already exists (made by
# predictions 0002), so this changes Django's state only.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("predictions", "0004_notification_claims"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(blank=True, max_length=100)),
                        ("key_hash", models.CharField(editable=False, max_length=64)),
                        ("prefix", models.CharField(editable=False, max_length=12)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("last_used_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="api_tokens", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "predictions_apitoken",
                        "ordering": ["-created_at"],
                        "constraints": [models.UniqueConstraint(fields=("key_hash",), name="api_token_unique_hash")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
