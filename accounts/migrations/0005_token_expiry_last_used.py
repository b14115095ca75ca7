# API tokens may expire. (last_used_at exists since 0001; it is now written
# at most once a minute, which needs no schema change.)
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_account_email_slow_retry"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
