"""The demo ledger: the seed article's entry and a few marked examples.

Loading is idempotent: each entry is looked up by its predictor and claim
before it is filed, so running it again adds nothing.
"""

from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from predictions import services

# The invented examples, in a module of their own.
from predictions.demo_examples import (
    EXAMPLE_PEOPLE,
    EXAMPLES,
)
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
