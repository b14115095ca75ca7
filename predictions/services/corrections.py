"""Correcting a quote's words or a person's name, with a history.

A prediction's page shows the words it cites and the name of who said them,
read from the statement and the person as they are now. So a change to
either is a change to every prediction that shows it: each gets an event
(``quote_corrected`` or ``person_renamed``) with the old and new values and
the editor's reason, chained like every other event. These are the only
writers of a statement's text and of a person's name once they exist (the
admin comes here too); only an editor may call them.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet

from core.errors import InvalidInput
from predictions import rules
from predictions.models import Prediction, PredictionEvent
from predictions.rules import Actor
from predictions.services._common import append_event, save
from reading.hedges import phrase_occurs
from sources import services as source_services
from sources.models import Person, Statement

MAX_NAME_LENGTH = Person._meta.get_field("name").max_length or 200


@transaction.atomic
def correct_statement_text(
    *, statement: Statement, text: str, actor: Actor, reason: str
) -> Statement:
    """Change the words of ``statement``; every prediction citing it records
    the old and new words. The same words (spaces aside) change nothing.

    Refused (InvalidInput on ``text``) when a prediction read its confidence
    from words the new text no longer holds: that prediction's confidence is
    changed first, so no score rests on words nobody said.
    """
    rules.require_editor(actor, "Only an editor may correct the words of a quote.")
    text = text.strip()
    if not text:
        raise InvalidInput.field("text", "The quote cannot be empty.")
    reason = require_reason(reason)
    current = Statement.objects.select_for_update().get(pk=statement.pk)
    if text == current.text:
        return current
    predictions = _locked(Prediction.objects.filter(statement=current))
    _check_hedges(predictions, text)
    old = current.text
    source_services.set_statement_text(statement=current, text=text)
    data = {"statement": current.pk, "old": old, "new": text, "reason": reason}
    _record(predictions, PredictionEvent.Kind.QUOTE_CORRECTED, actor, data)
    return current


@transaction.atomic
def rename_person(*, person: Person, name: str, actor: Actor, reason: str) -> Person:
    """Change ``person``'s name (their slug, and so their address, stays);
    every prediction they made records the old and new name."""
    rules.require_editor(actor, "Only an editor may change a person's name.")
    name = name.strip()
    if not name:
        raise InvalidInput.field("name", "Give the person's name.")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput.field("name", f"Keep the name to {MAX_NAME_LENGTH} characters.")
    reason = require_reason(reason)
    # NO KEY (as sources.services.create_statement): a filing about this person
    # checks its key to them at commit while holding their totals row, which
    # the rename then moves.
    current = Person.objects.select_for_update(no_key=True).get(pk=person.pk)
    if name == current.name:
        return current
    predictions = _locked(Prediction.objects.filter(predictor=current))
    old = current.name
    source_services.set_person_name(person=current, name=name)
    data = {"person": current.pk, "old": old, "new": name, "reason": reason}
    _record(predictions, PredictionEvent.Kind.PERSON_RENAMED, actor, data)
    return current


def check_statement_text(statement: Statement, text: str) -> None:
    """What correct_statement_text would refuse in ``text`` (InvalidInput on
    ``text``), for a form to say before anything is saved."""
    if not text.strip():
        raise InvalidInput.field("text", "The quote cannot be empty.")
    _check_hedges(Prediction.objects.filter(statement=statement).order_by("pk"), text.strip())


def _check_hedges(predictions: Iterable[Prediction], text: str) -> None:
    for prediction in predictions:
        hedge = prediction.confidence_hedge
        if prediction.confidence_basis == "hedge" and hedge and not phrase_occurs(hedge, text):
            raise InvalidInput.field(
                "text",
                f"Prediction #{prediction.pk} reads its confidence from “{hedge}”, which the "
                "new words do not hold: change that prediction's confidence first.",
            )


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput.field(
            "reason", "Give a reason: it is shown on the history of every prediction it changes."
        )
    return reason


def _locked(predictions: QuerySet[Prediction]) -> list[Prediction]:
    # In id order, so two corrections touching the same predictions queue up
    # instead of deadlocking; locked, so nobody else extends their chains.
    return list(predictions.select_for_update(no_key=True).order_by("pk"))


def _record(
    predictions: list[Prediction], kind: str, actor: Actor, data: dict[str, object]
) -> None:
    for prediction in predictions:
        # A new version: a writer holding the old one, who read the old
        # words, gets a conflict instead of acting on them.
        save(prediction, [])
        append_event(prediction, kind, actor, dict(data))
