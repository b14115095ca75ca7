"""Every write to the ledger's predictions.

Each service is keyword-only, runs in one transaction, writes the
PredictionEvent that records it, bumps ``version`` and raises a domain error
(predictions.exceptions) instead of half-doing anything. The web form, the API
and the email links all call these same functions.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from predictions import permissions
from predictions.exceptions import InvalidInput, InvalidTransition, VersionConflict
from predictions.models import Prediction, PredictionEvent, Tag, Watch
from predictions.permissions import Actor
from predictions.validation import (
    DEADLINE_BEFORE_MADE,
    clean_tags,
    is_web_url,
    validate_fields,
)
from sources import services as source_services
from sources.models import Person, Statement

EDITABLE_FIELDS = ("claim", "made_on", "resolves_on", "deadline_text", "confidence", "tags")

Status = Prediction.Status


def status_for_deadline(resolves_on: date, today: date | None = None) -> str:
    """Open until the whole deadline day has passed in the site's time zone."""
    today = today or timezone.localdate()
    return Status.DUE if resolves_on < today else Status.OPEN


# --- Filing -----------------------------------------------------------------


@transaction.atomic
def file_claim(
    *,
    filed_by: Actor,
    claim: str,
    predictor: Person | str,
    resolves_on: date | None,
    made_on: date | None = None,
    deadline_text: str = "",
    confidence: float | None = None,
    tags: Iterable[str] = (),
    statement: Statement | None = None,
    quote: str = "",
    speaker: Person | str | None = None,
    source_url: str = "",
    source_title: str = "",
    source_publisher: str = "",
    published_on: date | None = None,
) -> Prediction:
    """File a prediction, creating or reusing its predictor, source and statement.

    ``predictor`` (and ``speaker``, which defaults to the predictor) is a
    Person or a name or slug: "Sam Altman" and "sam-altman" find one person.
    ``quote`` with ``source_url`` or ``source_title`` records the verbatim
    words; ``made_on`` defaults to when they were said.
    """
    permissions.require(permissions.can_file(filed_by), "Sign in to file a prediction.")
    tag_names = clean_tags(tags)
    errors = validate_fields(
        claim=claim,
        made_on=made_on,
        resolves_on=resolves_on,
        confidence=confidence,
        tags=tag_names,
        require_deadline=True,
    )
    if statement is not None and quote.strip():
        errors.setdefault("quote", []).append("Give either a statement or a quote, not both.")
    if errors:
        raise InvalidInput(errors)

    person = _person(predictor, field="predictor")
    user = _user(filed_by)
    if quote.strip():
        source = source_services.get_or_create_source(
            url=source_url,
            title=source_title,
            publisher=source_publisher,
            published_on=published_on,
            added_by=user,
        )
        statement = source_services.create_statement(
            source=source,
            speaker=_person(speaker, field="speaker") if speaker else person,
            text=quote,
            said_on=made_on,
            added_by=user,
        )
    made_on = made_on or (statement.said_on if statement else timezone.localdate())
    if resolves_on < made_on:
        raise InvalidInput.field("resolves_on", DEADLINE_BEFORE_MADE)

    prediction = Prediction.objects.create(
        claim=claim.strip(),
        predictor=person,
        statement=statement,
        made_on=made_on,
        resolves_on=resolves_on,
        deadline_text=deadline_text.strip(),
        confidence=confidence,
        status=status_for_deadline(resolves_on),
        filed_by=user,
    )
    prediction.tags.set(_tags(tag_names))
    if user is not None:
        Watch.objects.get_or_create(user=user, prediction=prediction)
    _record(
        prediction,
        PredictionEvent.Kind.FILED,
        filed_by,
        {
            "claim": prediction.claim,
            "predictor": person.slug,
            "made_on": made_on.isoformat(),
            "resolves_on": resolves_on.isoformat(),
            "deadline_text": prediction.deadline_text,
            "confidence": confidence,
            "status": prediction.status,
        },
    )
    return prediction


# --- State changes ------------------------------------------------------------


@transaction.atomic
def resolve_prediction(
    *,
    prediction: Prediction,
    outcome: str,
    actor: Actor,
    note: str = "",
    evidence_url: str = "",
    expected_version: int | None = None,
) -> Prediction:
    """Record whether the prediction came true."""
    errors: dict[str, list[str]] = {}
    if outcome not in Prediction.Outcome.values:
        errors["outcome"] = [f"Choose one of: {', '.join(Prediction.Outcome.values)}."]
    if evidence_url and not is_web_url(evidence_url):
        errors["evidence_url"] = ["Enter a full web address starting with http:// or https://."]
    if errors:
        raise InvalidInput(errors)

    prediction = _lock(prediction, expected_version)
    permissions.require(
        permissions.can_resolve(actor, prediction),
        "Only the filer or an editor may resolve this prediction.",
    )
    if prediction.status not in (Status.OPEN, Status.DUE):
        raise InvalidTransition(f"This prediction is {prediction.status}; it cannot be resolved.")

    previous_status = prediction.status
    prediction.status = Status.RESOLVED
    prediction.outcome = outcome
    prediction.resolution_note = note.strip()
    prediction.evidence_url = evidence_url.strip()
    prediction.resolved_by = _user(actor)
    prediction.resolved_at = timezone.now()
    _save(
        prediction,
        ["status", "outcome", "resolution_note", "evidence_url", "resolved_by", "resolved_at"],
    )
    _record(
        prediction,
        PredictionEvent.Kind.RESOLVED,
        actor,
        {
            "outcome": outcome,
            "note": prediction.resolution_note,
            "evidence_url": prediction.evidence_url,
            "from_status": previous_status,
        },
    )
    return prediction


@transaction.atomic
def reopen_prediction(
    *, prediction: Prediction, actor: Actor, reason: str, expected_version: int | None = None
) -> Prediction:
    """Undo a resolution; the prediction goes back to open or due by its date."""
    _require_reason(reason)
    prediction = _lock(prediction, expected_version)
    permissions.require(
        permissions.can_reopen(actor, prediction), "Only an editor may reopen a prediction."
    )
    if prediction.status != Status.RESOLVED:
        raise InvalidTransition(
            f"This prediction is {prediction.status}; only a resolved prediction can be reopened."
        )
    previous = _clear_resolution(prediction)
    prediction.status = status_for_deadline(prediction.resolves_on)
    _save(
        prediction,
        ["status", "outcome", "resolution_note", "evidence_url", "resolved_by", "resolved_at"],
    )
    _record(
        prediction,
        PredictionEvent.Kind.REOPENED,
        actor,
        {"reason": reason.strip(), "status": prediction.status, "previous": previous},
    )
    return prediction


@transaction.atomic
def withdraw_prediction(
    *, prediction: Prediction, actor: Actor, reason: str, expected_version: int | None = None
) -> Prediction:
    """Take a prediction off the record (filed in error, a duplicate, a misquote)."""
    _require_reason(reason)
    prediction = _lock(prediction, expected_version)
    permissions.require(
        permissions.can_withdraw(actor, prediction), "Only an editor may withdraw a prediction."
    )
    if prediction.status == Status.WITHDRAWN:
        raise InvalidTransition("This prediction is already withdrawn.")
    from_status = prediction.status
    previous = _clear_resolution(prediction) if from_status == Status.RESOLVED else None
    prediction.status = Status.WITHDRAWN
    _save(
        prediction,
        ["status", "outcome", "resolution_note", "evidence_url", "resolved_by", "resolved_at"],
    )
    _record(
        prediction,
        PredictionEvent.Kind.WITHDRAWN,
        actor,
        {"reason": reason.strip(), "from_status": from_status, "previous": previous},
    )
    return prediction


@transaction.atomic
def edit_prediction(
    *,
    prediction: Prediction,
    actor: Actor,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> Prediction:
    """Change the claim's wording, dates, confidence or tags.

    The event keeps each changed field's old and new value. Moving the deadline
    of an open or due prediction moves it between open and due accordingly.
    """
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise InvalidInput({name: ["This field cannot be edited."] for name in unknown})
    prediction = _lock(prediction, expected_version)
    permissions.require(
        permissions.can_edit(actor, prediction),
        "Only the filer or an editor may edit this prediction.",
    )
    if prediction.status == Status.WITHDRAWN:
        raise InvalidTransition("A withdrawn prediction cannot be edited.")

    new = {name: changes.get(name, None) for name in EDITABLE_FIELDS}
    current_tags = sorted(prediction.tags.values_list("name", flat=True))
    for name in EDITABLE_FIELDS:
        if name not in changes:
            new[name] = current_tags if name == "tags" else getattr(prediction, name)
    new["claim"] = (new["claim"] or "").strip()
    new["deadline_text"] = (new["deadline_text"] or "").strip()
    new["tags"] = clean_tags(new["tags"] or ())
    errors = validate_fields(
        claim=new["claim"],
        made_on=new["made_on"],
        resolves_on=new["resolves_on"],
        confidence=new["confidence"],
        tags=new["tags"],
        require_deadline=True,
    )
    if errors:
        raise InvalidInput(errors)

    diff: dict[str, list[Any]] = {}
    for name in ("claim", "made_on", "resolves_on", "deadline_text", "confidence"):
        old_value, new_value = getattr(prediction, name), new[name]
        if old_value != new_value:
            diff[name] = [_jsonable(old_value), _jsonable(new_value)]
            setattr(prediction, name, new_value)
    if sorted(new["tags"]) != current_tags:
        diff["tags"] = [current_tags, sorted(new["tags"])]
        prediction.tags.set(_tags(new["tags"]))
    if not diff:
        return prediction

    if prediction.status in (Status.OPEN, Status.DUE) and "resolves_on" in diff:
        status = status_for_deadline(prediction.resolves_on)
        if status != prediction.status:
            diff["status"] = [prediction.status, status]
            prediction.status = status
    _save(prediction, [name for name in diff if name != "tags"])
    _record(prediction, PredictionEvent.Kind.EDITED, actor, {"changes": diff})
    return prediction


def mark_due(*, today: date | None = None, batch_size: int = 500) -> int:
    """Flip every open prediction whose deadline day has passed to due.

    The query is "deadline passed and still open", never "deadline in the last
    few minutes", so a job that did not run for a day catches up. Each batch is
    its own short transaction: rows are claimed with SKIP LOCKED (a concurrent
    run takes other rows, never the same ones) and flipped with a
    compare-and-set UPDATE, and the events are written in that transaction.
    Returns how many predictions this call flipped.
    """
    today = today or timezone.localdate()
    flipped = 0
    while True:
        with transaction.atomic():
            ids = list(
                Prediction.objects.filter(status=Status.OPEN, resolves_on__lt=today)
                .order_by("resolves_on", "id")
                .select_for_update(skip_locked=True)
                .values_list("id", flat=True)[:batch_size]
            )
            if not ids:
                return flipped
            now = timezone.now()
            Prediction.objects.filter(pk__in=ids, status=Status.OPEN).update(
                status=Status.DUE, version=F("version") + 1, updated_at=now
            )
            deadlines = dict(Prediction.objects.filter(pk__in=ids).values_list("id", "resolves_on"))
            PredictionEvent.objects.bulk_create(
                PredictionEvent(
                    prediction_id=pk,
                    kind=PredictionEvent.Kind.BECAME_DUE,
                    at=now,
                    data={"resolves_on": deadlines[pk].isoformat()},
                )
                for pk in ids
            )
            flipped += len(ids)
        if len(ids) < batch_size:
            return flipped


# --- Helpers ------------------------------------------------------------------


def _lock(prediction: Prediction, expected_version: int | None) -> Prediction:
    """The prediction's row, locked for this transaction, at the expected version."""
    current = Prediction.objects.select_for_update().get(pk=prediction.pk)
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(expected=expected_version, current=current.version)
    return current


def _save(prediction: Prediction, fields: list[str]) -> None:
    prediction.version += 1
    prediction.save(update_fields=[*fields, "version", "updated_at"])


def _record(prediction: Prediction, kind: str, actor: Actor, data: dict) -> PredictionEvent:
    return PredictionEvent.objects.create(
        prediction=prediction, kind=kind, actor=_user(actor), at=timezone.now(), data=data
    )


def _clear_resolution(prediction: Prediction) -> dict:
    previous = {
        "outcome": prediction.outcome,
        "note": prediction.resolution_note,
        "evidence_url": prediction.evidence_url,
    }
    prediction.outcome = ""
    prediction.resolution_note = ""
    prediction.evidence_url = ""
    prediction.resolved_by = None
    prediction.resolved_at = None
    return previous


def _tags(names: list[str]) -> list[Tag]:
    return [
        Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in names
    ]


def _person(value: Person | str, *, field: str) -> Person:
    if isinstance(value, Person):
        return value
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput.field(field, "Give the name of who said it.")
    return source_services.get_or_create_person(name=value)


def _user(actor: Actor):
    return actor if actor is not None and actor.is_authenticated else None


def _require_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise InvalidInput.field("reason", "Give a reason: it is shown on the prediction's record.")


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
