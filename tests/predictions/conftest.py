"""Fixtures the dispute tests share (services and pages)."""

import pytest

from predictions import services
from tests.predictions.disputes import EVIDENCE, published, resolved


@pytest.fixture
def outcome_dispute(editor, other_contributor, frozen_now):
    """Bob disputes the outcome ("wrong") the editor recorded."""
    return services.open_dispute(
        prediction=resolved(editor, "wrong"),
        actor=other_contributor,
        subject="outcome",
        reason="It reopened on 18 March, before the deadline.",
        evidence_url=EVIDENCE,
    )


@pytest.fixture
def quote_dispute(editor, other_contributor, frozen_now):
    """Bob disputes the quote of an open prediction."""
    return services.open_dispute(
        prediction=published(editor),
        actor=other_contributor,
        subject="quote",
        reason="The mayor said 'this year', not 'within the next month'.",
    )
