"""Share cards as PNG (/predictions/<id>/card.png, /people/<slug>/card.png):
the image a link preview shows (predictions.share_cards draws them)."""

from typing import cast

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from predictions import records, selectors, share_cards
from predictions.views.badges import person_or_moved
from predictions.views.people import CountedPerson, counts_in_words


def _png(card: share_cards.Card) -> HttpResponse:
    return HttpResponse(share_cards.png_for(card), content_type="image/png")


@require_GET
@cache_control(public=True, max_age=3600)
def prediction_card(request, pk: int):
    # As the prediction's page: a claim awaiting review has no card but for
    # its filer and the editors.
    prediction = get_object_or_404(selectors.prediction_page(request.user), pk=pk)
    return _png(share_cards.prediction_card(prediction))


@require_GET
@cache_control(public=True, max_age=3600)
def person_card(request, slug: str):
    person = person_or_moved(slug, "predictions:person-card")
    if isinstance(person, HttpResponse):
        return person
    # people_with_counts annotated the counts (badges.person_or_moved).
    counts = counts_in_words(cast(CountedPerson, person))
    card = share_cards.person_card(person, records.person_record(person), counts)
    return _png(card)
