"""Search vectors move out of the predictions table into one of their own
(predictions.models.SearchDocument), with the GIN index: every change of a
prediction's status rewrote its row, and with it re-indexed all its words.

On PostgreSQL the vectors written so far are moved, not computed again; on
the way back they return to the column. Elsewhere there are none."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FORWARD = [
    "DROP INDEX IF EXISTS prediction_search",
    "INSERT INTO predictions_searchdocument (prediction_id, vector)"
    " SELECT id, search_vector FROM predictions_prediction WHERE search_vector IS NOT NULL",
    "CREATE INDEX prediction_search ON predictions_searchdocument USING gin (vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS prediction_search",
    "UPDATE predictions_prediction p SET search_vector = d.vector"
    " FROM predictions_searchdocument d WHERE d.prediction_id = p.id",
    "CREATE INDEX prediction_search ON predictions_prediction USING gin (search_vector)",
]


def move(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("predictions", "0021_resolved_strip_by_deadline"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "prediction",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="predictions.prediction",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.RunPython(move(FORWARD), move(BACKWARD)),
        migrations.RemoveField(model_name="prediction", name="search_vector"),
    ]
