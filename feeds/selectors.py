"""The predictions each feed lists: published ones only (a claim awaiting
review is in no feed), narrowed to a person or a tag, in the feed's order."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, QueryDict

from feeds.links import scope_query
from predictions.models import Follow, Prediction, Tag, TagFollow, Watch
from predictions.models.queries import PredictionQuerySet, published_at
from predictions.selectors import ledger_predictions
from sources.models import Person

# An Atom feed is read every hour or so: the newest fifty cover any gap a
# reader leaves, and keep each fetch small.
FEED_ITEMS = 50
# The calendar is read in one piece and lists every unsettled deadline; it is
# streamed in chunks of this many rows.
CALENDAR_CHUNK = 500
UNSETTLED = (Prediction.Status.OPEN, Prediction.Status.DUE)


@dataclass(frozen=True)
class Scope:
    """Whose predictions a feed lists: everyone's, a person's or a tag's."""

    person: Person | None = None
    tag: Tag | None = None

    def narrow(self, predictions: PredictionQuerySet) -> PredictionQuerySet:
        if self.person is not None:
            predictions = predictions.filter(predictor=self.person)
        if self.tag is not None:
            predictions = predictions.tagged(self.tag.slug)
        return predictions

    @property
    def words(self) -> str:
        """ " by Ada Lovelace, tagged energy": how a feed's title says its scope."""
        parts = []
        if self.person is not None:
            parts.append(f" by {self.person.name}")
        if self.tag is not None:
            parts.append(f" tagged {self.tag.name}")
        return ",".join(parts)

    @property
    def query(self) -> str:
        """The query string that asks for this scope again ("?person=ada")."""
        return scope_query(
            self.person.slug if self.person else "", self.tag.slug if self.tag else ""
        )


def scope_from(query: QueryDict) -> Scope:
    """The scope ``?person=<slug>&tag=<slug>`` asks for; a 404 for a person or
    a tag the ledger does not have (a feed reader then shows an error rather
    than a feed that stays empty for ever). A merged person's feed is their
    successor's."""
    person = tag = None
    if any("\x00" in query.get(name, "") for name in ("person", "tag")):
        raise Http404("No one in the ledger has this address.")
    if slug := query.get("person", ""):
        person = Person.objects.filter(slug=slug).first()
        while person is not None and person.merged_into_id is not None:
            person = person.merged_into
        if person is None:
            raise Http404("No one in the ledger has this address.")
    if slug := query.get("tag", ""):
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404("No prediction has this tag.")
    return Scope(person=person, tag=tag)


def newly_published(scope: Scope) -> QuerySet[Prediction]:
    return (
        scope.narrow(ledger_predictions())
        .annotate(published_at=published_at())  # in the index pub_published
        .order_by("-published_at", "-id")[:FEED_ITEMS]
    )


def newly_resolved(scope: Scope) -> QuerySet[Prediction]:
    return (
        scope.narrow(ledger_predictions())
        .filter(status=Prediction.Status.RESOLVED)
        .order_by("-resolved_at", "-id")[:FEED_ITEMS]
    )


def _deadline_rows(predictions: PredictionQuerySet) -> QuerySet[Prediction]:
    # Only what an event shows: no tags, no disputes (ledger_predictions
    # would count them for every row).
    return (
        predictions.published()
        .filter(status__in=UNSETTLED)
        .select_related("predictor", "statement__speaker", "statement__source")
        .defer("statement__source__text")
        .order_by("resolves_on", "id")
    )


def deadlines(scope: Scope) -> QuerySet[Prediction]:
    return _deadline_rows(scope.narrow(Prediction.objects.all()))


def watched_deadlines(user) -> QuerySet[Prediction]:
    """The deadlines of everything ``user`` watches, and of the predictions of
    the people and tags they follow: one calendar for all they asked to hear of."""
    watched = Watch.objects.filter(user=user, prediction=OuterRef("pk"))
    followed_person = Follow.objects.filter(user=user, person=OuterRef("predictor"))
    followed_tag = Prediction.tags.through.objects.filter(
        prediction=OuterRef("pk"),
        tag__in=TagFollow.objects.filter(user=user).values("tag"),
    )
    return _deadline_rows(
        Prediction.objects.filter(
            Q(Exists(watched)) | Q(Exists(followed_person)) | Q(Exists(followed_tag))
        )
    )
