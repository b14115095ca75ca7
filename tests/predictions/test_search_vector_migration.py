"""Migration 0020 computes every prediction's search vector again, with its
predictor's name, as predictions.search computes it now."""

import pytest

from predictions import search
from predictions.models import Prediction
from tests.support.markers import requires_postgres
from tests.support.migrations import LATEST, migrate_to

pytestmark = [pytest.mark.django_db(transaction=True), requires_postgres]

BEFORE = [("predictions", "0019_event_prediction_index_covered")]


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
    migrated = dict(Prediction.objects.filter(pk__in=ids).values_list("pk", "search_vector"))
    search.refresh_search_vector(ids)
    assert migrated == dict(
        Prediction.objects.filter(pk__in=ids).values_list("pk", "search_vector")
    )
    assert "'altman':" in str(migrated[bare.pk])
    assert set(search.search(Prediction.objects.all(), "altman history")) == {
        Prediction.objects.get(pk=quoted.pk)
    }
