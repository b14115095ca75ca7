"""What the outbox and email link tests share: predictions past their
deadline that alice filed, and the due email she was sent."""

import datetime as dt

import pytest

from predictions import services
from predictions.models import Watch
from tests.predictions.notifications.resolve_links import notify
from tests.support.factories import PersonFactory, PredictionFactory

DEADLINE = dt.date(2026, 3, 1)  # passed on frozen_now, 10 March 2026


@pytest.fixture
def due_prediction(frozen_now, contributor):
    """An open prediction past its deadline, filed (and so watched) by alice,
    about her own forecast: hers to resolve."""
    prediction = PredictionFactory.create(
        made_on=dt.date(2026, 2, 1),
        resolves_on=DEADLINE,
        filed_by=contributor,
        predictor=PersonFactory(account=contributor),
    )
    prediction.tags.create(name="AI", slug="ai")
    Watch.objects.create(user=contributor, prediction=prediction)
    return prediction


@pytest.fixture
def prediction(contributor, frozen_now):
    """Filed by alice about her own forecast (the mayor's account is hers): so
    published, and hers to resolve from the email. With its quote; its
    deadline, 1 March 2026, has passed."""
    prediction = services.file_claim(
        filed_by=contributor,
        claim="The Riverton bridge reopens",
        predictor=PersonFactory(name="A Mayor", slug="a-mayor", account=contributor),
        deadline_text="by the end of February",
        resolves_on=dt.date(2026, 3, 1),
        tags=["transport"],
        quote="We will open the bridge by the end of February.",
        source_title="Mayor promises bridge",
        published_on=dt.date(2026, 2, 1),
    )
    assert prediction.status == "due"
    return prediction


@pytest.fixture
def notification(contributor, prediction):
    """The due email sent to alice, the filer."""
    return notify(contributor, prediction)
