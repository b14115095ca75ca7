"""What a prediction's page and its API detail are validated by (ETag,
Last-Modified), read in one small query before anything is rendered.

Every change of a prediction writes a PredictionEvent (predictions.services),
including those that leave its row alone: a dispute opened or settled, a quote
corrected, a person renamed. So the latest event's id, with the row's version,
names the state of the prediction and its history; the texts the page shows
from other rows (predictor, quote, source) are hashed in as well, since a
source's title can be corrected without an event on each prediction citing it.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, OuterRef, Subquery

from predictions.models import Prediction
from sources.models import Statement

# The other rows' texts a page shows; never a source's captured text.
SHOWN_ELSEWHERE = (
    "predictor__slug",
    "predictor__name",
    "statement__text",
    "statement__is_paraphrase",
    "statement__speaker__name",
    "statement__source__title",
    "statement__source__url",
    "statement__source__publisher",
    "statement__source__published_on",
)


@dataclass(frozen=True)
class Freshness:
    version: int
    latest_event: int | None
    changed_at: datetime  # the latest of the row's update and its latest event
    shown_elsewhere: str  # a digest of SHOWN_ELSEWHERE's values

    def tag(self, *extra: object) -> str:
        """An entity tag's value for this state (and ``extra``, for what else
        the representation depends on)."""
        parts = [self.version, self.latest_event or 0, self.shown_elsewhere, *extra]
        return "-".join(str(part) for part in parts)


def published_freshness(pk: int) -> Freshness | None:
    """The validators of published prediction ``pk``; None if there is none."""
    row = (
        Prediction.objects.published()
        .filter(pk=pk)
        .annotate(
            latest_event=Max("events__id"),
            latest_event_at=Max("events__at"),
            # The page lists what else the quote's source records: a quote
            # recorded from it since is a change of the page.
            alongside=Subquery(
                Statement.objects.filter(source=OuterRef("statement__source"))
                .order_by("-id")
                .values("id")[:1]
            ),
        )
        .values(
            "version",
            "updated_at",
            "latest_event",
            "latest_event_at",
            "alongside",
            *SHOWN_ELSEWHERE,
        )
        .first()
    )
    if row is None:
        return None
    shown = "\x1f".join(str(row[name]) for name in (*SHOWN_ELSEWHERE, "alongside"))
    return Freshness(
        version=row["version"],
        latest_event=row["latest_event"],
        changed_at=max(filter(None, (row["updated_at"], row["latest_event_at"]))),
        shown_elsewhere=hashlib.sha256(shown.encode()).hexdigest()[:16],
    )
