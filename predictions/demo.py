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
from sources.models import Person, Source, Statement

SEED_FILE = Path(__file__).parent / "demo_data" / "openai-wrong-side-of-history.txt"
SEED_PUBLISHED_ON = date(2025, 2, 1)
SEED_SOURCE_NOTE = (
    "URL unknown: the article reached the ledger as text. It carries no date. 1 February "
    "2025 is an assumption: Sam Altman made the remark it reports on 31 January 2025, in a "
    "Reddit AMA, and the article treats it as recent."
)
# Where the remark the article reports was made.
AMA_TITLE = "AMA with OpenAI's Sam Altman and team, r/OpenAI"
AMA_NOTE = (
    "An “ask me anything” thread on Reddit's r/OpenAI, on 31 January 2025, in which Sam "
    "Altman and other OpenAI staff answered questions. URL not recorded here; the words are "
    "as the seed article and news reports of the time give them."
)
AMA_STATEMENT = (
    "OpenAI had been on the “wrong side of history” about open source and needed to figure "
    "out a different open-source strategy."
)
SEED_RESOLUTION = (
    "Wrong: OpenAI did not open-source a model within the month. It released its first "
    "open-weight models since GPT-2, gpt-oss-120b and gpt-oss-20b, on 5 August 2025, five "
    "months after the deadline (model card: arXiv 2508.10925)."
)
SEED_EVIDENCE = "https://openai.com/index/introducing-gpt-oss/"
EXAMPLE_NOTE = "An invented example for the demo ledger, not a real prediction."


FORECASTER = "Example Forecaster"
ANALYST = "Example Analyst"
COLUMNIST = "Example Columnist"
# The invented people, each "not a real person": enough of them with five or
# more resolved predictions, at mixed confidences, that the leaderboard,
# the calibration charts and the home page's scoreboard show something on
# a first run.
EXAMPLE_PEOPLE = {
    FORECASTER: "An invented forecaster whose predictions show what the ledger looks like. "
    "Not a real person.",
    ANALYST: "An invented analyst of Northland's economy, for the demo ledger. Not a real person.",
    COLUMNIST: "An invented newspaper columnist in Riverton, for the demo ledger. Not a real "
    "person.",
}


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
    predictor: str = FORECASTER


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
    Example(
        "Example: Riverton's ferry service carries a million passengers in a year",
        500,
        relativedelta(years=1),
        "within a year",
        0.35,
        outcome="wrong",
        predictor=COLUMNIST,
    ),
    Example(
        "Example: Northland's first offshore wind farm delivers power",
        450,
        relativedelta(months=10),
        "within ten months",
        0.75,
        outcome="right",
        predictor=ANALYST,
    ),
    Example(
        "Example: Northland's inflation falls below 3%",
        380,
        relativedelta(months=6),
        "within six months",
        0.65,
        outcome="right",
        predictor=ANALYST,
    ),
    Example(
        "Example: Northland's unemployment rises above 7%",
        420,
        relativedelta(months=9),
        "within nine months",
        0.2,
        outcome="wrong",
        predictor=ANALYST,
    ),
    Example(
        "Example: the Northland crown weakens 10% against the euro",
        360,
        relativedelta(months=6),
        "over the next six months",
        0.4,
        outcome="right",
        predictor=ANALYST,
    ),
    Example(
        "Example: Northland's house prices fall for two quarters running",
        330,
        relativedelta(months=6),
        "in six months",
        0.55,
        outcome="wrong",
        predictor=ANALYST,
    ),
    Example(
        "Example: Northland's central bank raises rates again",
        290,
        relativedelta(months=4),
        "within four months",
        0.15,
        outcome="wrong",
        predictor=ANALYST,
    ),
    Example(
        "Example: Northland's economy grows by more than 2% in a year",
        260,
        relativedelta(months=6),
        "within six months",
        0.85,
        outcome="right",
        basis="hedge",
        hedge="very likely",
        predictor=ANALYST,
    ),
    Example(
        "Example: Northland's budget returns to surplus",
        30,
        relativedelta(years=2),
        "within two years",
        0.3,
        predictor=ANALYST,
    ),
    Example(
        "Example: Riverton's mayor is re-elected",
        600,
        relativedelta(years=1),
        "within a year",
        0.9,
        outcome="right",
        predictor=COLUMNIST,
    ),
    Example(
        "Example: Riverton's new stadium opens on time",
        540,
        relativedelta(years=1),
        "within a year",
        0.8,
        outcome="wrong",
        predictor=COLUMNIST,
    ),
    Example(
        "Example: the Riverton Rovers win the league",
        480,
        relativedelta(months=8),
        "within eight months",
        0.6,
        outcome="wrong",
        predictor=COLUMNIST,
    ),
    Example(
        "Example: Riverton bans cars from its old town",
        400,
        relativedelta(months=6),
        "in half a year",
        0.7,
        outcome="partly_right",
        predictor=COLUMNIST,
    ),
    Example(
        "Example: Riverton's library reopens after its flood",
        350,
        relativedelta(months=3),
        "in three months",
        0.95,
        outcome="right",
        predictor=COLUMNIST,
    ),
    # Long past its deadline and still unresolved: the most overdue.
    Example(
        "Example: Riverton's harbour tunnel is finished",
        700,
        relativedelta(years=1),
        "within a year",
        0.5,
        predictor=COLUMNIST,
    ),
]


@transaction.atomic
def load_demo() -> int:
    """Record the demo ledger; returns how many predictions were new."""
    # The examples first: the seed, resolved last, leads the home page's
    # recently resolved.
    created = _load_examples(timezone.localdate())
    created += _load_seed()
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
    original = _ama_statement(altman)
    if Prediction.objects.filter(predictor=commentator, claim=claim).exists():
        # Recorded before the commentator's words were marked as the article's
        # paraphrase, and the reported remark linked to the AMA: mark and link.
        Statement.objects.filter(speaker=commentator, source__title=title.strip()).update(
            is_paraphrase=True
        )
        Statement.objects.filter(
            speaker=altman, text="wrong side of history", original__isnull=True
        ).update(original=original)
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
        original=original,
    )
    statement = source_services.create_statement(
        source=source,
        speaker=commentator,
        text="OpenAI may move towards open sourcing its models within the next month",
        context="The article's account of the speaker's conclusion, in its own words: the "
        "article does not quote the speaker.",
        is_paraphrase=True,
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


def _ama_statement(altman: Person) -> Statement:
    """The remark the seed article reports, recorded where it was made: in the
    words news reports gave it, so as a paraphrase, not a quote."""
    source = Source.objects.filter(title=AMA_TITLE, url="").first()
    if source is None:
        source, _ = source_services.get_or_create_source(
            title=AMA_TITLE,
            publisher="Reddit",
            published_on=date(2025, 1, 31),
            kind=Source.Kind.SOCIAL,
            description=AMA_NOTE,
        )
    return source_services.create_statement(
        source=source,
        speaker=altman,
        text=AMA_STATEMENT,
        said_on=date(2025, 1, 31),
        is_paraphrase=True,
    )


def _load_examples(today: date) -> int:
    people = {
        name: source_services.get_or_create_person(name=name, description=description)
        for name, description in EXAMPLE_PEOPLE.items()
    }
    created = 0
    for example in EXAMPLES:
        forecaster = people[example.predictor]
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
