"""The prediction every action page test acts on."""

import datetime as dt

import pytest

from predictions import services
from tests.support.factories import PersonFactory


@pytest.fixture
def prediction(contributor, frozen_now):
    """Filed by alice about her own forecast (the mayor's account is hers), so
    published at once and hers to resolve, with its quote; due 20 March 2026,
    ten days after 'now'."""
    return services.file_claim(
        filed_by=contributor,
        claim="The Riverton bridge reopens",
        predictor=PersonFactory(name="A Mayor", slug="a-mayor", account=contributor),
        deadline_text="within the next month",
        tags=["transport"],
        quote="We will open the bridge within the next month.",
        source_title="Mayor promises bridge",
        published_on=dt.date(2026, 2, 20),
    )
