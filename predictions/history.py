"""The tamper-evident history: each prediction's events form one hash chain.

An event's hash is the SHA-256 of the previous event's hash followed by the
event's canonical JSON, so changing, dropping or reordering any event breaks
every later link. A prediction's first event follows "". docs/history.md says
why there is one chain per prediction, what it proves, and how to check one
by hand from the API.

The format is a contract with everyone holding a copy of a hash: the
canonical JSON below must never change, or every chain written before breaks.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from itertools import chain
from typing import Any, NamedTuple

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from core.display import account_name
from predictions.models import Prediction, PredictionEvent

# What the first event of a chain follows.
GENESIS = ""


class Head(NamedTuple):
    """A chain's latest event: what the next event links to."""

    hash: str
    at: datetime


# --- The format -------------------------------------------------------------------


def utc_timestamp(at: datetime) -> str:
    """ISO 8601 in UTC with microseconds, always six digits: the API may show
    the same moment in another offset, or without ".000000"."""
    if at.tzinfo is None:
        raise ValueError("An event's time must be timezone-aware.")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_json(
    *, prediction_id: int, kind: str, actor_id: int | None, at: datetime, data: Any
) -> bytes:
    """The bytes an event's hash covers: sorted keys, no spaces, UTF-8."""
    document = {
        "prediction": prediction_id,
        "kind": kind,
        "actor": actor_id,
        "at": utc_timestamp(at),
        "data": data,
    }
    text = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def chain_hash(previous_hash: str, canonical: bytes) -> str:
    return hashlib.sha256(previous_hash.encode("ascii") + canonical).hexdigest()


def event_hash(
    *,
    previous_hash: str,
    prediction_id: int,
    kind: str,
    actor_id: int | None,
    at: datetime,
    data: Any,
) -> str:
    canonical = canonical_json(
        prediction_id=prediction_id, kind=kind, actor_id=actor_id, at=at, data=data
    )
    return chain_hash(previous_hash, canonical)


def hash_of(event: Any, previous_hash: str) -> str:
    """``event``'s hash after ``previous_hash``: of a PredictionEvent, or of
    the historical model a migration has."""
    return event_hash(
        previous_hash=previous_hash,
        prediction_id=event.prediction_id,
        kind=event.kind,
        actor_id=event.actor_id,
        at=event.at,
        data=event.data,
    )


def stored_form(data: Any) -> Any:
    """``data`` as it will read back from the database, so the hash written
    now is the hash recomputed later. PostgreSQL's jsonb keeps numbers as
    decimals: it prints 1e+16 as 10000000000000000 (which reads back as an
    int) and has no negative zero. A JSON round trip also turns tuples into
    lists and checks that everything is JSON."""
    text = json.dumps(data, allow_nan=False)
    return json.loads(text, parse_float=_number_as_jsonb_prints_it)


def _number_as_jsonb_prints_it(text: str) -> float | int:
    plain = format(Decimal(text), "f")
    if "." not in plain:
        return int(plain)
    value = float(text)
    return 0.0 if value == 0 else value


# --- Writing ----------------------------------------------------------------------


def link(event: PredictionEvent, head: Head | None) -> PredictionEvent:
    """Chain a new, unsaved ``event`` after ``head`` (None: the chain's first).

    Its time is never earlier than the head's, so the order everyone reads a
    history in, (at, id), is the chain's order even if a clock steps back.
    The caller holds the prediction's row lock, so ``head`` stays the head
    until the event is written; should it not, the (prediction,
    previous_hash) unique constraint refuses the fork.
    """
    if head is not None and event.at < head.at:
        event.at = head.at
    event.data = stored_form(event.data)
    event.previous_hash = head.hash if head is not None else GENESIS
    event.hash = hash_of(event, event.previous_hash)
    return event


def _latest_event() -> QuerySet[PredictionEvent]:
    return PredictionEvent.objects.filter(prediction=OuterRef("pk")).order_by("-at", "-id")


def head_of(prediction_id: int) -> Head | None:
    row = (
        PredictionEvent.objects.filter(prediction_id=prediction_id)
        .order_by("-at", "-id")
        .values_list("hash", "at")
        .first()
    )
    return Head(*row) if row else None


def heads_of(prediction_ids: Iterable[int]) -> dict[int, Head]:
    """Each prediction's head, in one query; a prediction with no event is left out."""
    latest = _latest_event()
    rows = (
        Prediction.objects.filter(pk__in=list(prediction_ids))
        .annotate(
            head_hash=Subquery(latest.values("hash")[:1]),
            head_at=Subquery(latest.values("at")[:1]),
        )
        .values_list("pk", "head_hash", "head_at")
    )
    return {pk: Head(hash, at) for pk, hash, at in rows if at is not None}


# --- Verifying --------------------------------------------------------------------

HASH_MISMATCH = "hash does not match its content"
LINK_MISMATCH = "previous_hash does not match the event before"
NO_EVENTS = "has no events, though every prediction's history starts with its filing"


@dataclass(frozen=True)
class BrokenLink:
    prediction_id: int
    problem: str
    event_id: int | None = None
    kind: str = ""
    at: datetime | None = None

    def __str__(self) -> str:
        if self.event_id is None:
            return f"prediction {self.prediction_id} {self.problem}"
        return (
            f"prediction {self.prediction_id}, event {self.event_id} "
            f"({self.kind} at {utc_timestamp(self.at) if self.at else '?'}): {self.problem}"
        )


@dataclass(frozen=True)
class Verification:
    predictions: int
    events: int
    # The first broken link in (prediction id, at, id) order; None if none.
    broken: BrokenLink | None

    @property
    def intact(self) -> bool:
        return self.broken is None


EVENT_COLUMNS = ("prediction_id", "id", "kind", "actor_id", "at", "data", "previous_hash", "hash")


def verify(*, prediction_id: int | None = None, chunk_size: int = 2000) -> Verification:
    """Recompute every chain (or one prediction's), streaming: predictions and
    their events are read in chunks side by side, so memory stays constant
    however long the ledger. Stops at the first broken link."""
    predictions = Prediction.objects.order_by("pk").values_list("pk", flat=True)
    events = PredictionEvent.objects.order_by("prediction_id", "at", "id").values_list(
        *EVENT_COLUMNS
    )
    if prediction_id is not None:
        predictions = predictions.filter(pk=prediction_id)
        events = events.filter(prediction_id=prediction_id)
    # The predictions are read first, so the events, read a moment later,
    # cover every one of them (a prediction is never deleted). A prediction
    # filed in between is in the events only, and skipped.
    ids = predictions.iterator(chunk_size=chunk_size)
    first = next(ids, None)
    stream: Iterator[tuple[Any, ...]] = events.iterator(chunk_size=chunk_size)
    pending = next(stream, None)
    chains = total = 0
    for pk in chain([first], ids) if first is not None else ():
        chains += 1
        while pending is not None and pending[0] < pk:
            pending = next(stream, None)
        previous = GENESIS
        length = 0
        while pending is not None and pending[0] == pk:
            broken = _check(pending, previous)
            if broken is not None:
                return Verification(chains, total, broken)
            previous = pending[-1]
            length += 1
            total += 1
            pending = next(stream, None)
        if length == 0:
            return Verification(chains, total, BrokenLink(pk, NO_EVENTS))
    return Verification(chains, total, None)


def _check(row: tuple[Any, ...], previous: str) -> BrokenLink | None:
    prediction_id, event_id, kind, actor_id, at, data, previous_hash, stored_hash = row

    def broken(problem: str) -> BrokenLink:
        return BrokenLink(prediction_id, problem, event_id, kind, at)

    if previous_hash != previous:
        return broken(LINK_MISMATCH)
    recomputed = event_hash(
        previous_hash=previous_hash,
        prediction_id=prediction_id,
        kind=kind,
        actor_id=actor_id,
        at=at,
        data=data,
    )
    return broken(HASH_MISMATCH) if recomputed != stored_hash else None


def last_change(prediction_id: int) -> str:
    """The prediction's latest event in words, for a reader whose change came
    too late: "edited by charlie on 2 December 2026 at 14:02"."""
    event = (
        PredictionEvent.objects.filter(prediction_id=prediction_id)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if event is None:
        return ""
    who = account_name(event.actor) or "Hindsight"
    at = timezone.localtime(event.at)
    when = f"{date_format(at, 'j F Y')} at {date_format(at, 'H:i')}"
    return f"{event.get_kind_display().lower()} by {who} on {when}"
