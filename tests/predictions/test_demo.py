"""The demo ledger: the seed article's entry, recorded once however often it loads."""

import datetime as dt
import hashlib

import pytest
from django.core.management import call_command

from predictions import demo
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
    source = Source.objects.get()
    article = demo.SEED_FILE.read_text(encoding="utf-8")

    assert source.title.startswith('OpenAI "We Are On The Wrong Side Of History"')
    assert source.url == ""
    assert source.published_on == dt.date(2025, 2, 1)
    assert "assumption" in source.description
    assert source.text in article
    assert source.text_sha256 == hashlib.sha256(source.text.encode()).hexdigest()


def test_altman_and_openai_are_recorded(frozen_now):
    demo.load_demo()
    altman = Person.objects.get(slug="sam-altman")

    assert altman.kind == "person"
    assert Person.objects.get(slug="openai").kind == "organization"
    statement = altman.statements.get()
    assert statement.text == "wrong side of history"
    assert statement.said_on == dt.date(2025, 1, 31)


def test_examples_say_they_are_examples_and_straddle_today(frozen_now):
    demo.load_demo()
    examples = Prediction.objects.filter(tags__slug="example")
    today = dt.date(2026, 3, 10)

    assert examples.count() == len(demo.EXAMPLES)
    assert all(p.claim.startswith("Example:") for p in examples)
    assert "Not a real person" in Person.objects.get(slug="example-forecaster").description
    assert examples.filter(resolves_on__gt=today, status="open").exists()
    assert examples.filter(resolves_on__lt=today, status="due").exists()
    assert examples.filter(status="resolved").count() == 3
