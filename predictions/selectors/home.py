"""The home page's sections, each served by its own index: a partial index on
the published predictions it lists (migration 0014) for the three lists, the
people's totals rows for who is most overdue. Each is a LIMIT in index order,
so the page costs the same on any size of ledger.

The sections are the same for every reader until the ledger changes, so the
page keeps them rendered in the cache (templates/predictions/home.html),
under ``sections_stamp``: today's date (what is coming due moves with it) and
the latest event's id. Every change a section shows writes an event — filed,
approved, became due, resolved, edited, a quote corrected, a person renamed
(predictions.services) — so a new event is a new stamp, and the next reader
gets the sections afresh. A deleted prediction writes none: deleting one moves
a generation number kept in the cache, which is part of the stamp too.
"""

from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone

from predictions.models import Prediction, PredictionEvent
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


GENERATION_KEY = "home:sections-generation"


def sections_stamp(today: date | None = None) -> str:
    """What the cached sections are valid for (see the module's docstring):
    one query, the highest event id, read from the end of its index."""
    today = today or timezone.localdate()
    latest = PredictionEvent.objects.aggregate(latest=Max("id"))["latest"]
    return f"{today.isoformat()}:{latest or 0}:{cache.get(GENERATION_KEY, 0)}"


def forget_sections(**kwargs: Any) -> None:
    """Once the write commits, no reader gets the sections cached before it
    (a receiver of Prediction's post_delete, connected by predictions.apps)."""

    def move_on() -> None:
        if not cache.add(GENERATION_KEY, 1, timeout=None):
            cache.incr(GENERATION_KEY)

    transaction.on_commit(move_on)
