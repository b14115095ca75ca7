"""The lists of predictions and sources page by cursor: "Next page" and
"Previous page" links keep the filters, old numbered links lead for good to
the first page, and a cursor that cannot be read is a 400 that says so."""

import datetime as dt

import pytest
from pytest_django.asserts import assertContains

from predictions import filters
from predictions.models import Tag
from tests.support.factories import PersonFactory, PredictionFactory, StatementFactory
from tests.support.html import claim_of, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty():
    tag = Tag.objects.create(name="politics", slug="politics")
    for n in range(30):
        day = dt.date(2026, 2, 1) + dt.timedelta(days=n // 2)
        PredictionFactory.create(claim=f"Claim {n:02d}", resolves_on=day).tags.add(tag)


def claims(seen) -> list[str]:
    return [claim_of(row["cells"][0]) for row in seen.rows]


def test_next_and_previous_walk_the_list_keeping_filters_and_order(client, thirty):
    first = page(client.get("/predictions/", {"tag": "politics", "sort": "-deadline"}))
    assert len(first.rows) == 25
    assert set(first.pagination) == {"next"}
    assert first.pagination["next"].startswith("?tag=politics&sort=-deadline&cursor=")

    second = page(client.get("/predictions/" + first.pagination["next"]))
    assert len(second.rows) == 5
    assert set(second.pagination) == {"prev"}
    assert set(claims(first)) | set(claims(second)) == {f"Claim {n:02d}" for n in range(30)}

    back = page(client.get("/predictions/" + second.pagination["prev"]))
    assert claims(back) == claims(first)
    assert set(back.pagination) == {"next"}


def test_the_links_are_named_in_a_labelled_nav(client, thirty):
    seen = page(client.get("/predictions/"))
    nav = seen.one('nav.pagination[aria-label="Pages of predictions"]')
    assert [a.get_text() for a in nav.select("a")] == ["Next page"]


def count_line(response) -> str:
    return page(response).one('p[role="status"]').get_text(" ", strip=True)


def test_the_list_says_how_many_match_when_one_page_holds_them(client, thirty):
    assert count_line(client.get("/predictions/", {"q": "Claim 07"})) == "1 prediction matches."
    assert count_line(client.get("/predictions/", {"q": "nothing like it"})) == (
        "No prediction matches. See them all ."
    )


def test_the_list_counts_past_its_page_but_no_further_than_the_limit(
    client, thirty, monkeypatch, django_assert_num_queries
):
    assert count_line(client.get("/predictions/", {"tag": "politics"})) == ("30 predictions match.")
    monkeypatch.setattr(filters, "MATCH_COUNT_LIMIT", 28)
    response = client.get("/predictions/", {"tag": "politics"})
    assert count_line(response) == "More than 28 predictions match."
    with django_assert_num_queries(2) as captured:  # the page, and the count
        response = client.get("/predictions/")
    assert count_line(response) == "More than 28 predictions."
    assert "LIMIT 29" in captured.captured_queries[1]["sql"]


@pytest.mark.parametrize("url", ["/predictions/", "/sources/", "/people/pundit/"])
@pytest.mark.parametrize("cursor", ["nonsense", "eyJvIjoieCJ9"])
def test_a_cursor_that_cannot_be_read_is_a_400_with_a_way_back(client, url, cursor):
    PersonFactory.create(slug="pundit")
    response = client.get(url, {"sort": "-made", "cursor": cursor})

    assert response.status_code == 400
    assertContains(response, "This page link cannot be read", status_code=400)
    assertContains(
        response,
        f'<a href="{url}?sort=-made">Go to the first page of the list</a>',
        status_code=400,
    )


def test_a_bad_statements_cursor_on_a_persons_page_is_a_400(client):
    PersonFactory.create(slug="pundit")
    response = client.get("/people/pundit/", {"statements_cursor": "!!"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "moved_to"),
    [
        ("/predictions/?page=7", "/predictions/"),
        ("/predictions/?tag=politics&page=2&sort=-made", "/predictions/?tag=politics&sort=-made"),
        ("/sources/?q=story&page=3", "/sources/?q=story"),
        ("/people/pundit/?status=open&page=2&statements_page=4", "/people/pundit/?status=open"),
    ],
)
def test_an_old_numbered_page_link_moves_for_good_to_the_first_page(client, url, moved_to):
    PersonFactory.create(slug="pundit")
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == moved_to


def test_a_persons_statements_page_by_their_own_cursor(client):
    pundit = PersonFactory.create(slug="pundit")
    for n in range(30):
        StatementFactory.create(
            speaker=pundit, text=f"Quote number {n:02d}", said_on=dt.date(2025, 1, 1)
        )

    first = page(client.get("/people/pundit/", {"status": "open"}))
    following = first.pagination_of("Pages of statements")["next"]
    assert following.startswith("?status=open&statements_cursor=")
    assert following.endswith("#statements")
    second = client.get("/people/pundit/" + following.split("#")[0])

    shown = first.quotes + page(second).quotes
    assert sorted(shown) == [f"Quote number {n:02d}" for n in range(30)]
