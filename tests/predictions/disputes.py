"""Published predictions to dispute, for the tests of disputes (services,
pages and API): an editor files them, so they skip review."""

import datetime as dt

from django.contrib.auth.models import User

from predictions import services
from predictions.models import Prediction

EVIDENCE = "https://news.example.com/bridge-opened"
QUOTE = "We will open the bridge within the next month."


def published(editor: User, *, quote: bool = True) -> Prediction:
    """Open (due 20 March 2026 on the tests' 10 March), with its quote unless
    ``quote`` is False."""
    words = (
        {
            "quote": QUOTE,
            "source_title": "Mayor promises bridge",
            "published_on": dt.date(2026, 2, 20),
        }
        if quote
        else {"made_on": dt.date(2026, 2, 20)}
    )
    return services.file_claim(
        filed_by=editor,
        claim="The Riverton bridge reopens",
        predictor="A Mayor",
        deadline_text="within the next month",
        **words,
    )


def resolved(editor: User, outcome: str = "wrong", *, quote: bool = True) -> Prediction:
    """Published, then resolved by the editor as ``outcome`` with a note."""
    return services.resolve_prediction(
        prediction=published(editor, quote=quote),
        actor=editor,
        outcome=outcome,
        note="Still closed on the deadline.",
    )


def kinds(prediction: Prediction) -> list[str]:
    return list(prediction.events.order_by("id").values_list("kind", flat=True))


def stored(prediction: Prediction) -> Prediction:
    return Prediction.objects.get(pk=prediction.pk)
