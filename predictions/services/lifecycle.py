"""Resolving, reopening, withdrawing and editing a prediction."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.errors import InvalidInput
from predictions import rules
from predictions.models import Prediction, PredictionEvent
from predictions.notifications.reminders import resume_reminders
from predictions.records.totals import invalidate_records
from predictions.rules import Actor
from predictions.search import refresh_search_documents
from predictions.services._common import (
    Status,
    append_event,
    jsonable,
    lock,
    save,
    status_for_deadline,
    user,
)
from predictions.services.filing import deadline_from_words, tags_named
from predictions.validation import (
    clean_tags,
    confidence_with_basis,
    is_web_url,
    validate_fields,
)

# What a resolution sets and a reopening or withdrawal clears.
RESOLUTION_FIELDS = (
    "outcome",
    "resolution_note",
    "evidence_url",
    "resolved_by",
    "resolved_at",
    "self_judged",
)
# What a proposed outcome sets, and its confirmation, decline or supersession clears.
PROPOSAL_FIELDS = (
    "proposed_outcome",
    "proposed_note",
    "proposed_evidence_url",
    "proposed_by",
    "proposed_at",
)
EDITABLE_FIELDS = (
    "claim",
    "made_on",
    "resolves_on",
    "deadline_text",
    "confidence",
    "confidence_basis",
    "confidence_hedge",
    "tags",
)


@transaction.atomic
def resolve_prediction(
    *,
    prediction: Prediction,
    outcome: str,
    actor: Actor,
    note: str = "",
    evidence_url: str = "",
    expected_version: int | None = None,
    resolved_at: datetime | None = None,
) -> Prediction:
    """Record whether the prediction came true: an editor's word, or a
    self-forecaster's about their own forecast (marked self-judged). Anyone
    else proposes an outcome instead (predictions.services.proposals). An
    outcome proposed meanwhile is superseded, and the event says so.

    ``resolved_at`` is for an outcome recorded elsewhere first (an import):
    when it was, not when the ledger learnt of it; the event keeps both."""
    prediction = lock(
        prediction,
        expected_version,
        actor=actor,
        action="resolve",
    )
    validate_outcome(outcome, evidence_url)
    rules.require_available("resolve", prediction)
    superseded = proposal_of(prediction)
    data = set_resolution(
        prediction,
        outcome=outcome,
        note=note,
        evidence_url=evidence_url,
        resolved_by=user(actor),
        self_judged=not rules.is_editor(actor) and rules.is_self_forecaster(actor, prediction),
        resolved_at=resolved_at,
    )
    if superseded:
        data["superseded_proposal"] = superseded
    append_event(prediction, PredictionEvent.Kind.RESOLVED, actor, data)
    return prediction


def validate_outcome(outcome: str, evidence_url: str, *, evidence_required: bool = False) -> None:
    errors: dict[str, list[str]] = {}
    if outcome not in Prediction.Outcome.values:
        errors["outcome"] = [f"Choose one of: {', '.join(Prediction.Outcome.values)}."]
    if evidence_required and not evidence_url.strip():
        errors["evidence_url"] = [
            "Give the address of a page that shows what happened: "
            "an editor checks it before the outcome counts."
        ]
    elif evidence_url and not is_web_url(evidence_url):
        errors["evidence_url"] = ["Enter a full web address starting with http:// or https://."]
    if errors:
        raise InvalidInput(errors)


def set_resolution(
    prediction: Prediction,
    *,
    outcome: str,
    note: str,
    evidence_url: str,
    resolved_by: Any,
    self_judged: bool = False,
    resolved_at: datetime | None = None,
) -> dict[str, Any]:
    """Resolve the locked ``prediction`` and save it, clearing any proposal;
    the data of its RESOLVED event."""
    previous_status = prediction.status
    prediction.status = Status.RESOLVED
    prediction.outcome = outcome
    prediction.resolution_note = note.strip()
    prediction.evidence_url = evidence_url.strip()
    prediction.resolved_by = resolved_by
    now = timezone.now()
    if resolved_at is not None and resolved_at > now:
        raise InvalidInput.field("resolved_at", "An outcome cannot be recorded in the future.")
    prediction.resolved_at = resolved_at or now
    prediction.self_judged = self_judged
    clear_proposal(prediction)
    save(prediction, ["status", *RESOLUTION_FIELDS, *PROPOSAL_FIELDS])
    data: dict[str, Any] = {
        "outcome": outcome,
        "note": prediction.resolution_note,
        "evidence_url": prediction.evidence_url,
        "from_status": previous_status,
    }
    if self_judged:
        data["self_judged"] = True
    if resolved_at is not None:
        data["resolved_at"] = jsonable(resolved_at)
    return data


def proposal_of(prediction: Prediction) -> dict[str, Any] | None:
    """The outcome proposed for ``prediction``, as its events record it."""
    if not prediction.has_proposal:
        return None
    return {
        "outcome": prediction.proposed_outcome,
        "note": prediction.proposed_note,
        "evidence_url": prediction.proposed_evidence_url,
        # The account's id, not its name: the event is kept for good (and
        # hash-chained), while a closed account's name must go (docs/accounts.md).
        "proposed_by_id": prediction.proposed_by_id,
        "proposed_at": jsonable(prediction.proposed_at),
    }


def clear_proposal(prediction: Prediction) -> None:
    prediction.proposed_outcome = ""
    prediction.proposed_note = ""
    prediction.proposed_evidence_url = ""
    prediction.proposed_by = None
    prediction.proposed_at = None


@transaction.atomic
def reopen_prediction(
    *, prediction: Prediction, actor: Actor, reason: str, expected_version: int | None = None
) -> Prediction:
    """Undo a resolution; the prediction goes back to open or due by its date."""
    prediction = lock(
        prediction,
        expected_version,
        actor=actor,
        action="reopen",
    )
    _require_reason(reason)
    rules.require_available("reopen", prediction)
    previous = _clear_resolution(prediction)
    prediction.status = status_for_deadline(prediction.resolves_on)
    save(prediction, ["status", *RESOLUTION_FIELDS, *resume_reminders(prediction)])
    append_event(
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
    prediction = lock(
        prediction,
        expected_version,
        actor=actor,
        action="withdraw",
    )
    _require_reason(reason)
    rules.require_available("withdraw", prediction)
    from_status = prediction.status
    previous = _clear_resolution(prediction) if from_status == Status.RESOLVED else None
    superseded = proposal_of(prediction)
    clear_proposal(prediction)
    prediction.status = Status.WITHDRAWN
    save(prediction, ["status", *RESOLUTION_FIELDS, *PROPOSAL_FIELDS])
    data = {"reason": reason.strip(), "from_status": from_status, "previous": previous}
    if superseded:
        data["superseded_proposal"] = superseded
    append_event(prediction, PredictionEvent.Kind.WITHDRAWN, actor, data)
    return prediction


@transaction.atomic
def edit_prediction(
    *,
    prediction: Prediction,
    actor: Actor,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
    reason: str = "",
) -> Prediction:
    """Change the claim's wording, dates, confidence (with its basis) or tags;
    ``reason``, when given, says why on the prediction's history.

    New ``deadline_text`` without a ``resolves_on`` recomputes the deadline
    from the words. The event keeps each changed field's old and new value.
    Moving the deadline of an open or due prediction moves it between open and
    due accordingly. A resolved prediction's claim, dates and confidence are
    refused (InvalidTransition) until it is reopened; its tags may change.
    """
    prediction = lock(
        prediction,
        expected_version,
        actor=actor,
        action="edit",
    )
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise InvalidInput({name: ["This field cannot be edited."] for name in unknown})
    rules.require_available("edit", prediction)

    new = {name: changes.get(name, None) for name in EDITABLE_FIELDS}
    current_tags = sorted(prediction.tags.values_list("name", flat=True))
    for name in EDITABLE_FIELDS:
        if name not in changes:
            new[name] = current_tags if name == "tags" else getattr(prediction, name)
    new["claim"] = (new["claim"] or "").strip()
    new["deadline_text"] = (new["deadline_text"] or "").strip()
    new["tags"] = clean_tags(new["tags"] or ())
    if "deadline_text" in changes and "resolves_on" not in changes and new["deadline_text"]:
        # New words without a date: the words set the deadline, as when filing.
        new["resolves_on"] = deadline_from_words(new["deadline_text"], new["made_on"])
    errors = validate_fields(
        claim=new["claim"],
        made_on=new["made_on"],
        resolves_on=new["resolves_on"],
        confidence=new["confidence"],
        tags=new["tags"],
        require_deadline=True,
    )
    for field, messages in _confidence_errors(prediction, changes, new).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise InvalidInput(errors)

    diff: dict[str, list[Any]] = {}
    for name in (name for name in EDITABLE_FIELDS if name != "tags"):
        old_value, new_value = getattr(prediction, name), new[name]
        if old_value != new_value:
            diff[name] = [jsonable(old_value), jsonable(new_value)]
            setattr(prediction, name, new_value)
    # What a resolved prediction was judged on waits until it is reopened
    # (rules.locked_fields); asked of what would change, so a form that posts
    # every field unchanged may still change the tags.
    rules.require_editable(prediction, diff)
    # Tags are shared and found by slug, so "AI" for "ai" is no change: the
    # prediction would keep the same tag, under its existing name.
    if {slugify(tag) for tag in new["tags"]} != {slugify(tag) for tag in current_tags}:
        # The tags it leaves lose it from their records too.
        invalidate_records([], extra_tag_ids=prediction.tags.values_list("pk", flat=True))
        diff["tags"] = [current_tags, sorted(new["tags"])]
        prediction.tags.set(tags_named(new["tags"]))
    if not diff:
        return prediction

    if prediction.status in (Status.OPEN, Status.DUE) and "resolves_on" in diff:
        status = status_for_deadline(prediction.resolves_on)
        if status != prediction.status:
            diff["status"] = [prediction.status, status]
            prediction.status = status
    reminder_fields = resume_reminders(prediction) if "status" in diff else []
    save(prediction, [*(name for name in diff if name != "tags"), *reminder_fields])
    if {"claim", "predictor"} & set(diff):  # both are in the search vector
        refresh_search_documents([prediction.pk])
    data: dict[str, Any] = {"changes": diff}
    if reason.strip():
        data["reason"] = reason.strip()
    append_event(prediction, PredictionEvent.Kind.EDITED, actor, data)
    return prediction


def _confidence_errors(
    prediction: Prediction, changes: Mapping[str, Any], new: dict[str, Any]
) -> dict[str, list[str]]:
    """Checks the confidence, its basis and words in ``new`` and puts there
    what is to be stored. A new number keeps the basis it had (the filer's
    estimate if it had none); clearing it clears its basis and words."""
    if "confidence_basis" not in changes and new["confidence"] is None:
        new["confidence_basis"] = ""
    if "confidence_hedge" not in changes and new["confidence_basis"] != "hedge":
        new["confidence_hedge"] = ""
    statement = prediction.statement
    stated, errors = confidence_with_basis(
        confidence=new["confidence"],
        basis=new["confidence_basis"],
        hedge=new["confidence_hedge"],
        quote=statement.text if statement is not None else "",
    )
    new.update(
        confidence=stated.confidence, confidence_basis=stated.basis, confidence_hedge=stated.hedge
    )
    return errors


def _clear_resolution(prediction: Prediction) -> dict[str, Any]:
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
    prediction.self_judged = False
    return previous


def _require_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise InvalidInput.field("reason", "Give a reason: it is shown on the prediction's record.")
