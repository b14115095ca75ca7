"""The questions the ledger keeps asking of its predictions, named once
(Prediction.objects)."""

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce

from predictions.models.tags import Tag

if TYPE_CHECKING:
    from predictions.models.prediction import Prediction  # noqa: F401


def _id_of(model: type[models.Model], slug: str) -> int | None:
    """The id of ``model``'s row with ``slug``, or None (a NUL, which no slug
    holds and PostgreSQL cannot compare, finds nothing)."""
    if "\x00" in slug:
        return None
    return model._default_manager.filter(slug=slug).values_list("pk", flat=True).first()


def published_at() -> Coalesce:
    """When a prediction entered the public ledger: when an editor approved it
    (reviewed_at), or when it was filed by someone whose claims need no review.
    The feed of new predictions orders by it (index pub_published)."""
    return Coalesce("reviewed_at", "created_at")


class PredictionQuerySet(models.QuerySet["Prediction"]):
    """The ledger's recurring questions, named once."""

    def open(self) -> Self:
        return self.filter(status=self.model.Status.OPEN)

    def due(self) -> Self:
        """Past the deadline and nobody has resolved it yet."""
        return self.filter(status=self.model.Status.DUE)

    def published(self) -> Self:
        """Past review: what public lists, feeds, search and records show."""
        return self.filter(review_state=self.model.ReviewState.PUBLISHED)

    def tagged(self, slug: str) -> Self:
        """Carrying the tag ``slug``, or the tag so named as typed (Tag.named).
        The tag is read first (one query), so the planner sees which tag, and
        so how common it is, instead of a join to the tags by slug it can
        only guess at; and a semi-join rather than a join: a list can walk
        its order's index and probe each row's tags, instead of gathering
        every prediction with the tag and sorting."""
        tag = Tag.named(slug)
        if tag is None:
            return self.none()
        through = self.model.tags.through.objects.filter(prediction=OuterRef("pk"), tag_id=tag.pk)
        return self.filter(Exists(through))

    def by_person(self, slug: str) -> Self:
        """Made by the person ``slug`` names, or by whoever has that name as
        typed (sources.names.name_key: case, accents and punctuation aside;
        two people of one name, both). Read by id for the same reason as a
        tag (tagged): an index on the predictor serves it, sized right."""
        from sources.models import Person
        from sources.names import name_key

        person_id = _id_of(Person, slug)
        if person_id is not None:
            return self.filter(predictor_id=person_id)
        key = name_key(slug)
        if not key or "\x00" in slug:
            return self.none()
        named = Person.objects.filter(name_key=key, merged_into__isnull=True)
        return self.filter(predictor_id__in=list(named.values_list("pk", flat=True)[:10]))

    def counted(self) -> Self:
        """The predictions that count in a track record and in a person's numbers."""
        return self.filter(self.model.counted_filter())

    def for_ledger(self) -> Self:
        """With everything a list row shows (predictor, quote with its speaker and
        source, tags), in a fixed number of queries however many rows; without
        the big column no row shows: the source's captured text (a page that
        needs it asks for it, with_source_text)."""
        return (
            self.select_related("predictor", "statement__speaker", "statement__source")
            .prefetch_related("tags")
            .defer("statement__source__text")
        )

    def with_source_text(self) -> Self:
        """for_ledger's rows with their source's captured text after all."""
        return self.defer(None)
