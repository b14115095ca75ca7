"""The demo ledger: the seed article's entry and a few marked examples.

Loading is idempotent: each entry is looked up by its predictor and claim
before it is filed, so running it again adds nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from predictions import services
from predictions.models import Prediction
from sources import services as source_services
from sources.models import Person, Source

SEED_FILE = Path(__file__).parent / "demo_data" / "openai-wrong-side-of-history.txt"
SEED_PUBLISHED_ON = date(2025, 2, 1)
SEED_SOURCE_NOTE = (
    "The article carries no date. 1 February 2025 is an assumption: Sam Altman made "
    "the remark it reports on 31 January 2025, and the article treats it as recent."
)
SEED_RESOLUTION = (
    "Wrong: OpenAI did not open-source a model within the month. It released its first "
    "open-weight models since GPT-2, gpt-oss-120b and gpt-oss-20b, on 5 August 2025, five "
    "months after the deadline (model card: arXiv 2508.10925)."
)
SEED_EVIDENCE = "https://openai.com/index/introducing-gpt-oss/"
EXAMPLE_NOTE = "An invented example for the demo ledger, not a real prediction."


@dataclass(frozen=True)
class Example:
    claim: str
    made_days_ago: int
    span: relativedelta
    deadline_text: str
    confidence: float | None = None
    outcome: str = ""
    # Whose number the confidence is: the examples show each kind, and only
    # "stated" and "hedge" enter the forecaster's Brier score.
    basis: str = "stated"
    hedge: str = ""


EXAMPLES = [
    Example(
        "Example: the city of Riverton opens its second tram line",
        20,
        relativedelta(months=2),
        "within two months",
        0.6,
        basis="hedge",
        hedge="likely",
    ),
    Example(
        "Example: a four-day working week becomes law in Northland",
        5,
        relativedelta(years=1),
        "within a year",
        0.3,
        basis="filer",
    ),
    Example(
        "Example: the Riverton bridge reopens to traffic",
        100,
        relativedelta(months=3),
        "in three months",
        0.7,
    ),
    Example(
        "Example: average rents in Riverton fall by 5%",
        220,
        relativedelta(months=6),
        "over the next six months",
        0.8,
        outcome="right",
    ),
    Example(
        "Example: Northland's central bank cuts rates twice",
        400,
        relativedelta(months=9),
        "within nine months",
        0.5,
        outcome="partly_right",
        basis="hedge",
        hedge="roughly even chance",
    ),
    Example(
        "Example: Riverton hosts the regional games",
        300,
        relativedelta(months=6),
        "in half a year",
        0.9,
        outcome="wrong",
    ),
]


@transaction.atomic
def load_demo() -> int:
    """Record the demo ledger; returns how many predictions were new."""
    created = _load_seed()
    created += _load_examples(timezone.localdate())
    services.mark_due()
    return created


def _load_seed() -> int:
    title, _, body = SEED_FILE.read_text(encoding="utf-8").partition("\n")
    altman = source_services.get_or_create_person(
        name="Sam Altman", description="Chief executive of OpenAI."
    )
    source_services.get_or_create_person(
        name="OpenAI", kind=Person.Kind.ORGANIZATION, description="AI research company."
    )
    commentator = source_services.get_or_create_person(
        name="The article's commentator",
        slug="openai-wrong-side-of-history-commentator",
        description="The speaker whose argument the article summarises; the article does "
        "not name them.",
    )
    claim = "OpenAI open-sources one of its models"
    if Prediction.objects.filter(predictor=commentator, claim=claim).exists():
        return 0

    # The seed source has no URL, so it is found by its title, not created again.
    source = Source.objects.filter(title=title.strip(), url="").first()
    if source is None:
        source, _ = source_services.get_or_create_source(
            title=title.strip(),
            published_on=SEED_PUBLISHED_ON,
            text=body.strip(),
            description=SEED_SOURCE_NOTE,
        )
    source_services.create_statement(
        source=source,
        speaker=altman,
        text="wrong side of history",
        said_on=date(2025, 1, 31),
        context="Altman acknowledged that OpenAI had been on the “wrong side of history” "
        "regarding open source (as reported by the article).",
    )
    statement = source_services.create_statement(
        source=source,
        speaker=commentator,
        text="OpenAI may move towards open sourcing its models within the next month",
        context="The article's account of the speaker's conclusion.",
    )
    prediction = services.file_claim(
        filed_by=None,
        claim=claim,
        predictor=commentator,
        statement=statement,
        made_on=SEED_PUBLISHED_ON,
        resolves_on=date(2025, 3, 1),
        deadline_text="within the next month",
        tags=["openai", "open-source", "ai"],
    )
    services.resolve_prediction(
        prediction=prediction,
        outcome="wrong",
        actor=None,
        note=SEED_RESOLUTION,
        evidence_url=SEED_EVIDENCE,
    )
    return 1


def _load_examples(today: date) -> int:
    forecaster = source_services.get_or_create_person(
        name="Example Forecaster",
        description="An invented forecaster whose predictions show what the ledger looks "
        "like. Not a real person.",
    )
    created = 0
    for example in EXAMPLES:
        if Prediction.objects.filter(predictor=forecaster, claim=example.claim).exists():
            continue
        made_on = today - timedelta(days=example.made_days_ago)
        prediction = services.file_claim(
            filed_by=None,
            claim=example.claim,
            predictor=forecaster,
            made_on=made_on,
            resolves_on=made_on + example.span,
            deadline_text=example.deadline_text,
            confidence=example.confidence,
            confidence_basis=example.basis,
            confidence_hedge=example.hedge,
            tags=["example"],
        )
        if example.outcome:
            services.resolve_prediction(
                prediction=prediction, outcome=example.outcome, actor=None, note=EXAMPLE_NOTE
            )
        created += 1
    return created
