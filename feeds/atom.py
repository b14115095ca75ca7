"""Atom feeds (django.contrib.syndication): predictions newly published to the
ledger, and predictions newly resolved with their outcome, note and evidence;
each for the whole ledger, a person (?person=<slug>) or a tag (?tag=<slug>)."""

from datetime import UTC
from typing import Any

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks

from core.text import xml_text
from feeds import selectors
from feeds.links import absolute, url_of
from predictions.models import Prediction
from predictions.templatetags.ledger_rows import long_date, unquoted


def _summary(prediction: Prediction) -> str:
    words = (
        f"{prediction.predictor.name} predicted: {prediction.claim} "
        f"(deadline {long_date(prediction.resolves_on)})."
    )
    if prediction.confidence is not None:
        words += f" Confidence {prediction.confidence:.0%}."
    if prediction.statement is not None:
        statement = prediction.statement
        said = "In the source's words" if statement.is_paraphrase else "In their words"
        words += f"\n\n{said}: “{unquoted(statement.text)}” ({statement.source.title})"
    return words


def as_html(text: str) -> str:
    """Atom's <summary type="html">: a reader renders it, so the ledger's plain
    text is escaped (a claim's "<" stays a character) and its blank lines
    become paragraphs."""
    return linebreaks(text, autoescape=True)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    return value


class CleanAtom1Feed(Atom1Feed):
    """Atom that no stored text can break: a control character in a claim or a
    name (the ledger keeps what it was given) would stop the XML writer, and
    with it the whole feed, so what XML cannot carry is dropped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*_clean(args), **{k: _clean(v) for k, v in kwargs.items()})

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*_clean(args), **{k: _clean(v) for k, v in kwargs.items()})


class LedgerFeed(Feed):
    feed_type = CleanAtom1Feed
    title_stem = ""
    url_name = ""

    def get_object(self, request, *args, **kwargs) -> selectors.Scope:
        return selectors.scope_from(request.GET)

    def title(self, scope: selectors.Scope) -> str:
        return f"Hindsight: {self.title_stem}{scope.words}"

    def link(self, scope: selectors.Scope) -> str:
        if scope.person is not None and scope.tag is None:
            return url_of("predictions:person", scope.person.slug)
        return absolute("/predictions/" + scope.query)

    def feed_url(self, scope: selectors.Scope) -> str:
        return url_of(self.url_name) + scope.query

    def item_title(self, prediction: Prediction) -> str:
        return prediction.claim

    def item_link(self, prediction: Prediction) -> str:
        return absolute(prediction.get_absolute_url())

    def item_author_name(self, prediction: Prediction) -> str:
        return prediction.predictor.name

    def item_author_link(self, prediction: Prediction) -> str:
        return url_of("predictions:person", prediction.predictor.slug)

    def item_categories(self, prediction: Prediction) -> list[str]:
        return [tag.name for tag in prediction.tags.all()]


class PublishedFeed(LedgerFeed):
    title_stem = "new predictions"
    url_name = "feeds:published"

    def subtitle(self, scope: selectors.Scope) -> str:
        return f"Predictions newly published to the ledger{scope.words}."

    def items(self, scope: selectors.Scope):
        return selectors.newly_published(scope)

    def item_description(self, prediction: Prediction) -> str:
        return as_html(_summary(prediction))

    def item_pubdate(self, prediction: Prediction):
        return prediction.published_at  # type: ignore[attr-defined]  # newly_published annotates it

    def item_updateddate(self, prediction: Prediction):
        return prediction.updated_at

    def item_guid(self, prediction: Prediction) -> str:
        return absolute(prediction.get_absolute_url())


class ResolvedFeed(LedgerFeed):
    title_stem = "resolved predictions"
    url_name = "feeds:resolved"

    def subtitle(self, scope: selectors.Scope) -> str:
        return f"Predictions newly resolved, with their outcomes{scope.words}."

    def items(self, scope: selectors.Scope):
        return selectors.newly_resolved(scope)

    def item_title(self, prediction: Prediction) -> str:
        return f"{prediction.get_outcome_display()}: {prediction.claim}"

    def item_description(self, prediction: Prediction) -> str:
        words = f"Outcome: {prediction.get_outcome_display()}.\n\n{_summary(prediction)}"
        if prediction.resolution_note:
            words += f"\n\nNote: {prediction.resolution_note}"
        if prediction.evidence_url:
            words += f"\n\nEvidence: {prediction.evidence_url}"
        return as_html(words)

    def item_pubdate(self, prediction: Prediction):
        return prediction.resolved_at

    def item_updateddate(self, prediction: Prediction):
        return prediction.resolved_at

    def item_guid(self, prediction: Prediction) -> str:
        # A prediction reopened and resolved again is a new entry, not an
        # edit of the old one: the resolution's time is in its id.
        assert prediction.resolved_at is not None
        stamp = prediction.resolved_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return f"{absolute(prediction.get_absolute_url())}#outcome-{stamp}"
