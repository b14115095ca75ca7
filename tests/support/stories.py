"""What the trust story's tests (API and browser) start from."""

import datetime as dt

from django.contrib.auth.models import User

from predictions import services
from sources.models import Person
from tests.support.factories import PersonFactory


def public_figure_with_a_record(editor: User) -> Person:
    """Sam Example, with a published record of two forecasts he stated: right
    at 80%, wrong at 60% (accuracy 1 of 2; Brier ((1 − 0.8)² + 0.6²) / 2 = 0.2)."""
    person = PersonFactory(name="Sam Example", slug="sam-example")
    for claim, confidence, outcome in (("A", 0.8, "right"), ("B", 0.6, "wrong")):
        filed = services.file_claim(
            filed_by=editor,
            claim=f"Example claim {claim}",
            predictor=person,
            made_on=dt.date(2025, 1, 1),
            resolves_on=dt.date(2025, 6, 1),
            confidence=confidence,
            confidence_basis="stated",
        )
        services.resolve_prediction(prediction=filed, outcome=outcome, actor=editor)
    return person
