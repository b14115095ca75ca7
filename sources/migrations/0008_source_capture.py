"""A source's page as a worker fetched it: the raw copy gzipped with its hash, or why not."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0007_statement_reports_its_original'),
    ]

    operations = [
        migrations.CreateModel(
            name='SourceCapture',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('pending', 'Waiting to be fetched'), ('captured', 'Captured'), ('failed', 'Failed'), ('refused', 'Refused')], default='pending', max_length=10)),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('requested_url', models.URLField(blank=True, max_length=1000)),
                ('final_url', models.TextField(blank=True)),
                ('fetched_at', models.DateTimeField(blank=True, null=True)),
                ('content_type', models.CharField(blank=True, max_length=100)),
                ('charset', models.CharField(blank=True, max_length=40)),
                ('raw_gzip', models.BinaryField(blank=True, null=True)),
                ('raw_sha256', models.CharField(blank=True, max_length=64)),
                ('text_sha256', models.CharField(blank=True, max_length=64)),
                ('author', models.CharField(blank=True, max_length=200)),
                ('error_reason', models.CharField(blank=True, max_length=40)),
                ('error', models.TextField(blank=True, max_length=2000)),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('source', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='capture', to='sources.source')),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('state__in', ['pending', 'failed'])), fields=['next_attempt_at'], name='source_capture_due')],
                'constraints': [models.CheckConstraint(condition=models.Q(('state__in', ['pending', 'captured', 'failed', 'refused'])), name='source_capture_state_valid')],
            },
        ),
    ]
