"""The people list, the leaderboard and the home page read the totals tables:
in the order the old Python ranking gave, in the same few queries whatever the
page size, and through indexes (EXPLAIN with sequential scans off)."""

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from predictions.models import PersonTotals, Prediction
from predictions.records.leaderboard import ranked_filter
from predictions.records.totals import compute_record
from predictions.views import people as people_views
from sources.models import Person
from tests.records.test_records import random_ledger
from tests.support.factories import PersonFactory, PredictionFactory
from tests.support.html import page

pytestmark = pytest.mark.django_db

SORTS = ["accuracy", "brier", "resolved", "overdue"]


def python_ranking(sort: str, minimum: int) -> list[str]:
    """The leaderboard as it was computed before the totals tables: every
    person's record counted afresh, filtered and sorted in Python."""
    ranked = []
    for person in Person.objects.filter(merged_into__isnull=True):
        record = compute_record(Prediction.objects.counted().filter(predictor=person))
        # Accuracy waits for outcomes it counts; Brier for confidences of one's own.
        counted = {"accuracy": record.scored, "brier": record.brier_count}
        if sort in counted and (counted[sort] < minimum or getattr(record, sort) is None):
            continue
        if sort in ("resolved", "overdue") and not getattr(record, sort):
            continue  # a ranking of zeros ranks nobody
        key = {
            "accuracy": -(record.accuracy_low or 0),
            "brier": record.brier or 0,
            "resolved": -record.resolved,
            "overdue": -record.overdue,
        }[sort]
        ranked.append(((key, person.name, person.pk), person.name))
    return [name for _, name in sorted(ranked)]


def shown_names(client, **query) -> list[str]:
    names, number = [], 1
    while True:
        response = client.get("/people/", {**query, "page": str(number)})
        assert response.status_code == 200
        seen = page(response)
        # The leaderboard's own table (not the people below its minimum).
        if seen.select("table.leaderboard"):
            names += [row["Name"] for row in seen.table("The leaderboard")]
        if 'rel="next"' not in response.content.decode():
            return names
        number += 1


@pytest.mark.parametrize("seed", [11, 12])
@pytest.mark.parametrize("sort", SORTS)
def test_the_leaderboard_order_is_the_python_ranking(client, monkeypatch, seed, sort):
    rng = random.Random(seed)
    monkeypatch.setattr(people_views.PeopleView, "per_page", 7)
    random_ledger(seed, people=12, each=9)
    # Ties by key are broken by name: a few people with the same record.
    for n in range(3):
        twin = PersonFactory(name=f"Twin {chr(90 - n)}")
        for _ in range(6):
            PredictionFactory(predictor=twin, status="resolved", outcome="right")
    minimum = rng.choice([1, 3, 5])

    assert shown_names(client, sort=sort, min=str(minimum)) == python_ranking(sort, minimum)


def people_requests():
    return [{}, *({"sort": sort, "min": "1"} for sort in SORTS)]


@pytest.mark.parametrize("query", people_requests())
def test_people_pages_cost_the_same_queries_at_10_and_100_a_page(client, monkeypatch, query):
    random_ledger(3, people=120, each=2)
    counts = []
    for per_page in (10, 100):
        monkeypatch.setattr(people_views.PeopleView, "per_page", per_page)
        client.get("/people/", query)  # the numbers above the list are cached now
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/people/", query)
        ranked = PersonTotals.objects.filter(ranked_filter(query.get("sort", ""), 1)).count()
        assert len(page(response).rows) == min(per_page, ranked)
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 6


def plan_of(sql: str) -> str:
    """The plan PostgreSQL would choose with sequential scans priced out."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    return plan


BIG_TABLES = ("predictions_prediction", "predictions_persontotals", "sources_person")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL")
@pytest.mark.parametrize("path,query", [("/people/", q) for q in people_requests()] + [("/", {})])
def test_the_pages_queries_are_served_by_indexes(client, path, query):
    random_ledger(4, people=20, each=5)
    client.get(path, query)  # fills the cached numbers
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, query).status_code == 200
    for executed in captured.captured_queries:
        sql = executed["sql"]
        if not sql.startswith("SELECT"):
            continue
        plan = plan_of(sql)
        scanned = re.findall(r"Seq Scan on (\w+)", plan)
        assert not set(scanned) & set(BIG_TABLES), f"{sql}\n{plan}"


def test_an_empty_leaderboard_says_why_and_shows_who_is_below_the_minimum(client):
    almost = PersonFactory(name="Almost There")
    for outcome in ["right", "right", "wrong"]:
        PredictionFactory(predictor=almost, status="resolved", outcome=outcome)
    PredictionFactory(predictor=PersonFactory(name="Not Yet Judged"))

    seen = page(client.get("/people/", {"sort": "accuracy"}))

    assert seen.one('p[role="status"]').get_text(" ", strip=True) == (
        "Nobody has 5 resolved predictions yet, so nobody is ranked by accuracy."
    )
    assert "a long record beats a short perfect one" in seen.text
    assert "Leaderboard" not in " ".join(seen.texts("caption"))
    below = seen.table("People with some resolved predictions, but fewer than 5")
    assert [row["Name"] for row in below] == ["Almost There"]
    assert below[0]["Resolved"] == "3"
    # Counts, and no score: an interval around three outcomes says little.
    assert (below[0]["Right so far"], below[0]["Wrong so far"]) == ("2", "1")
    table = seen.one("#below-minimum").find_next("table")
    assert table is not None and "%" not in table.get_text()


def test_most_overdue_never_ranks_someone_with_none(client):
    late = PersonFactory(name="Late")
    PredictionFactory(predictor=late, status="due")
    PredictionFactory(predictor=PersonFactory(name="On Time"), status="open")

    assert shown_names(client, sort="overdue") == ["Late"]
    assert shown_names(client, sort="resolved") == []
    assert (
        "No prediction has an outcome yet." in client.get("/people/?sort=resolved").content.decode()
    )


def test_the_rank_choices_are_short_and_the_text_names_no_key(client):
    seen = page(client.get("/people/", {"sort": "brier"}))

    assert seen.texts("#people-sort option") == [
        "Name (no ranking)",
        "Accuracy",
        "Brier score",
        "Most resolved",
        "Most overdue",
    ]
    assert "Ranked by Brier score, the mean squared gap" in seen.text
    assert "Ranked by brier" not in seen.text
