"""The floor: a minimal WSGI app (no Django) answering the measured requests
with the rows each page shows, fetched by hand-written SQL (bench.floor_sql)
through psycopg 3 and serialised with orjson.

It answers the app's own URLs, so the bench sends both the same request;
only a deep page of an HTML list differs: the floor is given where the page
starts (``?from=<deadline>,<id>``, a keyset) where the app may be given a
page number. Each gunicorn worker opens one connection (autocommit) on its
first request and runs every statement prepared.

    gunicorn bench.floor:app      (DATABASE_URL names the database)
"""

import base64
import os
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from urllib.parse import parse_qs

import orjson
import psycopg
from psycopg.rows import dict_row

from bench import floor_sql as sql

# predictions.filters.MATCH_COUNT_LIMIT (the floor imports nothing of
# Django; tests/bench checks the two agree).
MATCH_COUNT_LIMIT = 1000

Row = dict[str, Any]
Query = dict[str, str]
_connection: psycopg.Connection | None = None


def connection() -> psycopg.Connection:
    """This process's connection (a gunicorn worker is one process)."""
    global _connection
    if _connection is None or _connection.closed:
        url = os.environ["DATABASE_URL"]
        _connection = psycopg.connect(url, autocommit=True)
    return _connection


def rows(statement: str, params: dict[str, Any] | None = None) -> list[Row]:
    cursor = psycopg.Cursor(connection(), row_factory=dict_row)
    return cursor.execute(statement, params or {}, prepare=True).fetchall()


def build_totals(conn: psycopg.Connection) -> None:
    """(Re)build the per-person totals the floor reads: once per bench run."""
    for statement in sql.BUILD_TOTALS:
        conn.execute(statement)


# --- The answers, one per measured page ---------------------------------------


def _filters(query: Query) -> dict[str, Any]:
    """The query's filters, as named parameters of the SQL; a tag by its id,
    read first (as the app does), so the plan probes each row's tags."""
    filters: dict[str, Any] = {
        name: query[name] for name in sql.FILTERS if query.get(name, "").strip()
    }
    if "tag" in filters:
        found = rows(sql.TAG_ID, {"tag": filters["tag"]})
        filters["tag"] = found[0]["id"] if found else -1
    return filters


def decode_cursor(cursor: str) -> tuple[str, int]:
    """(position, offset) of a cursor the API gave out (DRF's encoding)."""
    tokens = parse_qs(base64.b64decode(cursor.encode()).decode())
    return tokens["p"][0], int(tokens.get("o", ["0"])[0])


def api_predictions(query: Query) -> Any:
    filters = _filters(query)
    params: dict[str, Any] = {**filters, "limit": int(query.get("page_size") or 50)}
    cursor = query.get("cursor", "")
    if cursor:
        params["position"], params["offset"] = decode_cursor(cursor)
    found = rows(sql.api_list(filters, after=bool(cursor)), params)
    for row in found:
        row["url"] = f"/api/v1/predictions/{row['id']}/"
        row["page_url"] = f"/predictions/{row['id']}/"
    return {"next": None, "previous": None, "results": found}


def html_predictions(query: Query) -> Any:
    filters = _filters(query)
    params: dict[str, Any] = {**filters, "limit": 25}
    start = query.get("from", "")
    if start:
        deadline, pk = start.split(",")
        params["resolves_on"], params["id"] = date.fromisoformat(deadline), int(pk)
    # The page says how many match, counting no further than the app does,
    # and ranks a search's matches only when no more than that match.
    counted = rows(sql.html_list_count(filters), {**filters, "limit": MATCH_COUNT_LIMIT + 1})
    matching = counted[0]["n"]
    ranked = "q" in filters and matching <= MATCH_COUNT_LIMIT
    found = rows(sql.html_list(filters, start=bool(start), ranked=ranked), params)
    return {"matching": matching, "rows": found}


def home(query: Query) -> Any:
    return {
        "due_now": rows(sql.HOME_DUE),
        "coming_due": rows(sql.HOME_COMING, {"today": date.today()}),
        "recently_resolved": rows(sql.HOME_RESOLVED),
        "overdue_people": rows(sql.HOME_OVERDUE_PEOPLE),
    }


def people(query: Query) -> Any:
    return rows(sql.LEADERBOARD if query.get("sort") == "accuracy" else sql.PEOPLE)


def sources(query: Query) -> Any:
    return rows(sql.SOURCES)


def prediction(pk: int) -> Any:
    found = rows(sql.DETAIL, {"id": pk})
    if not found:
        return None
    return {**found[0], "events": rows(sql.EVENTS, {"id": pk})}


def person(slug: str, *, page: bool) -> Any:
    found = rows(sql.PERSON, {"slug": slug})
    if not found:
        return None
    record = found[0]
    if not page:  # the API's person with their record
        return record
    key = {"person_id": record["id"]}
    return {
        **record,
        "predictions": rows(sql.PERSON_PREDICTIONS, key),
        "statements": rows(sql.PERSON_STATEMENTS, key),
        "tags": rows(sql.PERSON_TAGS, key),
        "overdue": rows(sql.PERSON_OVERDUE, key),
        "outcomes": rows(sql.PERSON_OUTCOMES, key),
    }


Answer = Callable[[Query], Any]
LISTS: dict[str, Answer] = {
    "/api/v1/predictions/": api_predictions,
    "/predictions/": html_predictions,
    "/": home,
    "/people/": people,
    "/sources/": sources,
}
PREDICTION = re.compile(r"^/predictions/(\d+)/$")
PERSON_PAGE = re.compile(r"^/people/([-\w]+)/$")
PERSON_API = re.compile(r"^/api/v1/people/([-\w]+)/$")


def answer(path: str, query: Query) -> Any:
    """What the floor answers for ``path``; None for a 404."""
    if path in LISTS:
        return LISTS[path](query)
    if match := PREDICTION.match(path):
        return prediction(int(match[1]))
    if match := PERSON_PAGE.match(path):
        return person(match[1], page=True)
    if match := PERSON_API.match(path):
        return person(match[1], page=False)
    return None


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    query = {key: values[-1] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
    found = answer(environ.get("PATH_INFO", "/"), query)
    if found is None:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"detail":"Not found."}']
    body = orjson.dumps(found, default=str)
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
