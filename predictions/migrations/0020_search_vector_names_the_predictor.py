"""Every prediction's search vector now holds its predictor's name (weight
B, with the quote), as written and without accents (sources.names.name_key),
so "altman" finds what Sam Altmán predicted: the vectors
written before are computed again, on PostgreSQL (elsewhere there is none).

The expression is predictions.search.VECTOR_SQL as it is at this migration,
written out: a migration keeps doing what it did when it was written."""

from django.db import migrations

REFILL = """
UPDATE predictions_prediction p SET search_vector =
    setweight(to_tsvector('english'::regconfig, COALESCE(p.claim, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(
        (SELECT w.name || ' ' || w.name_key FROM sources_person w WHERE w.id = p.predictor_id),
        '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(
        (SELECT q.text FROM sources_statement q WHERE q.id = p.statement_id), '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(
        (SELECT s.title FROM sources_statement q JOIN sources_source s ON s.id = q.source_id
         WHERE q.id = p.statement_id), '')), 'C')
"""


def refill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFILL)


class Migration(migrations.Migration):
    dependencies = [
        ("predictions", "0019_event_prediction_index_covered"),
    ]

    # The old vectors without the name, on the way back, would be a second
    # copy of this; a vector with a name too still finds all it found.
    operations = [migrations.RunPython(refill, migrations.RunPython.noop)]
