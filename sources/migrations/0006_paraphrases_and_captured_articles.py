"""Statements may be the source's paraphrase; a source without a URL is found again by its text."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0005_list_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='statement',
            name='is_paraphrase',
            field=models.BooleanField(db_default=False, default=False, help_text="The source's paraphrase of what was said, not the speaker's exact words."),
        ),
        migrations.AddIndex(
            model_name='source',
            index=models.Index(condition=models.Q(('url', ''), models.Q(('text_sha256', ''), _negated=True)), fields=['text_sha256'], name='source_text_without_url'),
        ),
    ]
