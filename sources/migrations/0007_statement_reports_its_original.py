"""A statement may point to the words it reports, recorded where they were first said."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0006_paraphrases_and_captured_articles'),
    ]

    operations = [
        migrations.AddField(
            model_name='statement',
            name='original',
            field=models.ForeignKey(blank=True, help_text='Where these words were first said, when this source reports them.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='sources.statement'),
        ),
    ]
