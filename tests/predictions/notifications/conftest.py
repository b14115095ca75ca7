"""What the outbox tests share: a prediction past its deadline that alice
filed and watches."""

import datetime as dt

import pytest

from predictions.models import Watch
from tests.support.factories import PredictionFactory

DEADLINE = dt.date(2026, 3, 1)  # passed on frozen_now, 10 March 2026


@pytest.fixture
def due_prediction(frozen_now, contributor):
    """An open prediction past its deadline, filed (and so watched) by alice."""
    prediction = PredictionFactory(
        made_on=dt.date(2026, 2, 1), resolves_on=DEADLINE, filed_by=contributor
    )
    prediction.tags.create(name="AI", slug="ai")
    Watch.objects.create(user=contributor, prediction=prediction)
    return prediction
