"""The demo ledger: the seed article's entry, recorded once however often it loads."""

import datetime as dt
import hashlib

import pytest
from django.core.management import call_command

from predictions import demo, demo_examples, records
from predictions.models import Prediction, PredictionEvent, Tag
from sources.models import Person, Source, Statement

pytestmark = pytest.mark.django_db

LEDGER_MODELS = [Person, Source, Statement, Prediction, PredictionEvent, Tag]


def snapshot() -> dict:
    return {
        model.__name__: sorted(model._default_manager.values_list("pk", flat=True))
        for model in LEDGER_MODELS
    }


def test_loading_twice_leaves_the_same_rows(frozen_now):
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")

    assert snapshot() == first
    assert len(first["Prediction"]) == 1 + len(demo.EXAMPLES)


def test_the_seed_prediction_is_resolved_wrong_with_its_evidence(frozen_now):
    demo.load_demo()
    prediction = Prediction.objects.get(claim="OpenAI open-sources one of its models")

    assert prediction.predictor.name == "The article's commentator"
    assert prediction.made_on == dt.date(2025, 2, 1)
    assert prediction.deadline_text == "within the next month"
    assert prediction.resolves_on == dt.date(2025, 3, 1)
    assert prediction.status == "resolved"
    assert prediction.outcome == "wrong"
    assert prediction.evidence_url == "https://openai.com/index/introducing-gpt-oss/"
    assert "gpt-oss-120b" in prediction.resolution_note
    assert "2508.10925" in prediction.resolution_note
    assert list(prediction.events.values_list("kind", flat=True)) == ["filed", "resolved"]
    assert prediction.statement is not None
    assert prediction.statement.text.endswith("within the next month")


def test_the_seed_source_keeps_the_article_and_its_fingerprint(frozen_now):
    demo.load_demo()
    source = Source.objects.get(title__startswith="OpenAI")
    article = demo.SEED_FILE.read_text(encoding="utf-8")

    assert source.title.startswith('OpenAI "We Are On The Wrong Side Of History"')
    assert source.url == ""
    assert source.published_on == dt.date(2025, 2, 1)
    assert "assumption" in source.description
    assert "URL unknown" in source.description
    assert source.text in article
    assert source.text_sha256 == hashlib.sha256(source.text.encode()).hexdigest()


def test_altman_and_openai_are_recorded(frozen_now):
    demo.load_demo()
    altman = Person.objects.get(slug="sam-altman")

    assert altman.kind == "person"
    assert Person.objects.get(slug="openai").kind == "organization"
    reported = altman.statements.get(text="wrong side of history")
    assert reported.said_on == dt.date(2025, 1, 31)
    assert reported.source.title.startswith("OpenAI")


def test_the_remark_the_article_reports_is_recorded_where_it_was_made(frozen_now):
    demo.load_demo()
    reported = Statement.objects.get(text="wrong side of history")

    said = reported.original
    assert said is not None
    assert (said.speaker.slug, said.said_on, said.is_paraphrase) == (
        "sam-altman",
        dt.date(2025, 1, 31),
        True,
    )
    assert "wrong side of history" in said.text and "open-source strategy" in said.text
    assert said.source.title == demo.AMA_TITLE
    assert (said.source.kind, said.source.publisher) == ("social", "Reddit")
    assert "URL not recorded" in said.source.description


def test_the_commentators_words_are_the_articles_paraphrase(frozen_now):
    demo.load_demo()
    prediction = Prediction.objects.get(claim="OpenAI open-sources one of its models")

    assert prediction.statement is not None and prediction.statement.is_paraphrase


def test_a_demo_loaded_before_paraphrases_is_brought_up_to_date(frozen_now):
    demo.load_demo()
    # As loaded before: the commentator's words unmarked, the remark unlinked.
    Statement.objects.exclude(source__title=demo.AMA_TITLE).update(
        is_paraphrase=False, original=None
    )

    demo.load_demo()

    prediction = Prediction.objects.get(claim="OpenAI open-sources one of its models")
    assert prediction.statement is not None and prediction.statement.is_paraphrase
    assert Statement.objects.get(text="wrong side of history").original is not None


def test_examples_say_they_are_examples_and_straddle_today(frozen_now):
    demo.load_demo()
    examples = Prediction.objects.filter(tags__slug="example")
    today = dt.date(2026, 3, 10)

    assert examples.count() == len(demo.EXAMPLES)
    assert all(p.claim.startswith("Example:") for p in examples)
    for name in demo.EXAMPLE_PEOPLE:
        assert "Not a real person" in Person.objects.get(name=name).description
    assert examples.filter(resolves_on__gt=today, status="open").exists()
    assert examples.filter(resolves_on__lt=today, status="due").exists()


def test_two_invented_people_have_enough_resolved_to_be_ranked(frozen_now):
    demo.load_demo()

    resolved = {
        name: Prediction.objects.filter(predictor__name=name, status="resolved").count()
        for name in demo.EXAMPLE_PEOPLE
    }
    ranked = [name for name, count in resolved.items() if count >= records.DEFAULT_MINIMUM]
    assert sorted(ranked) == [demo_examples.ANALYST, demo_examples.COLUMNIST], resolved
    confidences = set(
        Prediction.objects.filter(tags__slug="example", status="resolved").values_list(
            "confidence", flat=True
        )
    )
    assert len(confidences) >= 10  # spread over the calibration chart's bands
