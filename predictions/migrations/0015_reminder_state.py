"""Reminder state on the prediction (predictions.notifications.reminders) and
the partial index the reminder check reads.

The backfill reads, once, what the reminder check used to read on every run:
for each due prediction, its due round (its became_due events), when it came
due (its latest became_due or reopened event, else its filing) and the last
reminder of that round in the outbox. The next reminder is owed a week after
the later of those two, unless all four were written. The week and the four
are fixed here rather than imported, so that this migration does not change
with the code.
"""

from datetime import timedelta

from django.db import migrations, models
from django.db.models import Count, DateTimeField, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

INTERVAL = timedelta(days=7)
LIMIT = 4
BATCH = 1000


def backfill_reminder_state(apps, schema_editor):
    Prediction = apps.get_model("predictions", "Prediction")
    PredictionEvent = apps.get_model("predictions", "PredictionEvent")
    rounds = (
        PredictionEvent.objects.filter(prediction=OuterRef("pk"), kind="became_due")
        .order_by()
        .values("prediction")
        .annotate(count=Count("pk"))
        .values("count")
    )
    came_due = (
        PredictionEvent.objects.filter(
            prediction=OuterRef("pk"), kind__in=["became_due", "reopened"]
        )
        .order_by("-at")
        .values("at")[:1]
    )
    this_round = Q(notifications__kind="overdue_reminder", notifications__due_round=F("round"))
    due = (
        Prediction.objects.filter(status="due")
        .annotate(
            round=Coalesce(Subquery(rounds), 0),
            due_since=Coalesce(Subquery(came_due), "created_at", output_field=DateTimeField()),
        )
        .annotate(
            last_sequence=Max("notifications__sequence", filter=this_round),
            last_reminded=Max("notifications__created_at", filter=this_round),
        )
        .order_by("pk")
        .values_list("pk", "due_since", "last_sequence", "last_reminded")
    )
    changed = []
    for pk, due_since, last_sequence, last_reminded in due.iterator(chunk_size=BATCH):
        sequence = min(last_sequence or 0, LIMIT)
        since = max(due_since, last_reminded) if last_reminded else due_since
        next_at = since + INTERVAL if sequence < LIMIT else None
        changed.append(Prediction(pk=pk, reminder_sequence=sequence, next_reminder_at=next_at))
        if len(changed) == BATCH:
            Prediction.objects.bulk_update(changed, ["reminder_sequence", "next_reminder_at"])
            changed = []
    Prediction.objects.bulk_update(changed, ["reminder_sequence", "next_reminder_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("predictions", "0014_record_totals"),
    ]

    operations = [
        migrations.AddField(
            model_name="prediction",
            name="next_reminder_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="prediction",
            name="reminder_sequence",
            field=models.PositiveSmallIntegerField(db_default=0, default=0),
        ),
        migrations.AddIndex(
            model_name="prediction",
            index=models.Index(
                condition=models.Q(
                    ("next_reminder_at__isnull", False),
                    ("review_state", "published"),
                    ("status", "due"),
                ),
                fields=["next_reminder_at"],
                name="prediction_reminder_owed",
            ),
        ),
        migrations.RunPython(backfill_reminder_state, migrations.RunPython.noop, elidable=True),
    ]
