"""A person's record as a small SVG badge (/people/<slug>/badge.svg) for
them, or anyone, to show on their own site: "Hindsight | right 4 of 7 · 57%"."""

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.text import xml_text
from predictions import records, selectors
from sources.models import Person

LABEL = "Hindsight"
# Widths from the number of characters at 11 px (Verdana's average advance
# is about 7 px, narrower letters balance wider ones), with padding each side.
CHAR_WIDTH, PADDING = 7, 8
GREY, BLUE = "#555", "#1f56b3"


@dataclass(frozen=True)
class Badge:
    label: str
    value: str
    title: str
    colour: str

    @property
    def left(self) -> int:
        return len(self.label) * CHAR_WIDTH + 2 * PADDING

    @property
    def right(self) -> int:
        return len(self.value) * CHAR_WIDTH + 2 * PADDING

    @property
    def width(self) -> int:
        return self.left + self.right

    @property
    def left_middle(self) -> float:
        return self.left / 2

    @property
    def right_middle(self) -> float:
        return self.left + self.right / 2


def badge_for(person: Person) -> Badge:
    """What the badge says: the accuracy once enough is scored
    (records.SCORE_MINIMUM, as every page), else how many are resolved."""
    record = records.person_record(person)
    if record.shows_accuracy and record.accuracy is not None:
        value = f"right {record.right} of {record.scored} · {record.accuracy:.0%}"
        colour = BLUE
    elif record.resolved:
        value = f"{record.resolved} resolved: too few to score"
        colour = GREY
    else:
        value = "nothing resolved yet"
        colour = GREY
    name = xml_text(person.name)
    return Badge(
        label=LABEL,
        value=value,
        title=f"{name}'s record on Hindsight: {value}",
        colour=colour,
    )


def person_or_moved(slug: str, url_name: str) -> Person | HttpResponse:
    """The person at ``slug``, or a permanent redirect to ``url_name`` of whom
    they were merged into (an embedded image keeps working after a merge)."""
    person = selectors.people_with_counts(listed=False).filter(slug=slug).first()
    if person is not None:
        return person
    target = selectors.merged_target(slug)
    if target is None:
        raise Http404("No one in the ledger has this address.")
    return redirect(reverse(url_name, args=[target.slug]), permanent=True)


@require_GET
@cache_control(public=True, max_age=3600)
def person_badge(request, slug: str):
    person = person_or_moved(slug, "predictions:person-badge")
    if isinstance(person, HttpResponse):
        return person
    return render(
        request,
        "predictions/badge.svg",
        {"badge": badge_for(person)},
        content_type="image/svg+xml; charset=utf-8",
    )
