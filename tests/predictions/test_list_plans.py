"""The HTML lists cost what they show: on a generated ledger, with sequential
scans switched off, every query of the predictions list (each filter, each
order, the search, a page further on and back), the sources list and a
person's two lists has a plan that reads predictions, statements and sources
through an index; and each request runs the same few queries whether a page
holds 10 rows or 100."""

import html
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from predictions import sorting
from predictions.models import Prediction, Tag
from predictions.views import ledger, people, sources
from tests.support.markers import requires_postgres
from tests.support.plans import assert_no_seq_scan

pytestmark = [requires_postgres, pytest.mark.django_db]

MAX_QUERIES = 6


@pytest.fixture
def generated():
    call_command(
        "generate_ledger", "--predictions", "2000", "--seed", "14", "--today", "2026-03-10",
        "--no-progress", stdout=StringIO(),
    )  # fmt: skip
    busiest = Counter(Prediction.objects.values_list("predictor__slug", flat=True))
    tag = Counter(Tag.objects.values_list("predictions__tags__slug", flat=True))
    return {
        "person": busiest.most_common(1)[0][0],
        "tag": next(slug for slug, _ in tag.most_common() if slug),
    }


def link(response, rel: str) -> str | None:
    """The href of the first pagination link with ``rel``, unescaped."""
    found = re.search(rf'<a href="([^"]+)" rel="{rel}"', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def prediction_lists(generated) -> list[str]:
    """The predictions list with each filter, each order and the search."""
    base = "/predictions/"
    urls = [base, f"{base}?q=growth", f"{base}?q=growth&sort=-made"]
    urls += [f"{base}?sort={value}" for value in sorting.SORTS]
    filters = [
        "status=resolved",
        "status=due",
        "outcome=wrong",
        f"person={generated['person']}",
        f"tag={generated['tag']}",
        "due_after=2027-01-01",
        "due_before=2024-01-01",
        "made_after=2025-06-01",
    ]
    for where in filters:
        urls += [f"{base}?{where}&sort={value}" for value in sorting.SORTS]
    return urls


def test_no_query_of_the_predictions_list_scans_a_big_table(client, generated):
    for url in prediction_lists(generated):
        response = assert_no_seq_scan(client, url)
        following = link(response, "next")
        if following:
            further = assert_no_seq_scan(client, f"/predictions/{following}")
            back = link(further, "prev")
            assert back, url
            assert_no_seq_scan(client, f"/predictions/{back}")


def test_no_query_of_the_sources_list_scans_a_big_table(client, generated):
    for url in ["/sources/", "/sources/?q=report"]:
        response = assert_no_seq_scan(client, url)
        following = link(response, "next")
        if following:
            further = assert_no_seq_scan(client, f"/sources/{following}")
            assert_no_seq_scan(client, f"/sources/{link(further, 'prev')}")


def test_no_query_of_a_persons_lists_scans_a_big_table(client, generated):
    address = f"/people/{generated['person']}/"
    urls = [address, f"{address}?status=resolved", f"{address}?tag={generated['tag']}"]
    urls += [f"{address}?sort={value}" for value in sorting.SORTS]
    for url in urls:
        response = assert_no_seq_scan(client, url)
        following = link(response, "next")
        if following:
            assert_no_seq_scan(client, f"{address}{following.split('#')[0]}")


def count_queries(client, url, django_assert_max_num_queries) -> int:
    """The queries of a second visit: the first reads what is cached until
    the ledger changes (the tag names the filter offers)."""
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/predictions/",
        "/predictions/?q=growth",
        "/predictions/?status=resolved&sort=-made",
        "/predictions/?tag={tag}&sort=-filed",
        "/sources/",
        "/sources/?q=report",
    ],
)
def test_a_list_runs_the_same_few_queries_for_10_rows_as_for_100(
    client, generated, monkeypatch, django_assert_max_num_queries, url
):
    url = url.format(**generated)
    counts = []
    for size in (10, 100):
        monkeypatch.setattr(ledger.PredictionListView, "paginate_by", size)
        monkeypatch.setattr(sources.SourcesView, "paginate_by", size)
        counts.append(count_queries(client, url, django_assert_max_num_queries))
    assert counts[0] == counts[1]


def test_a_persons_lists_run_the_same_queries_for_10_rows_as_for_100(
    client, generated, monkeypatch
):
    # The page around the two lists (track record, charts, counts) runs its
    # own queries; the lists add one each (and the predictions' tags), the
    # same for any page size.
    address = f"/people/{generated['person']}/"
    counts = []
    for size in (10, 100):
        monkeypatch.setattr(people, "PREDICTIONS_PER_PAGE", size)
        monkeypatch.setattr(people, "STATEMENTS_PER_PAGE", size)
        cache.clear()  # the track record is cached; count its queries both times
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
