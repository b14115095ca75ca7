"""The floor answers each measured request with the rows the app shows: the
same predictions (people, sources) in the same order. That is what makes it
a fair floor: less work for the same answer, not a different answer."""

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection

from bench import floor, pages
from predictions.filters import MATCH_COUNT_LIMIT
from tests.support.markers import requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db]

N = 600


@pytest.fixture
def ledger(monkeypatch):
    """A small generated ledger, and the floor reading it through the test's
    connection (so it sees the test's uncommitted rows)."""
    call_command(
        "generate_ledger", "--predictions", str(N), "--seed", "5", "--no-progress",
        "--batch-size", "200",
    )  # fmt: skip
    connection.ensure_connection()
    raw = connection.connection
    floor.build_totals(raw)
    monkeypatch.setattr(floor, "_connection", raw)


def listed_ids(html: str) -> list[int]:
    """The predictions an HTML list links to, in order."""
    return [int(pk) for pk in re.findall(r'<a href="/predictions/(\d+)/">', html)]


def prolific_slug() -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT slug FROM {floor.sql.TOTALS_TABLE} ORDER BY predictions DESC")
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    "query",
    [{}, {"q": pages.SEARCH_WORD}, {"status": "due", "tag": pages.TAG}, {"person": "prolific"}],
)
def test_the_api_list_and_its_floor_give_the_same_rows(client, ledger, query):
    if query.get("person"):
        query = {"person": prolific_slug()}
    answer = client.get("/api/v1/predictions/", query).json()
    mine = floor.answer("/api/v1/predictions/", query)["results"]
    assert [row["id"] for row in mine] == [row["id"] for row in answer["results"]]
    assert len(mine) > 5
    for theirs, ours in zip(answer["results"], mine, strict=True):
        assert ours["claim"] == theirs["claim"]
        assert ours["tags"] == sorted(theirs["tags"])
        assert ours["predictor_slug"] == theirs["predictor"]["slug"]
        assert ours["disputes_open"] == theirs["disputes_open"]


def test_a_deep_cursor_page_is_the_same_on_both(client, ledger):
    url = "/api/v1/predictions/"
    for _ in range(3):  # the API's own "next" link, three pages down
        url = client.get(url).json()["next"]
    cursor = parse_qs(urlsplit(url).query)["cursor"][0]
    answer = client.get(url).json()
    mine = floor.answer("/api/v1/predictions/", {"cursor": cursor})["results"]
    assert [row["id"] for row in mine] == [row["id"] for row in answer["results"]]
    assert mine


def test_a_cursor_the_bench_builds_is_one_the_api_reads(client, ledger):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT created_at FROM predictions_prediction WHERE review_state = 'published'"
            " ORDER BY created_at DESC, id DESC OFFSET 200 LIMIT 1"
        )
        position = cursor.fetchone()[0]
    built = pages.api_cursor(position)
    answer = client.get("/api/v1/predictions/", {"cursor": built})
    assert answer.status_code == 200
    mine = floor.answer("/api/v1/predictions/", {"cursor": built})["results"]
    assert [row["id"] for row in mine] == [row["id"] for row in answer.json()["results"]]
    assert mine


@pytest.mark.parametrize(
    "query", [{}, {"q": pages.SEARCH_WORD}, {"status": "due", "tag": pages.TAG}]
)
def test_an_html_list_and_its_floor_give_the_same_rows_and_count(client, ledger, query):
    html = client.get("/predictions/", query).content.decode()
    mine = floor.answer("/predictions/", query)
    assert [row["id"] for row in mine["rows"]] == listed_ids(html)
    assert mine["rows"]
    said = re.search(r'<p class="count" role="status">(?:More than )?([\d,]+) prediction', html)
    assert said and int(said[1].replace(",", "")) == min(mine["matching"], MATCH_COUNT_LIMIT)


def test_the_floor_counts_as_far_as_the_app_does():
    assert floor.MATCH_COUNT_LIMIT == MATCH_COUNT_LIMIT


def test_a_deep_html_page_starts_where_the_apps_does(client, ledger):
    """The floor is told the first row's key (keyset); the app its cursor."""
    url = "/predictions/"
    for _ in range(4):
        href = pages.next_link(client.get(url).content.decode())
        assert href, f"no next page after {url}"
        url = urljoin(url, href)
    html = client.get(url).content.decode()
    first = listed_ids(html)[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT resolves_on FROM predictions_prediction WHERE id = %s", [first])
        deadline = cursor.fetchone()[0]
    mine = floor.answer("/predictions/", {"from": f"{deadline.isoformat()},{first}"})
    assert [row["id"] for row in mine["rows"]] == listed_ids(html)


def test_a_cursor_built_halfway_down_the_list_opens_the_page_after_that_row(client, ledger):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT resolves_on, id FROM predictions_prediction"
            " WHERE review_state = 'published' ORDER BY resolves_on, id"
        )
        keys = cursor.fetchall()
    middle = len(keys) // 2
    href = pages.next_link(client.get("/predictions/").content.decode())
    assert href is not None
    answer = client.get(pages.html_cursor_at(href, keys[middle]))
    assert answer.status_code == 200
    assert listed_ids(answer.content.decode())[:3] == [
        pk for _, pk in keys[middle + 1 : middle + 4]
    ]


def test_the_people_and_sources_lists_are_the_same_rows(client, ledger):
    people = client.get("/people/").content.decode()
    slugs = re.findall(r'<a href="/people/([-\w]+)/">', people)
    assert [row["slug"] for row in floor.answer("/people/", {})] == slugs
    assert slugs
    sources = client.get("/sources/").content.decode()
    ids = [int(pk) for pk in re.findall(r'<a href="/sources/(\d+)/">', sources)]
    assert [row["id"] for row in floor.answer("/sources/", {})] == ids
    assert ids


def test_the_detail_pages_answer_for_what_exists_and_404_otherwise(client, ledger):
    slug = prolific_slug()
    record = floor.answer(f"/api/v1/people/{slug}/", {})
    assert (
        record["predictions"]
        == client.get(f"/api/v1/people/{slug}/").json()["record"]["predictions"]
    )
    assert floor.answer(f"/people/{slug}/", {})["predictions"]
    pk = floor.answer("/predictions/", {})["rows"][0]["id"]
    detail = floor.answer(f"/predictions/{pk}/", {})
    assert [event["id"] for event in detail["events"]] == [
        event["id"] for event in client.get(f"/api/v1/predictions/{pk}/").json()["events"]
    ]
    assert floor.answer("/people/nobody-at-all/", {}) is None
    assert floor.answer("/nowhere/", {}) is None
