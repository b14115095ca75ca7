"""The measured requests, found on each ledger (docs/benchmark.md lists them).

A page has the app's URL and the floor's (the same, but for an HTML list's
deep page, which the floor starts at its first row's key). What needs a
value from the ledger (a prolific person, a prediction, a deep cursor) is
read from it once, before measuring.
"""

import base64
import json
import re
from dataclasses import dataclass
from datetime import UTC
from urllib.parse import urlencode

import httpx
import psycopg

from bench.floor_sql import TOTALS_TABLE

# A word of the generated vocabulary ("inflation in the euro area", and a tag).
SEARCH_WORD = "inflation"
# The most used tag of a generated ledger (population.skewed_pick favours the first).
TAG = "economy"
HTML_PAGE_SIZE = 25


@dataclass(frozen=True)
class Page:
    name: str
    kind: str  # "api_list", "html_list" or "page"
    url: str
    floor_url: str = ""

    @property
    def floor(self) -> str:
        return self.floor_url or self.url


def _one(conn: psycopg.Connection, statement: str) -> tuple:
    row = conn.execute(statement).fetchone()
    assert row is not None, statement
    return row


def api_cursor(position) -> str:
    """A cursor as the API encodes one (DRF's CursorPagination): the position
    of the first field of its order, here a prediction's created_at."""
    text = str(position.astimezone(UTC))
    return base64.b64encode(urlencode({"p": text}).encode()).decode()


def next_link(html: str) -> str | None:
    """The href of the page's rel="next" link, whatever the attributes' order."""
    for tag in re.findall(r"<a\b[^>]*>", html):
        if re.search(r"""rel=["']?next""", tag):
            href = re.search(r'href="([^"]+)"', tag)
            if href:
                return href[1].replace("&amp;", "&")
    return None


def deep_html_url(app_url: str, published: int, middle_key: tuple) -> str:
    """The deep page of /predictions/ as the list itself links it: by number
    (the middle page), or by a cursor whose key is ``middle_key`` (the
    deadline and id of the published prediction halfway down the list),
    written in the shape of the list's own "next" link."""
    href = next_link(httpx.get(app_url + "/predictions/", timeout=600).text)
    if href is None:
        return "/predictions/"
    if re.fullmatch(r"\?page=\d+", href):
        return f"/predictions/?page={max(1, published // HTML_PAGE_SIZE // 2)}"
    return html_cursor_at(href, middle_key)


def html_cursor_at(next_href: str, key: tuple) -> str:
    """The list's URL at a cursor holding ``key`` (deadline, id), made by
    rewriting the key of its own "next" link's cursor."""
    cursor = re.search(r"cursor=([-\w]+)", next_href)
    assert cursor, f"the list's next link has no cursor: {next_href}"
    document = json.loads(base64.urlsafe_b64decode(cursor[1] + "=" * (-len(cursor[1]) % 4)))
    deadline, pk = key
    document["k"] = [deadline.isoformat(), pk]
    raw = json.dumps(document, separators=(",", ":")).encode()
    return "/predictions/?cursor=" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def first_row_key(conn: psycopg.Connection, app_url: str, url: str) -> str:
    """``deadline,id`` of the first prediction the app lists at ``url``."""
    page = httpx.get(app_url + url, timeout=600).text
    match = re.search(r'<a href="/predictions/(\d+)/">', page)
    assert match, f"no prediction listed at {url}"
    statement = f"SELECT resolves_on FROM predictions_prediction WHERE id = {int(match[1])}"
    (deadline,) = _one(conn, statement)
    return f"{deadline.isoformat()},{match[1]}"


def discover(database_url: str, app_url: str) -> list[Page]:
    with psycopg.connect(database_url) as conn:
        (published,) = _one(
            conn, "SELECT count(*) FROM predictions_prediction WHERE review_state = 'published'"
        )
        (slug,) = _one(conn, f"SELECT slug FROM {TOTALS_TABLE} ORDER BY predictions DESC LIMIT 1")
        (middle,) = _one(
            conn,
            "SELECT created_at FROM predictions_prediction WHERE review_state = 'published'"
            f" ORDER BY created_at DESC, id DESC OFFSET {published // 2} LIMIT 1",
        )
        (prediction,) = _one(
            conn,
            "SELECT id FROM predictions_prediction WHERE review_state = 'published'"
            " AND status = 'resolved' AND statement_id IS NOT NULL"
            f" AND id >= {published // 2} ORDER BY id LIMIT 1",
        )
        middle_key = _one(
            conn,
            "SELECT resolves_on, id FROM predictions_prediction WHERE review_state = 'published'"
            f" ORDER BY resolves_on, id OFFSET {published // 2} LIMIT 1",
        )
        deep = deep_html_url(app_url, published, middle_key)
        deep_floor = "/predictions/?from=" + first_row_key(conn, app_url, deep)
    api = "/api/v1/predictions/"
    return [
        Page("API list", "api_list", api),
        Page("API deep cursor page", "api_list", f"{api}?cursor={api_cursor(middle)}"),
        Page("API by a prolific person", "api_list", f"{api}?person={slug}"),
        Page(f"API q={SEARCH_WORD}", "api_list", f"{api}?q={SEARCH_WORD}"),
        Page("/predictions/", "html_list", "/predictions/"),
        Page("/predictions/ deep page", "html_list", deep, deep_floor),
        Page(f"/predictions/?q={SEARCH_WORD}", "html_list", f"/predictions/?q={SEARCH_WORD}"),
        Page("/predictions/ due, tagged", "html_list", f"/predictions/?status=due&tag={TAG}"),
        Page("home", "html_list", "/"),
        Page("/people/", "html_list", "/people/"),
        Page("leaderboard", "html_list", "/people/?sort=accuracy"),
        Page("/sources/", "html_list", "/sources/"),
        Page("a prediction's page", "page", f"/predictions/{prediction}/"),
        Page("a prolific person's page", "page", f"/people/{slug}/"),
        Page("scorecard API", "page", f"/api/v1/people/{slug}/"),
    ]
