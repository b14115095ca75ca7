# The events become a tamper-evident, append-only history (docs/history.md):
# every existing event gets its hash, chain by chain in (at, id) order; no
# two events may follow the same one; on PostgreSQL a trigger refuses any
# UPDATE or DELETE of an event; and an account that acted can no longer be
# deleted (deleting it would have rewritten the events it is named on).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The hash function the application writes with: a migration computing its
# own variant would write chains that verify_ledger then calls broken.
from predictions.history import GENESIS, hash_of

# Predictions per batch; their events are read and written together.
BATCH = 500


def hash_existing_events(apps, schema_editor):
    Prediction = apps.get_model("predictions", "Prediction")
    PredictionEvent = apps.get_model("predictions", "PredictionEvent")
    last = 0
    while True:
        ids = list(
            Prediction.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return
        last = ids[-1]
        events = PredictionEvent.objects.filter(prediction_id__in=ids).order_by(
            "prediction_id", "at", "id"
        )
        heads: dict[int, str] = {}
        changed = []
        for event in events:
            event.previous_hash = heads.get(event.prediction_id, GENESIS)
            event.hash = hash_of(event, event.previous_hash)
            heads[event.prediction_id] = event.hash
            changed.append(event)
        PredictionEvent.objects.bulk_update(changed, ["previous_hash", "hash"], batch_size=1000)


APPEND_ONLY = """
CREATE FUNCTION predictions_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'prediction events are append-only'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER predictionevent_append_only
    BEFORE UPDATE OR DELETE ON predictions_predictionevent
    FOR EACH ROW EXECUTE FUNCTION predictions_event_append_only();
"""

APPEND_ONLY_REVERSE = """
DROP TRIGGER IF EXISTS predictionevent_append_only ON predictions_predictionevent;
DROP FUNCTION IF EXISTS predictions_event_append_only();
"""


def refuse_changes(apps, schema_editor):
    # SQLite has no such trigger; there the model and its QuerySet refuse.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def allow_changes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_REVERSE)


class Migration(migrations.Migration):

    dependencies = [
        ("predictions", "0008_review_proposals_disputes_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Going back leaves the hashes: 0008's columns hold them harmlessly.
        migrations.RunPython(hash_existing_events, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="predictionevent",
            constraint=models.UniqueConstraint(
                fields=("prediction", "previous_hash"), name="event_chain_never_forks"
            ),
        ),
        migrations.AlterField(
            model_name="predictionevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty when the system acted.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(refuse_changes, allow_changes),
    ]
