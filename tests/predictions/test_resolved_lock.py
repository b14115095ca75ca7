"""A resolved prediction's claim, dates and confidence are what its outcome
and Brier score were judged on: they cannot be edited without reopening it
first (an edit after resolution could invert the claim, and the score would
follow). Its tags, which only file it, may still change."""

import datetime as dt

import pytest

from core.errors import InvalidTransition
from predictions import rules, services
from predictions.models import Prediction, PredictionEvent
from predictions.records.totals import person_record
from tests.predictions.actions.pages import as_user, stored, url

pytestmark = pytest.mark.django_db

LOCKED = "Reopen it first to change the claim, confidence or deadline"


@pytest.fixture
def resolved(editor, frozen_now) -> Prediction:
    """Said with a stated 80%, judged wrong: a Brier score of 0.64."""
    prediction = services.file_claim(
        filed_by=editor,
        claim="The bridge reopens",
        predictor="Ann Mayor",
        made_on=dt.date(2026, 1, 20),
        resolves_on=dt.date(2026, 3, 1),
        confidence=0.8,
        confidence_basis="stated",
        tags=["transport"],
    )
    return services.resolve_prediction(prediction=prediction, actor=editor, outcome="wrong")


@pytest.mark.parametrize(
    "changes",
    [
        {"claim": "The bridge stays closed"},
        {"confidence": 0.2},
        {"resolves_on": dt.date(2026, 6, 1)},
        {"deadline_text": "within three months"},
        {"made_on": dt.date(2026, 1, 21)},
        {"claim": "The bridge stays closed", "tags": ["bridges"]},
    ],
    ids=["claim", "confidence", "deadline", "deadline-words", "made-on", "claim-and-tags"],
)
def test_a_resolved_prediction_refuses_a_change_to_what_was_judged(resolved, editor, changes):
    brier = person_record(resolved.predictor).brier
    assert brier == pytest.approx(0.64)

    with pytest.raises(InvalidTransition) as refused:
        services.edit_prediction(prediction=resolved, actor=editor, changes=changes)

    assert LOCKED in str(refused.value)
    unchanged = stored(resolved)
    assert (unchanged.claim, unchanged.confidence, unchanged.version) == (
        "The bridge reopens",
        0.8,
        resolved.version,
    )
    assert sorted(unchanged.tags.values_list("name", flat=True)) == ["transport"]
    assert person_record(resolved.predictor).brier == pytest.approx(brier)


def test_the_same_values_and_new_tags_are_still_an_edit(resolved, editor):
    edited = services.edit_prediction(
        prediction=resolved,
        actor=editor,
        changes={"claim": "The bridge reopens", "confidence": 0.8, "tags": ["bridges"]},
    )

    assert sorted(edited.tags.values_list("name", flat=True)) == ["bridges"]
    assert edited.events.latest("at", "id").data == {
        "changes": {"tags": [["transport"], ["bridges"]]}
    }


def test_after_reopening_the_claim_can_be_edited(resolved, editor):
    reopened = services.reopen_prediction(prediction=resolved, actor=editor, reason="Misread.")

    edited = services.edit_prediction(
        prediction=reopened, actor=editor, changes={"confidence": 0.3}
    )

    assert edited.confidence == 0.3
    assert [e.kind for e in edited.events.order_by("at", "id")][-2:] == [
        PredictionEvent.Kind.REOPENED,
        PredictionEvent.Kind.EDITED,
    ]


def test_the_rules_say_which_fields_a_resolved_prediction_keeps_open(resolved):
    assert rules.locked_fields(resolved) >= {"claim", "confidence", "resolves_on"}
    assert "tags" not in rules.locked_fields(resolved)
    assert "edit" in rules.actions_for(None, resolved)


# --- the edit page ----------------------------------------------------------------


def test_the_edit_page_of_a_resolved_prediction_offers_only_its_tags(client, resolved, editor):
    response = as_user(client, editor).get(url("edit", resolved))
    html = response.content.decode()

    assert response.status_code == 200
    assert 'name="tags"' in html
    for name in ["claim", "made_on", "deadline", "confidence"]:
        assert f'name="{name}"' not in html
    assert "Reopen it first to change the claim, confidence or deadline" in html


def test_a_posted_claim_on_a_resolved_prediction_is_an_error_and_nothing_changes(
    client, resolved, editor
):
    brier = person_record(resolved.predictor).brier

    response = as_user(client, editor).post(
        url("edit", resolved),
        {"version": resolved.version, "claim": "The bridge stays closed", "tags": "bridges"},
    )

    assert response.status_code == 400
    assert "Reopen it first to change the claim, confidence or deadline" in (
        response.content.decode()
    )
    unchanged = stored(resolved)
    assert (unchanged.claim, unchanged.version) == ("The bridge reopens", resolved.version)
    assert person_record(resolved.predictor).brier == pytest.approx(brier)


def test_the_tags_of_a_resolved_prediction_are_edited_on_its_page(client, resolved, editor):
    response = as_user(client, editor).post(
        url("edit", resolved), {"version": resolved.version, "tags": "transport, bridges"}
    )

    assert response.status_code == 302
    assert sorted(stored(resolved).tags.values_list("name", flat=True)) == [
        "bridges",
        "transport",
    ]
    assert stored(resolved).claim == "The bridge reopens"
