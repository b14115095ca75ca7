"""Exports: the same fields in CSV and JSON, published predictions only, the
list's filters applied, confidences as decimals, datetimes with an offset,
formula cells escaped; from the list page, the API and the command; bad
filters named with a 400, never a file of the wrong rows."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from predictions import services
from tests.support.factories import PredictionFactory
from tests.support.html import Page
from transfer.formats.hindsight_csv import FIELDS

pytestmark = pytest.mark.django_db

SITE = "https://ledger.example"
FILED_AT = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def file(editor, claim: str, **fields):
    with time_machine.travel(FILED_AT, tick=False):
        return services.file_claim(
            filed_by=editor,
            claim=claim,
            predictor=fields.pop("predictor", "Ada Lovelace"),
            made_on=dt.date(2026, 2, 1),
            resolves_on=dt.date(2027, 6, 30),
            **fields,
        )


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_every_field_in_order_with_the_agreed_forms(client, editor):
    prediction = file(
        editor,
        "Rail reaches the coast",
        confidence=0.7,
        tags=["transport", "coast"],
        quote="We will reach the coast.",
        source_url="https://news.example/rail",
        source_title="Rail plans",
    )

    response = client.get("/predictions/export/", {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="hindsight-predictions-'
    )
    text = body(response)
    assert text.splitlines()[0] == ",".join(FIELDS)
    [row] = rows_of(text)
    assert row["id"] == str(prediction.pk)
    assert row["url"] == f"{SITE}/predictions/{prediction.pk}/"
    assert row["person_url"] == f"{SITE}/people/{prediction.predictor.slug}/"
    assert row["confidence"] == "0.7"
    assert row["tags"] == "coast; transport"
    assert row["quote"] == "We will reach the coast."
    assert row["quote_is_paraphrase"] == "false"
    assert row["created_at"] == "2026-03-01T09:30:00+00:00"
    assert row["deadline"] == "2027-06-30"
    assert row["outcome"] == "" and row["resolved_at"] == ""
    assert len(row["event_chain_head"]) == 64


def test_json_has_the_same_field_names_and_the_history(client, editor):
    prediction = file(editor, "Fusion reaches the grid", confidence=0.25)
    services.resolve_prediction(prediction=prediction, outcome="wrong", actor=editor, note="No.")

    with time_machine.travel(dt.datetime(2026, 4, 1, tzinfo=dt.UTC), tick=False):
        document = json.loads(body(client.get("/predictions/export/", {"format": "json"})))

    assert (document["format"], document["version"]) == ("hindsight", 1)
    assert document["exported_at"] == "2026-04-01T00:00:00+00:00"
    [item] = document["predictions"]
    assert set(FIELDS) <= set(item)
    assert item["confidence"] == 0.25
    assert [event["kind"] for event in item["events"]] == ["filed", "resolved"]
    assert item["events"][0]["previous_hash"] == ""
    assert item["events"][1]["previous_hash"] == item["events"][0]["hash"]
    assert item["event_chain_head"] == item["events"][-1]["hash"]
    assert item["details"]["filed_by"] == {"id": editor.pk, "username": editor.username}


def test_cells_a_spreadsheet_would_run_are_escaped(client, editor):
    file(editor, '=HYPERLINK("https://evil.example")', tags=["@home"])
    file(editor, "-5% growth is reached", predictor="+Plus Person")

    rows = {row["claim"]: row for row in rows_of(body(client.get("/predictions/export/")))}

    assert '\'=HYPERLINK("https://evil.example")' in rows
    assert rows['\'=HYPERLINK("https://evil.example")']["tags"] == "'@home"
    assert rows["'-5% growth is reached"]["person"] == "'+Plus Person"


def test_only_published_predictions_and_the_lists_filters(client, editor):
    file(editor, "Ada on energy", tags=["energy"])
    file(editor, "Grace on energy", predictor="Grace Hopper", tags=["energy"])
    file(editor, "Ada on ships", tags=["ships"])
    PredictionFactory(claim="Awaiting review", review_state="pending")

    everything = rows_of(body(client.get("/predictions/export/")))
    energy = rows_of(body(client.get("/predictions/export/", {"tag": "energy"})))
    ada_energy = rows_of(
        body(client.get("/predictions/export/", {"tag": "energy", "person": "Ada Lovelace"}))
    )

    assert {row["claim"] for row in everything} == {
        "Ada on energy",
        "Grace on energy",
        "Ada on ships",
    }
    assert {row["claim"] for row in energy} == {"Ada on energy", "Grace on energy"}
    assert [row["claim"] for row in ada_energy] == ["Ada on energy"]


def test_the_list_offers_its_filtered_export(client, editor):
    file(editor, "Ada on energy", tags=["energy"])

    page = Page(client.get("/predictions/", {"tag": "energy"}).content.decode())

    links = page.links
    assert links["CSV"] == "/predictions/export/?tag=energy&format=csv"
    assert links["JSON"] == "/predictions/export/?tag=energy&format=json"
    assert links["Fatebook spreadsheet"] == "/predictions/export/?tag=energy&format=fatebook"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"format": "xlsx"}, "format"),
        ({"status": "maybe"}, "status"),
        ({"due_after": "next tuesday"}, "due_after"),
    ],
)
def test_what_cannot_be_read_is_a_400_naming_the_field(client, query, field):
    page = client.get("/predictions/export/", query)
    api = client.get("/api/v1/predictions/export/", query)

    assert page.status_code == 400
    assert f"{field}:" in page.content.decode()
    assert api.status_code == 400
    assert field in api.json()


def test_the_api_export_streams_the_same_file(client, editor):
    file(editor, "Rail reaches the coast")

    api = client.get("/api/v1/predictions/export/", {"format": "csv"})
    page = client.get("/predictions/export/", {"format": "csv"})

    assert api.status_code == 200
    assert api["Content-Type"] == "text/csv; charset=utf-8"
    assert body(api) == body(page)


def test_the_fatebook_profile_writes_percentages_and_yes_no(client, editor):
    right = file(editor, "Right one", confidence=0.7)
    services.resolve_prediction(prediction=right, outcome="right", actor=editor)
    file(editor, "Open one", confidence=0.05)

    rows = {row["Question title"]: row for row in rows_of(body(client.get(
        "/predictions/export/", {"format": "fatebook"}
    )))}  # fmt: skip

    assert (rows["Right one"]["Forecast"], rows["Right one"]["Resolution"]) == ("70%", "YES")
    assert (rows["Open one"]["Forecast"], rows["Open one"]["Resolution"]) == ("5%", "")


def test_export_costs_the_same_queries_for_few_or_many(client, editor):
    file(editor, "One", tags=["a"], quote="Words.", source_url="https://a.example/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for format in ("csv", "json"):
                body(client.get("/predictions/export/", {"format": format}))
        return len(captured)

    few = queries()
    for n in range(40):
        file(editor, f"Claim {n}", predictor=f"P {n}", tags=[f"t{n}"], quote=f"W {n}.",
             source_url=f"https://a.example/{n}")  # fmt: skip

    assert queries() == few


def test_the_command_writes_a_file(tmp_path: Path, editor):
    file(editor, "Rail reaches the coast", tags=["transport"])
    file(editor, "Not tagged")
    out = tmp_path / "ledger.csv"

    call_command(
        "export_ledger", "--format", "csv", "--output", str(out), "--filter", "tag=transport"
    )

    assert [row["claim"] for row in rows_of(out.read_text())] == ["Rail reaches the coast"]
    with pytest.raises(CommandError, match="status"):
        call_command("export_ledger", "--filter", "status=maybe", "--output", str(out))
    with pytest.raises(CommandError, match="NAME=VALUE"):
        call_command("export_ledger", "--filter", "tag", "--output", str(out))


def test_exports_are_rate_limited_per_client(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": (2, 3600)}

    for _ in range(2):
        assert client.get("/predictions/export/").status_code == 200
    page = client.get("/predictions/export/")
    api = client.get("/api/v1/predictions/export/")

    assert page.status_code == 429 and "Retry-After" in page
    assert api.status_code == 429
