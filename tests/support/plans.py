"""Whether a page's queries could all be served by indexes.

A list page must cost what it shows, not what the ledger holds: none of its
queries may read a big table from end to end. ``assert_no_seq_scan`` opens a
page, captures every query it ran, asks PostgreSQL to plan each again with
sequential scans switched off (so a plan that still has one has no index to
use instead), and fails naming the query and the table scanned.
"""

import json
from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

# The tables that grow with the ledger, which no list may scan whole.
BIG_TABLES = ("predictions_prediction", "sources_statement", "sources_source")


def plan_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A plan node and every node under it (subplans and init plans too)."""
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def seq_scans(sql: str, tables: tuple[str, ...] = BIG_TABLES) -> list[str]:
    """The ``tables`` the plan of ``sql`` still reads sequentially when the
    planner may not choose to (enable_seqscan off), on the tests' connection."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            (document,) = cursor.fetchone()
        finally:
            cursor.execute("RESET enable_seqscan")
    plan = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
    return [
        node["Relation Name"]
        for node in plan_nodes(plan)
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in tables
    ]


def explainable(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("SELECT", "WITH"))


def assert_no_seq_scan(client: Any, url: str, tables: tuple[str, ...] = BIG_TABLES) -> Any:
    """GET ``url`` with ``client`` and fail if any query it ran has no plan
    without a sequential scan of one of ``tables``. Returns the response."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    found = [
        f"{table} in: {query['sql']}"
        for query in captured.captured_queries
        if explainable(query["sql"])
        for table in seq_scans(query["sql"], tables)
    ]
    assert not found, f"{url} scans a whole table:\n" + "\n\n".join(found)
    return response
