"""Share cards as PNG (/predictions/<id>/card.png, /people/<slug>/card.png):
the image a link preview shows (predictions.share_cards draws them)."""

from typing import cast

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from predictions import records, selectors, share_cards
from predictions.views.badges import person_or_moved
from predictions.views.people import CountedPerson, counts_in_words


def _png(card: share_cards.Card) -> HttpResponse:
    return HttpResponse(share_cards.png_for(card), content_type="image/png")


@require_GET
def prediction_card(request, pk: int):
    # As the prediction's page: a claim awaiting review has no card but for
    # its filer and the editors, and no cache may keep theirs for anyone else.
    prediction = get_object_or_404(selectors.prediction_page(request.user), pk=pk)
    response = _png(share_cards.prediction_card(prediction))
    if prediction.is_published:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


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
