"""Filing a claim: the predictor, source, statement and prediction in one go."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core import limits
from core.errors import InvalidInput
from predictions import rules
from predictions.models import Prediction, PredictionEvent, Tag, Watch
from predictions.notifications.reminders import first_reminder_at
from predictions.rules import Actor
from predictions.search import refresh_search_documents
from predictions.services._common import append_event, status_for_deadline, user
from predictions.validation import (
    DEADLINE_BEFORE_MADE,
    clean_tags,
    confidence_with_basis,
    no_deadline_found,
    quote_source_errors,
    validate_fields,
)
from reading.deadlines import parse_deadline
from sources import services as source_services
from sources.models import Person, Statement
from sources.services import PersonReference

Review = Prediction.ReviewState


@transaction.atomic
def file_claim(
    *,
    filed_by: Actor,
    claim: str,
    predictor: Person | str | PersonReference,
    resolves_on: date | None = None,
    made_on: date | None = None,
    deadline_text: str = "",
    confidence: float | None = None,
    confidence_basis: str | None = "",
    confidence_hedge: str | None = "",
    tags: Iterable[str] = (),
    statement: Statement | None = None,
    quote: str = "",
    speaker: Person | str | PersonReference | None = None,
    source_url: str = "",
    source_title: str = "",
    source_publisher: str = "",
    published_on: date | None = None,
    quote_is_paraphrase: bool = False,
    source_text: str = "",
    external_id: str = "",
    imported: Mapping[str, Any] | None = None,
) -> Prediction:
    """File a prediction, creating or reusing its predictor, source and statement.

    ``predictor`` (and ``speaker``, which defaults to the predictor) is a
    Person, a PersonReference, or a name or slug: "Sam Altman" and
    "sam-altman" find one person (sources.services.find_person, which also
    refuses a new name that reads like someone else's: LookalikePeople).
    ``quote`` with ``source_url`` or ``source_title`` records the verbatim
    words (or the source's paraphrase of them, ``quote_is_paraphrase``), and
    ``source_text`` the source's whole text when the filer has it (the
    article step); ``made_on`` defaults to when they were said. Without
    ``resolves_on`` the deadline is computed from ``deadline_text`` and
    ``made_on`` ("within the next month" said on 1 February → 1 March).
    ``confidence_basis`` says whose number ``confidence`` is
    (predictions.validation.confidence_with_basis).

    A claim is published at once when an editor or the system files it, or
    when it is a self-forecaster's own forecast; anyone else's awaits review.

    ``imported`` (where the claim was brought in from, as the filed event
    records it) with its ``external_id`` is for imports (transfer): an
    imported claim is published at once only when an editor imports it.
    """
    rules.require_can_file(filed_by)
    tag_names = clean_tags(tags)
    errors = validate_fields(
        claim=claim,
        made_on=made_on,
        resolves_on=resolves_on,
        confidence=confidence,
        tags=tag_names,
        require_deadline=not deadline_text.strip(),
    )
    if statement is not None and quote.strip():
        errors.setdefault("quote", []).append("Give either a statement or a quote, not both.")
    for field, messages in quote_source_errors(
        quote=quote, source_url=source_url, source_title=source_title
    ).items():
        errors.setdefault(field, []).extend(messages)
    stated, confidence_errors = confidence_with_basis(
        confidence=confidence,
        basis=confidence_basis,
        hedge=confidence_hedge,
        quote=statement.text if statement is not None else quote,
    )
    for field, messages in confidence_errors.items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise InvalidInput(errors)

    person = person_from(predictor, field="predictor")
    filer = user(filed_by)
    if quote.strip():
        source, _ = source_services.get_or_create_source(
            url=source_url,
            title=source_title,
            publisher=source_publisher,
            published_on=published_on,
            text=source_text,
            capture=bool(source_text),
            added_by=filer,
        )
        statement = source_services.create_statement(
            source=source,
            speaker=person_from(speaker, field="speaker") if speaker else person,
            text=quote,
            said_on=made_on,
            is_paraphrase=quote_is_paraphrase,
            added_by=filer,
        )
    made_on = made_on or (statement.said_on if statement else timezone.localdate())
    resolves_on = resolves_on or deadline_from_words(deadline_text, made_on)
    if resolves_on < made_on:
        raise InvalidInput.field("resolves_on", DEADLINE_BEFORE_MADE)

    status = status_for_deadline(resolves_on)
    prediction = Prediction.objects.create(
        claim=claim.strip(),
        predictor=person,
        statement=statement,
        made_on=made_on,
        resolves_on=resolves_on,
        deadline_text=deadline_text.strip(),
        confidence=stated.confidence,
        confidence_basis=stated.basis,
        confidence_hedge=stated.hedge,
        status=status,
        # Filed already past its deadline: due from now, its first reminder a week on.
        next_reminder_at=first_reminder_at(status),
        review_state=(
            Review.PUBLISHED if _publishes_at_once(filed_by, person, imported) else Review.PENDING
        ),
        filed_by=filer,
        external_id=external_id,
    )
    prediction.tags.set(tags_named(tag_names))
    refresh_search_documents([prediction.pk])
    if filer is not None:
        Watch.objects.get_or_create(user=filer, prediction=prediction)
    append_event(
        prediction,
        PredictionEvent.Kind.FILED,
        filed_by,
        {
            "claim": prediction.claim,
            "predictor": person.slug,
            "made_on": made_on.isoformat(),
            "resolves_on": resolves_on.isoformat(),
            "deadline_text": prediction.deadline_text,
            "confidence": stated.confidence,
            "confidence_basis": stated.basis,
            "confidence_hedge": stated.hedge,
            "status": prediction.status,
            "review_state": prediction.review_state,
            # The words as filed, so the history's hash covers them too.
            "statement": quoted(statement),
            **({"imported": dict(imported), "external_id": external_id} if imported else {}),
        },
    )
    return prediction


def _publishes_at_once(filed_by: Actor, person: Person, imported: object) -> bool:
    # A file from another tool is not a self-forecaster's word typed here:
    # only an editor's import skips review.
    if imported is not None:
        return filed_by is None or rules.is_editor(filed_by)
    return rules.publishes_at_once(filed_by, person.account_id)


def quoted(statement: Statement | None) -> dict[str, Any] | None:
    if statement is None:
        return None
    return {
        "id": statement.pk,
        "text": statement.text,
        "speaker": statement.speaker.slug,
        "said_on": statement.said_on.isoformat(),
        "source_url": statement.source.url,
        "source_title": statement.source.title,
    }


def tags_named(names: list[str]) -> list[Tag]:
    return [
        Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in names
    ]


def person_from(value: Person | str | PersonReference, *, field: str) -> Person:
    if isinstance(value, Person):
        return value
    if isinstance(value, str):
        value = PersonReference(name=value)
    if not isinstance(value, PersonReference):
        raise InvalidInput.field(field, "Give the name of who said it.")
    return source_services.person_for(value, field=field)


def deadline_from_words(text: str, said_on: date) -> date:
    deadline = parse_deadline(text, said_on)
    if deadline is None:
        raise InvalidInput.field("deadline_text", no_deadline_found(text))
    if not limits.date_in_range(deadline.resolves_on):
        # The words may name any year ("in 5000 years"); the stored deadline
        # keeps to the range every date field takes.
        raise InvalidInput.field("deadline_text", limits.DATE_RANGE_MESSAGE)
    return deadline.resolves_on
