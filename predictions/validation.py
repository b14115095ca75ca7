"""Rules for a prediction's fields: the services, the forms and the admin
all check these, so each rule and its message are written once."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import CharField, Model
from django.utils.text import slugify

from predictions.models import Prediction, Tag
from reading.hedges import hedge_named, midpoint, phrase_occurs


def _max_length(model: type[Model], field: str) -> int:
    column = model._meta.get_field(field)
    assert isinstance(column, CharField) and column.max_length, f"{field} has no max_length"
    return column.max_length


MAX_CLAIM_LENGTH = _max_length(Prediction, "claim")
MAX_TAG_LENGTH = _max_length(Tag, "name")
MAX_TAGS = 20
MAX_HEDGE_LENGTH = _max_length(Prediction, "confidence_hedge")
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


@dataclass(frozen=True)
class ConfidenceWithBasis:
    """A confidence as it is stored: the number, where it came from, and for
    "hedge" the speaker's words it was read from."""

    confidence: float | None
    basis: str
    hedge: str


def confidence_with_basis(
    *, confidence: float | None, basis: str | None, hedge: str | None, quote: str
) -> tuple[ConfidenceWithBasis, dict[str, list[str]]]:
    """The confidence to store and the errors that stop it.

    A number without a basis is the filer's estimate; no number and no basis
    is no confidence, even when the quote holds a hedge: reading one in is the
    filer's choice, never a default. "hedge" needs the speaker's words, which
    the ICD 203 table must know and the quote (when there is one) must hold;
    the confidence must lie in the band they read as, and without one it is
    the band's middle. The range of the number itself is validate_fields'.
    """
    Basis = Prediction.ConfidenceBasis
    basis, hedge = (basis or "").strip(), " ".join((hedge or "").split())
    errors: dict[str, list[str]] = {}
    if basis and basis not in Basis.values:
        errors["confidence_basis"] = [
            f"Say where the confidence comes from: {', '.join(Basis.values)}."
        ]
    elif basis == Basis.HEDGE:
        confidence, hedge_errors = _read_hedge(confidence, hedge, quote)
        errors.update(hedge_errors)
    else:
        if hedge:
            errors["confidence_hedge"] = [
                "Only a confidence read from the speaker's words (basis “hedge”) keeps the words."
            ]
        if basis and confidence is None:
            errors["confidence"] = [
                "A basis needs a confidence: give the number, or leave the basis empty."
            ]
        elif confidence is not None and not basis:
            basis = Basis.FILER
    if confidence is None:
        basis, hedge = "", ""
    return ConfidenceWithBasis(confidence, basis, hedge), errors


def _read_hedge(
    confidence: float | None, phrase: str, quote: str
) -> tuple[float | None, dict[str, list[str]]]:
    if not phrase:
        return confidence, {
            "confidence_hedge": [
                "Give the speaker's words the confidence was read from, e.g. “very likely”."
            ]
        }
    if len(phrase) > MAX_HEDGE_LENGTH:
        return confidence, {
            "confidence_hedge": [f"Keep the words to {MAX_HEDGE_LENGTH} characters."]
        }
    hedge = hedge_named(phrase)
    if hedge is None:
        return confidence, {
            "confidence_hedge": [
                f"“{phrase}” is not in the table of estimative words (ICD 203): give words "
                "such as “likely”, “very unlikely” or “almost certainly”, or another basis."
            ]
        }
    if quote.strip() and not phrase_occurs(phrase, quote):
        return confidence, {"confidence_hedge": [f"“{phrase}” does not occur in the quote."]}
    if confidence is None:
        return midpoint(hedge), {}
    if _is_number(confidence) and not hedge.low <= confidence <= hedge.high:
        return confidence, {
            "confidence": [
                f"“{phrase}” reads as {hedge.icd203_term}, {hedge.low:.0%}–{hedge.high:.0%}: "
                f"give a confidence in that range, or none to use {midpoint(hedge):.0%}."
            ]
        }
    return confidence, {}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


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
