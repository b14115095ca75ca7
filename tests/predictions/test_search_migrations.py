"""Migration 0020 computes every prediction's search vector again, with its
predictor's name, as predictions.search computes it now; 0022 moves the
vectors into a table of their own, and back."""

import pytest
from django.db import connection

from predictions import search
from predictions.models import Prediction, SearchDocument
from tests.support.markers import requires_postgres
from tests.support.migrations import LATEST, migrate_to

pytestmark = [pytest.mark.django_db(transaction=True), requires_postgres]

BEFORE = [("predictions", "0019_event_prediction_index_covered")]
BEFORE_DOCUMENTS = [("predictions", "0021_resolved_strip_by_deadline")]


@pytest.fixture
def migrate():
    yield migrate_to
    migrate_to(LATEST)


def test_the_vectors_are_computed_again_with_the_name(migrate):
    apps = migrate(BEFORE)
    Person = apps.get_model("sources", "Person")
    Source = apps.get_model("sources", "Source")
    Statement = apps.get_model("sources", "Statement")
    Old = apps.get_model("predictions", "Prediction")
    altman = Person.objects.create(name="Sam Altman", slug="sam-altman")
    source = Source.objects.create(title="Reddit AMA", url="https://example.com/ama")
    quote = Statement.objects.create(
        speaker=altman,
        source=source,
        said_on="2025-01-31",
        text="We have been on the wrong side of history.",
    )
    quoted = Old.objects.create(
        claim="OpenAI open-sources a model", predictor=altman, statement=quote,
        made_on="2025-01-31", resolves_on="2025-03-01",
    )  # fmt: skip
    bare = Old.objects.create(
        claim="GPT-5 ships", predictor=altman, made_on="2025-01-31", resolves_on="2025-12-31"
    )

    migrate_to(LATEST)

    ids = [quoted.pk, bare.pk]
    documents = SearchDocument.objects.filter(pk__in=ids)
    migrated = dict(documents.values_list("pk", "vector"))
    search.refresh_search_documents(ids)
    assert migrated == dict(documents.values_list("pk", "vector"))
    assert "'altman':" in str(migrated[bare.pk])
    assert set(search.search(Prediction.objects.all(), "altman history")) == {
        Prediction.objects.get(pk=quoted.pk)
    }


def search_index_table() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_indexes WHERE indexname = 'prediction_search'")
        row = cursor.fetchone()
    return row[0] if row else None


def test_the_vectors_move_to_their_own_table_with_the_index_and_back(migrate):
    apps = migrate(BEFORE_DOCUMENTS)
    Person = apps.get_model("sources", "Person")
    Old = apps.get_model("predictions", "Prediction")
    person = Person.objects.create(name="Ada Lovelace", slug="ada-lovelace")
    indexed, unindexed = (
        Old.objects.create(
            claim=claim, predictor=person, made_on="2025-01-31", resolves_on="2025-12-31"
        )
        for claim in ("The engine computes Bernoulli numbers", "Never indexed")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE predictions_prediction SET search_vector = to_tsvector('english', claim)"
            " WHERE id = %s",
            [indexed.pk],
        )
    assert search_index_table() == "predictions_prediction"

    migrate_to(LATEST)

    assert search_index_table() == "predictions_searchdocument"
    assert dict(SearchDocument.objects.values_list("pk", "vector")) == {
        indexed.pk: "'bernoulli':4 'comput':3 'engin':2 'number':5"
    }
    assert list(search.search(Prediction.objects.all(), "bernoulli")) == [
        Prediction.objects.get(pk=indexed.pk)
    ]

    apps = migrate(BEFORE_DOCUMENTS)

    assert search_index_table() == "predictions_prediction"
    Old = apps.get_model("predictions", "Prediction")
    vectors = dict(Old.objects.values_list("pk", "search_vector"))
    assert vectors == {
        indexed.pk: "'bernoulli':4 'comput':3 'engin':2 'number':5",
        unindexed.pk: None,
    }
