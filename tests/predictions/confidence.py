"""What the confidence basis tests (forms, services, API) share: the quote,
which hedges, and a claim about the bridge filed with it."""

import datetime as dt

from django.contrib.auth.models import User

from predictions import services
from predictions.models import Prediction

QUOTE = "It is very likely that the Riverton bridge reopens by June."


def file(user: User, **arguments) -> Prediction:
    return services.file_claim(
        filed_by=user,
        claim="The Riverton bridge reopens",
        predictor="A Mayor",
        made_on=dt.date(2026, 1, 5),
        resolves_on=dt.date(2026, 6, 30),
        **arguments,
    )
