"""The home page's sections, each served by its own index: a partial index on
the published predictions it lists (migration 0014) for the three lists, the
people's totals rows for who is most overdue. Each is a LIMIT in index order,
so the page costs the same on any size of ledger.

The sections are the same for every reader until the ledger changes, so the
page keeps them rendered in the cache (templates/predictions/home.html),
under ``sections_stamp``: today's date (what is coming due moves with it) and
the ledger's version (core.page_cache), which every change a section could
show replaces once it commits:
every event (filed, approved, became due, resolved, edited, a quote
corrected, a person renamed: predictions.services), a deleted prediction, a
saved person or quote, a rebuild of the totals.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, QuerySet
from django.utils import timezone

from core.page_cache import ledger_version
from predictions.models import Prediction
from predictions.records.scoring import Record
from predictions.records.totals import site_record
from predictions.selectors.ledger import list_rows
from sources.models import Person

Status = Prediction.Status


def due_now(limit: int = 10) -> QuerySet[Prediction]:
    """Awaiting resolution, the longest-waiting first (index home_due_now)."""
    return list_rows().due().order_by("resolves_on", "id")[:limit]


def coming_due(*, today: date | None = None, days: int = 30, limit: int = 10):
    """Open, with a deadline in the next ``days`` days (index home_coming_due)."""
    today = today or timezone.localdate()
    return (
        list_rows()
        .open()
        .filter(resolves_on__gte=today, resolves_on__lte=today + timedelta(days=days))
        .order_by("resolves_on", "id")[:limit]
    )


def recently_resolved(limit: int = 10) -> QuerySet[Prediction]:
    """The latest outcomes (index home_recently_resolved)."""
    return list_rows().filter(status=Status.RESOLVED).order_by("-resolved_at", "-id")[:limit]


def most_overdue_people(limit: int = 5) -> QuerySet[Person]:
    """The accountability gap: who has the most predictions past due and
    unresolved, read from the totals rows in the order of their index."""
    return (
        Person.objects.filter(totals__overdue__gt=0)
        .annotate(overdue=F("totals__overdue"))
        .order_by("-totals__overdue", "totals__name", "totals__person_id")[:limit]
    )


def sections_stamp(today: date | None = None) -> str:
    """What the cached sections are valid for: today (what is coming due
    moves with it) and the ledger's version, which every change replaces
    (core.page_cache). No query."""
    today = today or timezone.localdate()
    return f"{today.isoformat()}:{ledger_version()}"


@dataclass(frozen=True)
class Scoreboard:
    """The whole ledger in numbers, for its home page."""

    record: Record

    @property
    def open(self) -> int:
        return self.record.predictions - self.record.resolved - self.record.overdue

    @property
    def past_deadline(self) -> int:
        return self.record.resolved + self.record.overdue

    @property
    def settled_share(self) -> int | None:
        """Of the claims whose deadline has passed, the percentage with an
        outcome recorded (None before any deadline has passed)."""
        if not self.past_deadline:
            return None
        return round(100 * self.record.resolved / self.past_deadline)


def scoreboard() -> Scoreboard:
    """Counts by status and outcome over every published prediction (the
    site's record, summed from the people's totals rows and cached until a
    write commits)."""
    return Scoreboard(site_record())
