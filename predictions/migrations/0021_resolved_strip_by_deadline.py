"""A person's outcome strip places their resolved predictions by deadline
(predictions.selectors.people.resolved_outcomes): its index follows."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("predictions", "0020_search_vector_names_the_predictor"),
        ("sources", "0005_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="prediction",
            name="pub_resolved_by_person",
        ),
        migrations.AddIndex(
            model_name="prediction",
            index=models.Index(
                condition=models.Q(("review_state", "published"), ("status", "resolved")),
                fields=["predictor", "-resolves_on"],
                name="pub_resolved_by_deadline",
            ),
        ),
    ]
