"""Fixtures the API tests share."""

import datetime as dt

import pytest

from predictions import services


@pytest.fixture
def filed(contributor, editor, frozen_now):
    """Alice files the seed's claim as the article's commentator said it, and
    an editor approves it: a published claim, hers but not hers to resolve."""
    claim = services.file_claim(
        filed_by=contributor,
        claim="OpenAI open-sources one of its models",
        predictor="Article commentator",
        quote="OpenAI may move towards open sourcing its models within the next month",
        source_url="https://example.com/openai-wrong-side",
        source_title="OpenAI: wrong side of history",
        published_on=dt.date(2025, 2, 1),
        resolves_on=dt.date(2025, 3, 1),
        deadline_text="within the next month",
        tags=["openai", "open-source"],
    )
    return services.review_claim(prediction=claim, actor=editor, decision="approve")
