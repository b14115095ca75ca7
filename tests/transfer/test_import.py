"""Importing other trackers' files and Hindsight's own: the right outcomes and
confidences, each bad row named by row and column and the rest imported, a
second import updating rather than duplicating, a non-editor's import
awaiting review, a dry run saving nothing; Hindsight's JSON restored with its
history (a tampered one refused) and its CSV's formula cells restored."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from predictions import services
from predictions.models import Prediction, PredictionEvent
from tests.support.factories import UserFactory, make_verified
from transfer.formats.records import UnreadableFile
from transfer.importing import OUTCOME_AWAITS_REVIEW, import_file

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "formats" / "fixtures"
NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def by_claim() -> dict[str, Prediction]:
    return {p.claim: p for p in Prediction.objects.all()}


def test_a_fatebook_file_comes_in_with_its_outcomes_and_confidences(editor):
    report = import_file(fixture("fatebook_2025_01.csv"), user=editor, filename="f.csv")

    assert report.format == "fatebook"
    imported = by_claim()
    library = imported["Will the village library reopen by June?"]
    assert (library.status, library.outcome, library.confidence) == ("resolved", "right", 0.7)
    assert library.resolved_at == dt.datetime(2023, 6, 12, 8, 0, tzinfo=dt.UTC)
    assert library.predictor.name == "Ada Quill"
    assert library.review_state == "published"
    assert sorted(tag.name for tag in library.tags.all()) == ["civic", "local"]
    # Several forecasts: the first is the stated one, all of them kept.
    cafe = imported["Will the cafe keep its old name?"]
    assert cafe.confidence == 0.65
    assert cafe.external_id == "predictionbook:987"
    filed = cafe.events.get(kind="filed").data["imported"]
    assert [point[1] for point in filed["confidence_history"]] == ["0.65", "0.9"]
    assert report.skipped["forecast by someone else"] >= 1
    assert report.skipped["multiple-choice option"] == 1
    # The row with a forecast of -0.1 is named, by its line and column.
    assert any(
        problem.row == 7 and problem.column == "Forecast (scale = 0-1)"
        for problem in report.problems
    )
    assert report.created == len(imported)


def test_importing_again_updates_and_never_duplicates(editor):
    text = fixture("fatebook_2025_01.csv")
    first = import_file(text, user=editor)
    count = Prediction.objects.count()

    again = import_file(text, user=editor)
    later = text.replace("2025-09-30T00:00:00Z", "2025-10-31T00:00:00Z")
    changed = import_file(later, user=editor)

    assert Prediction.objects.count() == count
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert (
        changed.updated == 0
    )  # the garden question is resolved: its deadline waits for a reopening
    garden = Prediction.objects.get(claim="Will the garden give 10 kg of tomatoes?")
    assert garden.resolves_on == dt.date(2025, 9, 30)


def test_an_open_question_imported_again_takes_the_files_new_deadline_and_outcome(editor):
    rows = [
        ["Question title", "Forecast created by", "Forecast (scale = 0-1)", "Forecast created at",
         "Question created by", "Question created at", "Question resolution",
         "Question resolve by", "Question resolved at", "Your Brier score for this question",
         "Your relative Brier score for this question", "Question notes",
         "Question shared with", "Question shared publicly", "Question comments"],
        ["Will it rain?", "Ada", "0.4", "2026-01-02 10:00:0", "Ada", "2026-01-02 10:00:0",
         "", "2026-12-31 00:00:0", "", "", "", "", "", "true", ""],
    ]  # fmt: skip

    def text() -> str:
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue()

    import_file(text(), user=editor)
    rows[1][7] = "2026-06-30 00:00:0"
    moved = import_file(text(), user=editor)
    rows[1][6], rows[1][8] = "NO", "2026-03-01 09:00:0"
    settled = import_file(text(), user=editor)

    prediction = Prediction.objects.get()
    assert moved.updated == 1 and settled.updated == 1
    assert prediction.resolves_on == dt.date(2026, 6, 30)
    assert (prediction.status, prediction.outcome) == ("resolved", "wrong")
    edited = prediction.events.get(kind="edited")
    assert edited.data["reason"] == "Imported again from Fatebook."


def test_predictionbook_json_creators_own_first_confidence_and_its_page_as_source(editor):
    report = import_file(fixture("predictionbook_my_predictions.json"), user=editor)

    assert report.format == "predictionbook"
    predictions = list(Prediction.objects.select_related("statement__source"))
    assert predictions and all(p.external_id.startswith("predictionbook:") for p in predictions)
    for prediction in predictions:
        number = prediction.external_id.removeprefix("predictionbook:")
        assert prediction.statement is not None
        assert prediction.statement.source.url == f"https://predictionbook.com/predictions/{number}"
        assert prediction.statement.text == prediction.claim
        assert prediction.confidence is None or 0 <= prediction.confidence <= 1
    assert report.skipped["withdrawn"] >= 1
    assert report.skipped["not public"] >= 1


def test_a_non_editors_import_awaits_review_and_leaves_outcomes_to_an_editor():
    filer = make_verified(UserFactory(username="filer"))

    report = import_file(fixture("fatebook_2025_01.csv"), user=filer)

    assert Prediction.objects.exists()
    assert set(Prediction.objects.values_list("review_state", flat=True)) == {"pending"}
    assert not Prediction.objects.filter(status="resolved").exists()
    assert report.skipped[OUTCOME_AWAITS_REVIEW] >= 1


def test_a_dry_run_reports_and_saves_nothing(editor):
    report = import_file(fixture("fatebook_2025_01.csv"), user=editor, dry_run=True)

    assert report.created > 0
    assert "a dry run: nothing was saved" in report.summary
    assert not Prediction.objects.exists()


def test_a_file_that_is_none_of_these_is_refused_whole(editor):
    with pytest.raises(UnreadableFile, match="header"):
        import_file("a,b,c\n1,2,3\n", user=editor)
    with pytest.raises(UnreadableFile, match="JSON"):
        import_file('{"something": "else"}', user=editor)


def test_the_hindsight_csv_round_trip_restores_formula_cells(client, editor, settings):
    with time_machine.travel(NOW - dt.timedelta(days=30), tick=False):
        services.file_claim(
            filed_by=editor, claim="=SUM(A1:A9) reaches 10", predictor="+Plus Person",
            made_on=dt.date(2026, 2, 1), resolves_on=dt.date(2027, 1, 31), tags=["-minus"],
            confidence=0.35, confidence_basis="stated",
        )  # fmt: skip
    exported = b"".join(client.get("/predictions/export/").streaming_content).decode()
    assert "'=SUM(A1:A9) reaches 10" in exported
    settings.SITE_URL = "https://another.example"  # brought into another ledger

    report = import_file(exported, user=editor)

    assert report.format == "hindsight" and report.created == 1
    copy = Prediction.objects.exclude(external_id="").get()
    assert copy.claim == "=SUM(A1:A9) reaches 10"
    assert copy.predictor.name == "+Plus Person"
    assert [tag.name for tag in copy.tags.all()] == ["-minus"]
    assert copy.confidence == 0.35
    assert copy.external_id.startswith("hindsight:http")


def empty_the_ledger() -> None:
    """Every prediction and all that hangs on it gone, as in a new database
    (TRUNCATE: events are append-only, and rightly refuse a DELETE)."""
    tables = [Prediction._meta.db_table, PredictionEvent._meta.db_table]
    with connection.cursor() as cursor:
        # The test's transaction holds foreign-key checks until its end: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def export_json(client) -> str:
    return b"".join(client.get("/predictions/export/?format=json").streaming_content).decode()


def test_hindsight_json_is_restored_with_its_history(client, editor):
    with time_machine.travel(NOW - dt.timedelta(days=40), tick=False):
        kept = services.file_claim(
            filed_by=editor, claim="Rail reaches the coast", predictor="Ada Lovelace",
            made_on=dt.date(2026, 1, 20), resolves_on=dt.date(2026, 2, 28), confidence=0.8,
            confidence_basis="stated", tags=["transport"], quote="We will reach the coast.",
            source_url="https://news.example/rail", source_title="Rail plans",
        )  # fmt: skip
    with time_machine.travel(NOW - dt.timedelta(days=5), tick=False):
        services.resolve_prediction(prediction=kept, outcome="partly_right", actor=editor)
    services.file_claim(
        filed_by=editor, claim="Still open", predictor="Grace Hopper",
        made_on=dt.date(2026, 3, 1), resolves_on=dt.date(2027, 3, 1),
    )  # fmt: skip
    before = export_json(client)
    empty_the_ledger()

    report = import_file(before, user=editor)

    assert (report.created, report.problems) == (2, [])
    assert export_json(client) == before  # the same file, every hash included
    again = import_file(before, user=editor)
    assert (again.created, again.unchanged) == (0, 2)
    restored = Prediction.objects.get(claim="Rail reaches the coast")
    assert (restored.pk, restored.outcome) == (kept.pk, "partly_right")
    assert call_command("verify_ledger") is None


def test_a_file_of_another_ledger_is_refused_where_its_ids_are_taken(client, editor):
    services.file_claim(
        filed_by=editor, claim="Here first", predictor="Ada Lovelace",
        made_on=dt.date(2026, 3, 1), resolves_on=dt.date(2027, 3, 1),
    )  # fmt: skip
    document = json.loads(export_json(client))
    document["predictions"][0]["events"][0]["hash"] = "0" * 64  # another ledger's prediction

    report = import_file(json.dumps(document), user=editor)

    [problem] = report.problems
    assert problem.column == "id"
    assert "another prediction here" in problem.message


def test_a_tampered_history_is_refused_and_the_rest_restored(client, editor):
    for claim in ("First claim", "Second claim"):
        with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
            prediction = services.file_claim(
                filed_by=editor, claim=claim, predictor="Ada Lovelace",
                made_on=dt.date(2026, 2, 1), resolves_on=dt.date(2027, 1, 31),
            )  # fmt: skip
        services.resolve_prediction(prediction=prediction, outcome="right", actor=editor)
    document = json.loads(export_json(client))
    empty_the_ledger()
    document["predictions"][1]["events"][1]["data"]["outcome"] = "wrong"  # rewritten history

    report = import_file(json.dumps(document), user=editor)

    assert report.created == 1
    [problem] = report.problems
    assert (problem.row, problem.column) == (2, "events")
    assert "does not match its hash" in problem.message
    assert list(Prediction.objects.values_list("claim", flat=True)) == ["First claim"]
    assert PredictionEvent.objects.count() == 2


def test_the_command_reports_each_file_and_fails_when_rows_were_left_out(editor, capsys, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(fixture("fatebook_2023.csv"))

    with pytest.raises(CommandError, match="Some rows were not imported"):
        call_command("import_predictions", str(good), "--user", editor.username, "--no-progress")
    out = capsys.readouterr().out
    assert "good.csv (fatebook):" in out
    assert "created" in out
    assert "Row " in out
    with pytest.raises(CommandError, match="no account"):
        call_command("import_predictions", str(good), "--user", "nobody")


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def as_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_a_row_the_database_refuses_costs_only_itself(client, editor, settings):
    services.file_claim(
        filed_by=editor, claim="A good claim", predictor="Ada Lovelace",
        made_on=dt.date(2026, 2, 1), resolves_on=dt.date(2027, 1, 31),
    )  # fmt: skip
    services.file_claim(
        filed_by=editor, claim="Another good claim", predictor="Ada Lovelace",
        made_on=dt.date(2026, 2, 1), resolves_on=dt.date(2027, 1, 31),
    )  # fmt: skip
    rows = csv_rows(b"".join(client.get("/predictions/export/").streaming_content).decode())
    settings.SITE_URL = "https://another.example"  # the file comes from elsewhere
    rows[0]["deadline_text"] = "within a year " * 30  # longer than the column holds
    rows[1]["external_id"] = "x" * 300

    report = import_file(as_csv(rows), user=editor)

    assert report.created == 0
    assert [(p.row, p.column) for p in report.problems] == [(2, ""), (3, "external_id")]
    assert "The database refused it" in report.problems[0].message
    assert Prediction.objects.count() == 2  # nothing half-stored, and the file went on


def test_a_hindsight_csv_keeps_when_it_was_said_and_a_confidence_read_from_the_words(
    client, editor, settings
):
    with time_machine.travel(NOW - dt.timedelta(days=400), tick=False):
        services.file_claim(
            filed_by=editor, claim="Rail reaches the coast", predictor="Ada Lovelace",
            made_on=dt.date(2019, 5, 1), resolves_on=dt.date(2020, 5, 1),
            quote="It is very likely we reach the coast within a year.",
            source_url="https://news.example/rail", source_title="Rail plans",
            confidence_basis="hedge", confidence_hedge="very likely",
        )  # fmt: skip
    text = b"".join(client.get("/predictions/export/").streaming_content).decode()
    settings.SITE_URL = "https://another.example"  # the file comes from elsewhere

    report = import_file(text, user=editor)

    assert (report.created, report.problems) == (1, [])
    copy = Prediction.objects.exclude(external_id="").get()
    assert copy.made_on == dt.date(2019, 5, 1)
    assert (copy.confidence_basis, copy.confidence_hedge) == ("hedge", "very likely")


def test_this_ledgers_own_csv_updates_its_predictions_rather_than_copying_them(client, editor):
    prediction = services.file_claim(
        filed_by=editor, claim="Rail reaches the coast", predictor="Ada Lovelace",
        made_on=dt.date(2026, 2, 1), resolves_on=dt.date(2027, 1, 31),
    )  # fmt: skip
    rows = csv_rows(b"".join(client.get("/predictions/export/").streaming_content).decode())
    rows[0]["tags"] = "transport"  # edited in a spreadsheet, then brought back

    report = import_file(as_csv(rows), user=editor)

    assert (report.created, report.updated) == (0, 1)
    assert Prediction.objects.count() == 1
    assert [tag.name for tag in Prediction.objects.get(pk=prediction.pk).tags.all()] == [
        "transport"
    ]
