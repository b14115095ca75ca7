"""A prediction's history over the API: the detail carries it as a hash chain
that anyone can recompute offline with docs/history.md's snippet, in a fixed
number of queries however long it is."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from predictions import services
from tests.api.claims import LIST, detail
from tests.support.api import client_for

pytestmark = pytest.mark.django_db

HISTORY_DOC = Path(__file__).resolve().parents[2] / "docs" / "history.md"
EVENT_FIELDS = {"id", "kind", "actor", "actor_id", "at", "data", "previous_hash", "hash"}


@pytest.fixture
def history(filed, editor):
    """Filed by alice, approved and edited by an editor, resolved, reopened by
    the system, with text beyond ASCII in its data."""
    edited = services.edit_prediction(
        prediction=filed, actor=editor, changes={"claim": "OpenAI publie un modèle « ouvert »"}
    )
    resolved = services.resolve_prediction(
        prediction=edited, outcome="wrong", actor=editor, note="Five months late — gpt-oss."
    )
    return services.reopen_prediction(prediction=resolved, actor=None, reason="Recheck.")


def test_the_detail_carries_the_history_as_a_chain(history, contributor, editor):
    body = client_for().get(detail(history.pk)).json()

    events = body["events"]
    assert [(e["kind"], e["actor"], e["actor_id"]) for e in events] == [
        ("filed", "alice", contributor.pk),
        ("approved", "charlie", editor.pk),
        ("edited", "charlie", editor.pk),
        ("resolved", "charlie", editor.pk),
        ("reopened", None, None),
    ]
    assert all(set(event) == EVENT_FIELDS for event in events)
    assert events[0]["previous_hash"] == ""
    assert [e["previous_hash"] for e in events[1:]] == [e["hash"] for e in events[:-1]]
    assert events[3]["data"]["note"] == "Five months late — gpt-oss."
    assert events == client_for().get(detail(history.pk) + "events/").json()


def test_the_list_leaves_the_history_out(history):
    rows = client_for().get(LIST).json()["results"]
    assert rows
    assert all("events" not in row for row in rows)


@pytest.mark.parametrize("reopenings", [0, 4])
def test_the_detail_costs_the_same_queries_however_long_the_history(
    reopenings, filed, editor, django_assert_num_queries
):
    prediction = services.edit_prediction(prediction=filed, actor=editor, changes={"tags": []})
    for _ in range(reopenings):
        resolved = services.resolve_prediction(prediction=prediction, outcome="right", actor=editor)
        prediction = services.reopen_prediction(prediction=resolved, actor=editor, reason="No.")

    # The prediction with its predictor and quote, its tags, its events with their actors.
    with django_assert_num_queries(3):
        response = client_for().get(detail(prediction.pk))
    # Filed, approved and edited, then a resolution and a reopening each time.
    assert len(response.json()["events"]) == 3 + 2 * reopenings


def by_hand_snippet() -> str:
    """The Python block of docs/history.md, as a reader would copy it."""
    blocks = re.findall(r"```python\n(.*?)```", HISTORY_DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    return blocks[0]


def run_snippet(document: dict, folder: Path, monkeypatch, capsys) -> str:
    (folder / "prediction.json").write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.chdir(folder)
    exec(compile(by_hand_snippet(), str(HISTORY_DOC), "exec"), {"__name__": "__main__"})
    return capsys.readouterr().out.strip()


def test_the_documented_snippet_recomputes_the_head_from_the_api(
    history, tmp_path, monkeypatch, capsys, settings
):
    # Times come back in the site's zone; the snippet must not care which.
    settings.TIME_ZONE = "Pacific/Auckland"
    document = client_for().get(detail(history.pk)).json()
    assert "+13:00" in document["events"][0]["at"]

    head = run_snippet(document, tmp_path, monkeypatch, capsys)

    assert head == history.events.order_by("at", "id").last().hash


def test_the_documented_snippet_catches_a_changed_event(history, tmp_path, monkeypatch, capsys):
    document = client_for().get(detail(history.pk)).json()
    resolution = document["events"][2]
    resolution["data"]["outcome"] = "right"

    with pytest.raises(ValueError, match=f"event {resolution['id']}: hash does not match"):
        run_snippet(document, tmp_path, monkeypatch, capsys)


def test_a_schema_documents_the_events(client):
    schema = client.get("/api/v1/schema/?format=json").json()["components"]["schemas"]

    assert "events" in schema["PredictionDetail"]["properties"]
    assert "events" not in schema["Prediction"]["properties"]
    event = schema["Event"]["properties"]
    assert {"hash", "previous_hash", "actor_id"} <= set(event)
    assert "SHA-256" in event["hash"]["description"]


def test_a_prediction_filed_today_has_a_one_link_chain(contributor):
    filed = services.file_claim(
        filed_by=contributor, claim="It rains", predictor="A", resolves_on=dt.date(2099, 1, 1)
    )
    (event,) = client_for(contributor).get(detail(filed.pk)).json()["events"]
    assert event["previous_hash"] == ""
    assert len(event["hash"]) == 64
