from django.db import migrations, models

from sources.names import name_key

BATCH = 500


def fill_name_keys(apps, schema_editor):
    # Uses today's normaliser: a later change to it comes with its own
    # migration that fills the keys again.
    Person = apps.get_model("sources", "Person")
    batch = []
    for person in Person.objects.only("pk", "name").order_by("pk").iterator(chunk_size=BATCH):
        person.name_key = name_key(person.name)
        batch.append(person)
        if len(batch) == BATCH:
            Person.objects.bulk_update(batch, ["name_key"])
            batch = []
    Person.objects.bulk_update(batch, ["name_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0002_people_accounts_and_merges"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_key",
            field=models.CharField(
                blank=True,
                db_default="",
                db_index=True,
                default="",
                editable=False,
                max_length=400,
            ),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop, elidable=True),
    ]
