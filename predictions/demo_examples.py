"""The demo ledger's invented examples: who, what they predicted, when, and
how it turned out (predictions.demo files them, relative to today)."""

from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

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
