"""The done-when of export and import: a generated ledger of a few thousand
predictions goes out as one JSON file, into an empty database, and out again
as the same file, byte for byte, every event's hash included."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from predictions.models import Prediction, PredictionEvent
from tests.support.markers import requires_postgres

pytestmark = [requires_postgres, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

N = 3000


def test_a_generated_ledger_goes_out_and_back_unchanged(tmp_path: Path):
    call_command(
        "generate_ledger", "--predictions", str(N), "--seed", "5", "--today", "2026-06-15",
        "--no-progress",
    )  # fmt: skip
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    events = PredictionEvent.objects.count()
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        call_command("export_ledger", "--format", "json", "--output", str(first))
    published = Prediction.objects.filter(review_state="published").count()

    call_command("flush", "--no-input")
    assert not Prediction.objects.exists()
    call_command("import_predictions", str(first), "--no-progress")

    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        call_command("export_ledger", "--format", "json", "--output", str(second))
    assert Prediction.objects.count() == published
    assert PredictionEvent.objects.count() <= events
    assert second.read_bytes() == first.read_bytes()
    call_command("verify_ledger")  # every restored chain checks out
