"""A person's record as a small SVG badge (/people/<slug>/badge.svg) for
them, or anyone, to show on their own site: "Hindsight | right 4 of 7 · 57%"."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from predictions import records, selectors
from predictions.records.charts import xml_text
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
    """What the badge says: the accuracy once enough is resolved to rank
    (records.DEFAULT_MINIMUM, as the leaderboard), else how many are."""
    record = records.person_record(person)
    scored = record.right + record.wrong + record.partly_right
    if record.accuracy is not None and record.resolved >= records.DEFAULT_MINIMUM:
        value = f"right {record.right} of {scored} · {record.accuracy:.0%}"
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


@require_GET
@cache_control(public=True, max_age=3600)
def person_badge(request, slug: str):
    person = Person.objects.filter(slug=slug, merged_into__isnull=True).first()
    if person is None:
        target = selectors.merged_target(slug)
        if target is None:
            raise Http404("No one in the ledger has this address.")
        return redirect(reverse("predictions:person-badge", args=[target.slug]), permanent=True)
    return render(
        request,
        "predictions/badge.svg",
        {"badge": badge_for(person)},
        content_type="image/svg+xml; charset=utf-8",
    )
