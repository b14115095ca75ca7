"""The home page keeps its sections rendered in the cache until the ledger
changes: once a change commits (an event, a deletion, a saved person) the
next visit renders them afresh; and what is coming due moves with the day."""

import datetime as dt

import pytest

from predictions import services
from tests.support.factories import PredictionFactory, UserFactory, make_editor
from tests.support.html import claim_of, page

pytestmark = pytest.mark.django_db


def listed(client) -> list[str]:
    return [claim_of(row["cells"][0]) for row in page(client.get("/")).rows]


@pytest.fixture
def editor_user(db):
    return make_editor(UserFactory.create(username="ed"))


def test_a_change_written_as_an_event_shows_on_the_next_visit(
    client, frozen_now, editor_user, django_capture_on_commit_callbacks
):
    due = PredictionFactory.create(claim="Trams run again", resolves_on=dt.date(2026, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_due()
    assert listed(client) == ["Trams run again"]

    with django_capture_on_commit_callbacks(execute=True):
        services.resolve_prediction(prediction=due, outcome="right", actor=editor_user)
    assert listed(client) == ["Trams run again"]  # now under recently resolved
    with django_capture_on_commit_callbacks(execute=True):
        services.file_claim(
            filed_by=editor_user,
            claim="The bridge reopens",
            predictor=due.predictor,
            resolves_on=dt.date(2026, 3, 20),
        )

    assert listed(client) == ["The bridge reopens", "Trams run again"]  # coming due, resolved


def test_a_renamed_person_shows_renamed(client, frozen_now, django_capture_on_commit_callbacks):
    prediction = PredictionFactory.create(claim="Soon", resolves_on=dt.date(2026, 3, 20))
    assert prediction.predictor.name in client.get("/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        prediction.predictor.name = "Renamed In The Admin"
        prediction.predictor.save()

    assert "Renamed In The Admin" in client.get("/").content.decode()


def test_a_deleted_prediction_leaves_the_sections(
    client, frozen_now, django_capture_on_commit_callbacks
):
    gone = PredictionFactory.create(claim="Soon gone", resolves_on=dt.date(2026, 3, 20))
    assert listed(client) == ["Soon gone"]

    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()

    assert listed(client) == []


def test_what_is_coming_due_moves_with_the_day(client, frozen_now):
    PredictionFactory.create(claim="In forty days", resolves_on=dt.date(2026, 4, 19))
    assert listed(client) == []

    frozen_now.move_to(dt.datetime(2026, 3, 25, 12, tzinfo=dt.UTC))

    assert listed(client) == ["In forty days"]


def test_the_scoreboard_counts_the_whole_ledger(client, frozen_now):
    for status, outcome, n in [("open", "", 2), ("due", "", 1), ("resolved", "right", 2),
                               ("resolved", "wrong", 1), ("withdrawn", "", 1)]:  # fmt: skip
        for _ in range(n):
            PredictionFactory.create(status=status, outcome=outcome)

    seen = page(client.get("/"))

    board = seen.one("section.scoreboard")
    tally = {
        dt_.get_text(strip=True): dd.get_text(strip=True)
        for dt_, dd in zip(board.select("dt"), board.select("dd"), strict=True)
    }
    assert tally == {
        "Predictions": "6",  # withdrawn ones do not count
        "Open": "2",
        "Past the deadline, no outcome yet": "1",
        "Right": "2",
        "Partly right": "0",
        "Wrong": "1",
        "Could not be resolved": "0",
    }
    assert "Of the 4 claims whose deadline has passed, 75% have an outcome recorded." in (
        board.get_text(" ", strip=True)
    )


def test_an_empty_ledger_has_no_scoreboard(client, frozen_now):
    assert not page(client.get("/")).select("section.scoreboard")
