# A prediction can come due more than once (its deadline moved later after it
# became due, then passed again); each time is a round with a due email and
# reminders of its own, so the round joins the outbox's unique key.
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def number_existing_rows(apps, schema_editor):
    # Rows written so far belong to their prediction's latest round: before
    # this migration a later round could not be written at all.
    Notification = apps.get_model("predictions", "Notification")
    PredictionEvent = apps.get_model("predictions", "PredictionEvent")
    became_due = (
        PredictionEvent.objects.filter(prediction=OuterRef("prediction"), kind="became_due")
        .order_by()
        .values("prediction")
        .annotate(count=Count("pk"))
        .values("count")
    )
    Notification.objects.update(due_round=Coalesce(Subquery(became_due), 0))


def keep_the_latest_round(apps, schema_editor):
    # Going back to one email per (recipient, prediction, kind, sequence): the
    # old key has room for one round only, so the latest stays.
    Notification = apps.get_model("predictions", "Notification")
    latest = (
        Notification.objects.filter(
            recipient=OuterRef("recipient"),
            prediction=OuterRef("prediction"),
            kind=OuterRef("kind"),
            sequence=OuterRef("sequence"),
        )
        .order_by("-due_round", "-pk")
        .values("pk")[:1]
    )
    Notification.objects.exclude(pk=Subquery(latest)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("predictions", "0006_editor_permission"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="notification",
            name="notification_unique_per_recipient",
        ),
        migrations.AddField(
            model_name="notification",
            name="due_round",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(number_existing_rows, keep_the_latest_round),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                fields=("recipient", "prediction", "kind", "due_round", "sequence"),
                name="notification_unique_per_recipient",
            ),
        ),
    ]
