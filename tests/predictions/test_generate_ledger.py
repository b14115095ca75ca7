"""manage.py generate_ledger: a realistic ledger, written with COPY, the
same for a seed, and never over data it did not write."""

import hashlib
from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from predictions import search
from predictions.generation import guard, indexes, population
from predictions.models import Prediction, PredictionEvent, SearchDocument, Tag, Watch
from sources.models import Person, Source, Statement
from tests.support.factories import PredictionFactory
from tests.support.markers import requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db]

TODAY = "2026-06-15"
N = 300


def generate(*args: str) -> str:
    out = StringIO()
    call_command(
        "generate_ledger", "--predictions", str(N), "--today", TODAY, "--no-progress",
        "--batch-size", "120", *args, stdout=out,
    )  # fmt: skip
    return out.getvalue()


def digest() -> str:
    """Every generated table's rows, in id order, hashed."""
    tables = guard.TABLES
    parts = []
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM {table} t")
            parts.append(f"{table}:{cursor.fetchone()[0]}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def test_a_small_ledger_has_the_proportions_and_the_status_mix_of_a_real_one():
    generate("--seed", "3")
    assert Prediction.objects.count() == N
    assert Person.objects.count() == N // population.PREDICTIONS_PER_PERSON
    # About 0.4 quotes and 0.2 sources per prediction, and 2.6 events at
    # scale (fewer here: most of so small a cast are editors, whose claims
    # need no approval).
    assert 0.3 * N < Statement.objects.count() < 0.5 * N
    assert 0.1 * N < Source.objects.count() < 0.3 * N
    assert 1.7 * N < PredictionEvent.objects.count() < 3.0 * N
    assert Watch.objects.count() >= N
    statuses = Counter(Prediction.objects.values_list("status", flat=True))
    assert set(statuses) == {"open", "due", "resolved", "withdrawn"}
    outcomes = set(Prediction.objects.filter(status="resolved").values_list("outcome", flat=True))
    assert outcomes == {"right", "wrong", "partly_right", "unresolvable"}
    assert Prediction.objects.filter(review_state="pending").exists()
    with_confidence = Prediction.objects.filter(confidence__isnull=False).count()
    assert 0.35 * N < with_confidence < 0.65 * N
    today = date.fromisoformat(TODAY)
    assert not Prediction.objects.filter(status="open", resolves_on__lt=today).exists()
    assert not Prediction.objects.filter(status="due", resolves_on__gte=today).exists()
    assert not Prediction.objects.filter(status="resolved", resolved_at__isnull=True).exists()
    # A few prolific people: the busiest tenth files far more than a tenth.
    per_person = sorted(
        Counter(Prediction.objects.values_list("predictor", flat=True)).values(), reverse=True
    )
    assert sum(per_person[: len(per_person) // 10 or 1]) > 0.25 * N


def test_every_chain_verifies_and_the_next_ids_follow_the_generated_ones():
    generate()
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    assert f"{N} predictions" in out.getvalue() and "every chain intact" in out.getvalue()
    assert PredictionFactory().pk == N + 1


def test_every_prediction_has_the_search_document_the_search_module_computes():
    generate()
    assert SearchDocument.objects.count() == N
    quoted = Prediction.objects.filter(statement__isnull=False).order_by("pk")[:5]
    ids = [p.pk for p in quoted]
    documents = SearchDocument.objects.filter(pk__in=ids)
    written = dict(documents.values_list("pk", "vector"))
    search.refresh_search_documents(ids)
    assert written == dict(documents.values_list("pk", "vector"))
    assert len(written) == len(ids) and all(written.values())
    hit = Prediction.objects.get(pk=ids[0])
    assert hit in search.search(Prediction.objects.all(), hit.claim.split()[0])


# --replace truncates, which PostgreSQL refuses while the same transaction
# still owes foreign-key checks: each run commits here, as it does for real.
@pytest.mark.django_db(transaction=True)
def test_the_same_seed_writes_the_same_rows_and_another_seed_other_rows():
    generate("--seed", "5")
    first = digest()
    generate("--seed", "5", "--replace")
    assert digest() == first
    generate("--seed", "6", "--replace")
    assert digest() != first


def test_a_second_run_needs_replace():
    generate()
    with pytest.raises(CommandError, match="--replace"):
        generate()


def test_refuses_a_database_holding_a_prediction_it_did_not_write():
    PredictionFactory(claim="A real claim somebody filed.")
    with pytest.raises(CommandError, match=r"did not write \(.*1 predictions"):
        generate("--replace")
    assert Prediction.objects.count() == 1


def test_a_generated_persons_pages_and_api_answer(client):
    generate()
    busiest = Counter(Prediction.objects.values_list("predictor__slug", flat=True)).most_common(1)[
        0
    ][0]
    assert client.get(f"/people/{busiest}/").status_code == 200
    assert client.get(f"/api/v1/people/{busiest}/").status_code == 200
    assert client.get("/predictions/").status_code == 200
    assert client.get(f"/api/v1/predictions/?predictor={busiest}").status_code == 200


def test_refuses_a_database_holding_only_a_tag_someone_made():
    Tag.objects.create(name="Elections", slug="elections")
    with pytest.raises(CommandError, match=r"1 tags"):
        generate()


def test_due_predictions_carry_the_reminder_state_a_running_site_would_have():
    """One reminder a week since each came due, four at most, the next owed
    a week after the last; none of that on predictions that are not due."""
    generate("--seed", "5")
    midnight = population.midnight(date.fromisoformat(TODAY))
    due = list(
        Prediction.objects.filter(status="due").values_list("reminder_sequence", "next_reminder_at")
    )
    assert 4 in {sequence for sequence, _ in due}  # most came due long ago
    for sequence, next_at in due:
        assert (next_at is None) == (sequence == 4)
        if next_at is not None:
            # Owed within the week to come (came due at 00:05), never in the past.
            assert midnight < next_at <= midnight + timedelta(days=7, minutes=5)
    others = Prediction.objects.exclude(status="due")
    assert set(others.values_list("reminder_sequence", "next_reminder_at")) == {(0, None)}


def index_definitions() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            " AND tablename NOT LIKE 'generated%%'"
        )
        return set(cursor.fetchall())


def test_the_indexes_set_aside_while_writing_are_all_back_after(monkeypatch):
    before = index_definitions()
    set_aside: list[int] = []
    real_set_aside = indexes.set_aside
    monkeypatch.setattr(
        indexes, "set_aside", lambda tables: set_aside.append(real_set_aside(tables))
    )

    generate("--seed", "3")

    assert set_aside and set_aside[0] > 20  # the predictions table's alone are more
    assert index_definitions() == before


def test_indexes_a_run_that_died_left_aside_are_put_back_by_the_next(monkeypatch):
    before = index_definitions()

    def dies(*args, **kwargs):
        raise RuntimeError("killed")

    set_aside = indexes.set_aside(["predictions_prediction", "predictions_watch"])
    assert set_aside and index_definitions() < before
    # As if killed here (no finally ran): the next run restores them first.
    monkeypatch.setattr(guard, "require_only_generated", dies)
    with pytest.raises(RuntimeError):
        generate("--seed", "3")
    assert index_definitions() == before
