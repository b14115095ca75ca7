"""Rules for a prediction's fields: the services, the forms and the admin
all check these, so each rule and its message are written once."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import CharField, Model
from django.utils.text import slugify

from predictions.models import Prediction, Tag


def _max_length(model: type[Model], field: str) -> int:
    column = model._meta.get_field(field)
    assert isinstance(column, CharField) and column.max_length, f"{field} has no max_length"
    return column.max_length


MAX_CLAIM_LENGTH = _max_length(Prediction, "claim")
MAX_TAG_LENGTH = _max_length(Tag, "name")
MAX_TAGS = 20
DEADLINE_BEFORE_MADE = "The deadline cannot be before the day it was said."


def validate_fields(
    *,
    claim: str,
    made_on: date | None,
    resolves_on: date | None,
    confidence: float | None,
    tags: list[str],
    require_deadline: bool,
) -> dict:
    errors: dict[str, list[str]] = {}
    if not claim or not claim.strip():
        errors["claim"] = ["State the claim: what will happen."]
    elif len(claim.strip()) > MAX_CLAIM_LENGTH:
        errors["claim"] = [
            f"Keep the claim to {MAX_CLAIM_LENGTH} characters (it has {len(claim.strip())})."
        ]
    if resolves_on is None and require_deadline:
        errors["resolves_on"] = ["Give the deadline: the day by which it should have happened."]
    elif resolves_on and made_on and resolves_on < made_on:
        errors["resolves_on"] = [DEADLINE_BEFORE_MADE]
    if confidence is not None and (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0 <= confidence <= 1
    ):
        errors["confidence"] = ["Confidence is a probability between 0 and 1."]
    if len(tags) > MAX_TAGS:
        errors["tags"] = [f"Use at most {MAX_TAGS} tags (got {len(tags)})."]
    elif too_long := [t for t in tags if len(t) > MAX_TAG_LENGTH or not slugify(t)]:
        errors["tags"] = [
            f"Each tag needs a letter or digit and at most {MAX_TAG_LENGTH} "
            f"characters: {', '.join(too_long)}."
        ]
    return errors


def no_deadline_found(text: str) -> str:
    """What every edge says when words hold no deadline."""
    return (
        f"No deadline found in “{text.strip()[:100]}”: give a date, or words such as "
        "“within six months” or “by March 2027”."
    )


def quote_source_errors(*, quote: str, source_url: str, source_title: str) -> dict:
    """A quote is only on the record with where it was said."""
    if quote.strip() and not (source_url.strip() or source_title.strip()):
        return {"source_url": ["A quote needs its source: give its URL or title."]}
    return {}


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Stripped, without blanks or duplicates (by slug), in the order given."""
    seen: dict[str, str] = {}
    for raw in tags:
        name = str(raw).strip()
        if name:
            seen.setdefault(slugify(name) or name, name)
    return list(seen.values())


def is_web_url(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True
