"""What the editors' queue shows beside each claim awaiting review: where its
quote sits in the source's captured text, and claims and people it may
duplicate."""

from dataclasses import dataclass, field

from django.db.models import Q

from predictions.models import Prediction
from predictions.selectors.ledger import proposals_queue, read_alike, review_queue
from reading.quotes import Found, locate
from sources.models import Person

QUEUE_LENGTH = 50


@dataclass
class PendingClaim:
    prediction: Prediction
    # None: no quote, or no captured text to look in; see ``quote_checked``.
    quote_found: Found | None = None
    quote_checked: bool = False
    similar_claims: list[Prediction] = field(default_factory=list)
    similar_people: list[Person] = field(default_factory=list)


def _last_word(person: Person) -> str:
    words = person.name.split()
    return words[-1].casefold() if words else ""


def similar_people(people: list[Person], limit: int = 5) -> dict[int, list[Person]]:
    """Person id → others who may be the same: a name that normalises alike
    (sources.names), or one ending in the same word ("Sam Altman", "S. Altman").
    A net for duplicates, for an editor to judge; one query."""
    if not people:
        return {}
    condition = Q(name_key__in={person.name_key for person in people if person.name_key})
    for word in {word for word in map(_last_word, people) if word}:
        condition |= Q(name__iendswith=f" {word}") | Q(name__iexact=word)
    candidates = list(Person.objects.filter(condition, merged_into__isnull=True).order_by("name"))
    found: dict[int, list[Person]] = {}
    for person in people:
        word = _last_word(person)
        found[person.pk] = [
            other
            for other in candidates
            if other.pk != person.pk
            and (
                (person.name_key and other.name_key == person.name_key)
                or (word and _last_word(other) == word)
            )
        ][:limit]
    return found


def claims_alike(predictions: list[Prediction], limit: int = 3) -> dict[int, list[Prediction]]:
    """Prediction id → the same predictor's other claims that read almost the
    same, pending or published (predictions.selectors.ledger.read_alike). One query."""
    predictor_ids = {prediction.predictor_id for prediction in predictions}
    candidates = list(
        Prediction.objects.filter(
            predictor_id__in=predictor_ids,
            status__in=Prediction.COUNTED_STATUSES,
            review_state__in=[Prediction.ReviewState.PENDING, Prediction.ReviewState.PUBLISHED],
        ).only("id", "claim", "predictor_id")
    )
    return {
        prediction.pk: read_alike(
            prediction.claim,
            [
                other
                for other in candidates
                if other.predictor_id == prediction.predictor_id and other.pk != prediction.pk
            ],
        )[:limit]
        for prediction in predictions
    }


def pending_claims(limit: int = QUEUE_LENGTH) -> list[PendingClaim]:
    """The oldest claims awaiting review, each with what helps judge it, in a
    fixed number of queries."""
    predictions = list(review_queue()[:limit])
    alike = claims_alike(predictions)
    people = similar_people([prediction.predictor for prediction in predictions])
    items = []
    for prediction in predictions:
        item = PendingClaim(
            prediction,
            similar_claims=alike.get(prediction.pk, []),
            similar_people=people.get(prediction.predictor_id, []),
        )
        statement = prediction.statement
        if statement is not None and statement.source.text:
            item.quote_checked = True
            item.quote_found = locate(statement.text, statement.source.text)
        items.append(item)
    return items


def pending_proposals(limit: int = QUEUE_LENGTH) -> list[Prediction]:
    return list(proposals_queue()[:limit])
