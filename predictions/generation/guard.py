"""What the generator may write over: an empty ledger, or one it generated.

Generated rows are recognisable (population.PREFIX, population.SOURCE_URL),
so anything else (a person, an account, a source or a prediction someone
entered) makes the generator refuse, naming what it found: it must never
touch a real ledger.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection

from predictions.generation import vocabulary
from predictions.generation.population import PREFIX, SOURCE_URL
from predictions.models import Prediction, PredictionEvent, Tag, Watch
from sources.models import Person, Source, Statement


def foreign_rows() -> list[str]:
    """What the database holds that the generator did not write."""
    found = {
        "people": Person.objects.exclude(slug__startswith=PREFIX).count(),
        "accounts": get_user_model().objects.exclude(username__startswith=PREFIX).count(),
        "sources": Source.objects.exclude(url__startswith=SOURCE_URL).count(),
        "predictions": Prediction.objects.exclude(predictor__slug__startswith=PREFIX).count(),
        "tags": Tag.objects.exclude(slug__in=vocabulary.TAGS).count(),
    }
    return [f"{count} {what}" for what, count in found.items() if count]


def require_only_generated(*, replace: bool) -> None:
    """Refuse unless the ledger is empty, or generated and ``replace`` is given."""
    if connection.vendor != "postgresql":
        raise CommandError("generate_ledger writes with COPY: it needs PostgreSQL.")
    foreign = foreign_rows()
    if foreign:
        raise CommandError(
            "Refusing to run: the database holds data generate_ledger did not write "
            f"({', '.join(foreign)}). It only runs on an empty ledger or a generated one."
        )
    if Prediction.objects.exists() and not replace:
        raise CommandError(
            "The database already holds a generated ledger; pass --replace to write a new one."
        )


# Everything the generator writes, children first. TRUNCATE ... CASCADE also
# empties what refers to them (the outbox, disputes, follows), all generated
# or empty, as require_only_generated has checked.
TABLES = [
    model._meta.db_table
    for model in (PredictionEvent, Watch, Prediction, Statement, Source, Person, Tag)
] + [Prediction.tags.through._meta.db_table, get_user_model()._meta.db_table]


def clear_generated() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
