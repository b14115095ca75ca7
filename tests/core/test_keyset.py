"""Keyset pages: walking a sorted list forwards by cursor and back again
shows every row once, in order, even where many rows share a sort key; a
cursor that was not given out, or belongs to another order, is refused."""

import base64
import datetime as dt
import json

import pytest
from django.db.models import F

from core import keyset
from core.keyset import BadCursor
from predictions import search, sorting
from predictions.models import Prediction
from predictions.selectors import sources_list
from sources.models import Source
from tests.support.factories import PredictionFactory, SourceFactory
from tests.support.markers import requires_postgres

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 1, 1)


@pytest.fixture
def predictions():
    # Three deadlines, five predictions each: pages end in the middle of a tie.
    for n in range(15):
        day = DAY + dt.timedelta(days=n % 3)
        PredictionFactory.create(made_on=day, resolves_on=day, claim=f"Bridge claim {n}")


def walk(queryset, size: int) -> tuple[list[int], list[list[int]]]:
    """Every row's id, page after page; and the pages again, walking back."""
    pages, cursor = [], ""
    while True:
        found = keyset.page(queryset, size, cursor)
        pages.append([row.pk for row in found.object_list])
        if not found.has_next:
            break
        cursor = found.next_cursor
    back = [pages[-1]]
    cursor = found.previous_cursor
    while cursor:
        found = keyset.page(queryset, size, cursor)
        back.append([row.pk for row in found.object_list])
        cursor = found.previous_cursor if found.has_previous else ""
    return [pk for ids in pages for pk in ids], back[::-1]


@pytest.mark.parametrize("sort", list(sorting.SORTS))
def test_every_order_pages_forwards_and_back_through_every_row(predictions, sort):
    ordered = Prediction.objects.order_by(*sorting.order_by(sort))
    everything = list(ordered.values_list("pk", flat=True))

    seen, back = walk(ordered, 4)

    assert seen == everything
    assert back == [everything[i : i + 4] for i in range(0, 15, 4)]


def test_the_first_page_knows_there_is_a_next_and_the_last_that_there_is_none(predictions):
    ordered = Prediction.objects.order_by("resolves_on", "id")

    first = keyset.page(ordered, 10)
    last = keyset.page(ordered, 10, first.next_cursor)

    assert (first.has_previous, first.has_next, len(first.object_list)) == (False, True, 10)
    assert (last.has_previous, last.has_next, len(last.object_list)) == (True, False, 5)
    assert keyset.page(ordered, 15).has_next is False


@requires_postgres
def test_a_search_pages_by_best_match_then_deadline(predictions):
    PredictionFactory.create(claim="Bridge bridge bridge reopens", made_on=DAY, resolves_on=DAY)
    found = search.search(Prediction.objects.all(), "bridge")
    everything = list(found.values_list("pk", flat=True))
    assert len(everything) == 16

    seen, _ = walk(found, 3)

    assert seen == everything


def test_sources_page_newest_first_undated_last():
    for n in range(6):
        SourceFactory.create(published_on=DAY + dt.timedelta(days=n % 2) if n < 4 else None)
    ordered = sources_list()
    everything = list(ordered.values_list("pk", flat=True))
    dates = [Source.objects.get(pk=pk).published_on for pk in everything]

    seen, _ = walk(ordered, 4)

    assert seen == everything
    assert dates[-2:] == [None, None]
    assert dates[:4] == [DAY + dt.timedelta(days=1)] * 2 + [DAY] * 2


def cursor_of(document) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor!",
        "e30",  # {}
        cursor_of([1, 2]),
        cursor_of({"o": "resolves_on,id", "k": ["2026-01-01"]}),
        cursor_of({"o": "resolves_on,id", "k": ["yesterday", 3]}),
        cursor_of({"o": "resolves_on,id", "k": ["2026-01-01", "3"]}),
        cursor_of({"o": "resolves_on,id", "k": ["2026-01-01", True]}),
        cursor_of({"o": "resolves_on,id", "k": ["2026-01-01", 2**70]}),
        cursor_of({"o": "-made_on,-id", "k": ["2026-01-01", 3]}),
        "A" * 2000,
    ],
)
def test_a_cursor_it_did_not_give_out_is_refused(cursor):
    with pytest.raises(BadCursor):
        keyset.page(Prediction.objects.order_by("resolves_on", "id"), 10, cursor)


def test_a_time_without_a_zone_is_refused():
    cursor = cursor_of({"o": "-created_at,-id", "k": ["2026-01-01T10:00:00", 3]})
    with pytest.raises(BadCursor, match="created_at"):
        keyset.page(Prediction.objects.order_by("-created_at", "-id"), 10, cursor)


def test_an_order_must_end_with_the_id_and_place_no_nulls():
    with pytest.raises(TypeError):
        keyset.keys_of(Prediction.objects.order_by("resolves_on"))
    with pytest.raises(TypeError):
        keyset.keys_of(Source.objects.order_by(F("published_on").desc(nulls_last=True), "id"))
