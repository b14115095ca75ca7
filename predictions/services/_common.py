"""What every prediction service shares: locking at a version, saving with a
version bump, recording the event."""

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from core.errors import VersionConflict
from predictions import history, rules
from predictions.models import Prediction, PredictionEvent
from predictions.records.totals import invalidate_records
from predictions.rules import Actor

Status = Prediction.Status


def status_for_deadline(resolves_on: date, today: date | None = None) -> str:
    """Open until the whole deadline day has passed in the site's time zone."""
    today = today or timezone.localdate()
    return Status.DUE if resolves_on < today else Status.OPEN


def lock(
    prediction: Prediction,
    expected_version: int | None,
    *,
    actor: Actor,
    action: str,
) -> Prediction:
    """The prediction's row, locked for this transaction, if ``actor`` may do
    ``action`` to it (predictions.rules), at the expected version. Permission
    comes first, so someone who may not act learns nothing else (not that the
    input was wrong, nor that the prediction changed)."""
    # NO KEY: rows that point at the prediction (a watch, an email owed) may
    # still be written meanwhile; their deferred key checks only share it.
    current = Prediction.objects.select_for_update(no_key=True).get(pk=prediction.pk)
    rules.require_permitted(action, actor, current)
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(
            expected=expected_version,
            current=current.version,
            change=history.last_change(current.pk),
        )
    return current


def save(prediction: Prediction, fields: list[str]) -> None:
    prediction.version += 1
    prediction.save(update_fields=[*fields, "version", "updated_at"])


def append_event(
    prediction: Prediction, kind: str, actor: Actor, data: dict[str, Any]
) -> PredictionEvent:
    """Write the event, chained after the prediction's latest one; every change
    of a prediction comes through here, so the track records it counts in are
    dropped from the cache here too. The caller has locked the prediction's
    row (or just created it), so nobody else extends the chain meanwhile."""
    invalidate_records([prediction.pk])
    event = PredictionEvent(
        prediction=prediction, kind=kind, actor=user(actor), at=timezone.now(), data=data
    )
    history.link(event, history.head_of(prediction.pk))
    event.save()
    return event


def user(actor: Actor) -> User | None:
    """The user to name on a record: None for the system or an anonymous actor."""
    return actor if actor is not None and actor.is_authenticated else None


def jsonable(value: Any) -> Any:
    # datetime is a date too: both become ISO 8601.
    return value.isoformat() if isinstance(value, date) else value
