"""Drop the events' own index on prediction_id: event_timeline
(prediction, at) and the chain's unique key (prediction, previous_hash) both
begin with the column, so the third index served no query and only made
every event's insert (a due check writes a thousand) touch one more tree."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("predictions", "0018_owed_by_recipient"),
    ]

    operations = [
        migrations.AlterField(
            model_name="predictionevent",
            name="prediction",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="predictions.prediction",
            ),
        ),
    ]
