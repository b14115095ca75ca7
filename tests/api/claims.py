"""What the predictions endpoints' tests share: the URLs, the seed claim as
the API takes it, and a ledger of any size written directly."""

from predictions import services
from tests.support.factories import PredictionFactory, StatementFactory

LIST = "/api/v1/predictions/"


def detail(pk) -> str:
    return f"/api/v1/predictions/{pk}/"


SEED_CLAIM = {
    "claim": "OpenAI open-sources one of its models",
    "predictor": {"name": "Article commentator"},
    "quote": "OpenAI may move towards open sourcing its models within the next month",
    "source_url": "https://example.com/openai-wrong-side?utm_source=x",
    "source_title": "OpenAI: wrong side of history",
    "published_on": "2025-02-01",
    "deadline_text": "within the next month",
    "tags": ["openai", "open-source"],
}


def make_ledger(count: int) -> None:
    for n in range(count):
        statement = StatementFactory()
        prediction = PredictionFactory(predictor=statement.speaker, statement=statement)
        prediction.tags.set(services.filing.tags_named([f"tag-{n % 3}", "shared"]))
