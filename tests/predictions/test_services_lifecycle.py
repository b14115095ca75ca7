"""Resolving, reopening, withdrawing and editing: each writes its event, bumps
the version, checks who acts, and on refusal changes nothing."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from core.errors import InvalidInput, InvalidTransition, NotPermitted, VersionConflict
from predictions import services
from predictions.models import Prediction, PredictionEvent
from tests.support.factories import PersonFactory

pytestmark = pytest.mark.django_db

EVIDENCE = "https://example.com/announcement"


@pytest.fixture
def prediction(contributor, frozen_now):
    """Filed on 1 February 2026 by alice, about her own forecast (the mayor's
    account is hers): published at once, and hers to resolve. Due 1 April
    2026: still open on 10 March."""
    return services.file_claim(
        filed_by=contributor,
        claim="The bridge reopens",
        predictor=PersonFactory(name="A Mayor", account=contributor),
        made_on=dt.date(2026, 2, 1),
        resolves_on=dt.date(2026, 4, 1),
        deadline_text="within two months",
        tags=["transport"],
    )


def events(prediction) -> list[str]:
    return list(prediction.events.order_by("id").values_list("kind", flat=True))


def unchanged(prediction) -> None:
    """The stored row is exactly as filed: no new version, no new event."""
    stored = Prediction.objects.get(pk=prediction.pk)
    assert stored.version == prediction.version
    assert stored.status == prediction.status
    assert stored.outcome == prediction.outcome
    assert events(stored) == events(prediction)


# --- resolve ----------------------------------------------------------------


def test_a_self_forecaster_resolves_their_own_forecast(prediction, contributor):
    resolved = services.resolve_prediction(
        prediction=prediction,
        outcome="right",
        actor=contributor,
        note="It reopened on 2 March.",
        evidence_url=EVIDENCE,
        expected_version=1,
    )

    assert resolved.status == "resolved"
    assert resolved.outcome == "right"
    assert resolved.resolution_note == "It reopened on 2 March."
    assert resolved.evidence_url == EVIDENCE
    assert resolved.resolved_by == contributor
    assert resolved.resolved_at is not None
    assert resolved.self_judged is True
    assert resolved.version == 2
    event = resolved.events.get(kind="resolved")
    assert event.actor == contributor
    assert event.data == {
        "outcome": "right",
        "note": "It reopened on 2 March.",
        "evidence_url": EVIDENCE,
        "from_status": "open",
        "self_judged": True,
    }
    assert Prediction.objects.get(pk=prediction.pk).version == 2


def test_an_editor_resolves_anyones_prediction(prediction, editor):
    resolved = services.resolve_prediction(prediction=prediction, outcome="wrong", actor=editor)
    assert resolved.outcome == "wrong"
    assert resolved.resolved_by == editor
    assert resolved.self_judged is False


@pytest.mark.parametrize("who", ["other_contributor", "anonymous"])
def test_others_cannot_resolve(prediction, who, request):
    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(NotPermitted):
        services.resolve_prediction(prediction=prediction, outcome="right", actor=actor)
    unchanged(prediction)


def test_resolving_a_withdrawn_prediction_is_refused(prediction, editor, contributor):
    withdrawn = services.withdraw_prediction(
        prediction=prediction, actor=editor, reason="Misquoted."
    )
    with pytest.raises(InvalidTransition):
        services.resolve_prediction(prediction=withdrawn, outcome="right", actor=contributor)
    unchanged(withdrawn)


def test_resolving_twice_is_refused(prediction, contributor):
    resolved = services.resolve_prediction(
        prediction=prediction, outcome="right", actor=contributor
    )
    with pytest.raises(InvalidTransition):
        services.resolve_prediction(prediction=resolved, outcome="wrong", actor=contributor)
    unchanged(resolved)


def test_a_stale_version_is_a_conflict(prediction, contributor, editor):
    services.edit_prediction(
        prediction=prediction, actor=editor, changes={"claim": "The old bridge reopens"}
    )
    with pytest.raises(VersionConflict) as conflict:
        services.resolve_prediction(
            prediction=prediction, outcome="right", actor=contributor, expected_version=1
        )
    assert (conflict.value.expected, conflict.value.current) == (1, 2)
    # Who changed it, and how: version numbers mean nothing to a reader.
    assert "(edited by charlie on " in str(conflict.value)
    assert Prediction.objects.get(pk=prediction.pk).status == "open"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "right", "evidence_url": "not a link"}, "evidence_url"),
    ],
)
def test_bad_resolution_input_names_the_field(prediction, contributor, fields, field):
    with pytest.raises(InvalidInput) as error:
        services.resolve_prediction(prediction=prediction, actor=contributor, **fields)
    assert field in error.value.errors
    unchanged(prediction)


# --- reopen -----------------------------------------------------------------


def test_an_editor_reopens_a_resolution(prediction, contributor, editor, frozen_now):
    resolved = services.resolve_prediction(
        prediction=prediction, outcome="right", actor=contributor, note="Looked open to me."
    )
    reopened = services.reopen_prediction(
        prediction=resolved, actor=editor, reason="The bridge is closed again.", expected_version=2
    )

    assert reopened.status == "open"  # its deadline, 1 April, has not passed
    assert (reopened.outcome, reopened.resolution_note, reopened.resolved_by) == ("", "", None)
    assert reopened.version == 3
    event = reopened.events.get(kind="reopened")
    assert event.actor == editor
    assert event.data["reason"] == "The bridge is closed again."
    assert event.data["previous"]["outcome"] == "right"
    assert event.data["previous"]["note"] == "Looked open to me."


def test_reopening_after_the_deadline_makes_it_due(prediction, contributor, editor, frozen_now):
    resolved = services.resolve_prediction(
        prediction=prediction, outcome="right", actor=contributor
    )
    frozen_now.move_to(dt.datetime(2026, 4, 2, 12, 0, tzinfo=dt.UTC))
    reopened = services.reopen_prediction(prediction=resolved, actor=editor, reason="Relapse.")
    assert reopened.status == "due"


def test_reopening_an_open_prediction_is_refused(prediction, editor):
    with pytest.raises(InvalidTransition):
        services.reopen_prediction(prediction=prediction, actor=editor, reason="Why not.")
    unchanged(prediction)


def test_a_contributor_cannot_reopen_even_their_own(prediction, contributor):
    resolved = services.resolve_prediction(
        prediction=prediction, outcome="right", actor=contributor
    )
    with pytest.raises(NotPermitted):
        services.reopen_prediction(prediction=resolved, actor=contributor, reason="Oops.")
    unchanged(resolved)


def test_reopening_needs_a_reason(prediction, contributor, editor):
    resolved = services.resolve_prediction(
        prediction=prediction, outcome="right", actor=contributor
    )
    with pytest.raises(InvalidInput) as error:
        services.reopen_prediction(prediction=resolved, actor=editor, reason="  ")
    assert "reason" in error.value.errors
    unchanged(resolved)


# --- withdraw ---------------------------------------------------------------


def test_an_editor_withdraws_a_resolved_prediction(prediction, contributor, editor):
    resolved = services.resolve_prediction(
        prediction=prediction, outcome="wrong", actor=contributor
    )
    withdrawn = services.withdraw_prediction(
        prediction=resolved, actor=editor, reason="Duplicate of #12."
    )

    assert withdrawn.status == "withdrawn"
    assert withdrawn.outcome == ""
    assert withdrawn.version == 3
    event = withdrawn.events.get(kind="withdrawn")
    assert event.data == {
        "reason": "Duplicate of #12.",
        "from_status": "resolved",
        "previous": {"outcome": "wrong", "note": "", "evidence_url": ""},
    }


def test_withdrawing_twice_is_refused(prediction, editor):
    withdrawn = services.withdraw_prediction(prediction=prediction, actor=editor, reason="x")
    with pytest.raises(InvalidTransition):
        services.withdraw_prediction(prediction=withdrawn, actor=editor, reason="again")
    unchanged(withdrawn)


def test_the_filer_cannot_withdraw(prediction, contributor):
    with pytest.raises(NotPermitted):
        services.withdraw_prediction(prediction=prediction, actor=contributor, reason="Shy.")
    unchanged(prediction)


# --- edit -------------------------------------------------------------------


def test_editing_records_old_and_new_values(prediction, editor):
    edited = services.edit_prediction(
        prediction=prediction,
        actor=editor,
        expected_version=1,
        changes={
            "claim": "The north bridge reopens",
            "confidence": 0.7,
            "tags": ["transport", "city"],
        },
    )

    assert edited.claim == "The north bridge reopens"
    assert edited.confidence == 0.7
    assert sorted(edited.tags.values_list("slug", flat=True)) == ["city", "transport"]
    assert edited.version == 2
    event = edited.events.get(kind="edited")
    assert event.actor == editor
    assert event.data["changes"] == {
        "claim": ["The bridge reopens", "The north bridge reopens"],
        "confidence": [None, 0.7],
        "confidence_basis": ["", "filer"],
        "tags": [["transport"], ["city", "transport"]],
    }


def test_moving_the_deadline_into_the_past_makes_it_due(prediction, editor, frozen_now):
    edited = services.edit_prediction(
        prediction=prediction, actor=editor, changes={"resolves_on": dt.date(2026, 3, 1)}
    )
    assert edited.status == "due"
    assert edited.events.get(kind="edited").data["changes"]["status"] == ["open", "due"]


def test_an_edit_that_changes_nothing_writes_nothing(prediction, editor):
    same = services.edit_prediction(
        prediction=prediction, actor=editor, changes={"claim": "The bridge reopens"}
    )
    assert same.version == 1
    unchanged(prediction)


def test_a_tag_in_another_case_is_the_same_tag(prediction, editor):
    """Tags are shared and found by slug: "Transport" for "transport" is no edit
    (it would record a change that did not happen)."""
    same = services.edit_prediction(
        prediction=prediction, actor=editor, changes={"tags": ["Transport"]}
    )
    assert same.version == 1
    assert list(same.tags.values_list("name", flat=True)) == ["transport"]
    unchanged(prediction)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"claim": ""}, "claim"),
        ({"resolves_on": dt.date(2026, 1, 1)}, "resolves_on"),
        ({"confidence": 3}, "confidence"),
        ({"status": "resolved"}, "status"),
        ({"tags": ["t" * 60]}, "tags"),
    ],
)
def test_bad_edits_name_the_field_and_change_nothing(prediction, editor, changes, field):
    with pytest.raises(InvalidInput) as error:
        services.edit_prediction(prediction=prediction, actor=editor, changes=changes)
    assert field in error.value.errors
    unchanged(prediction)
    assert list(Prediction.objects.get(pk=prediction.pk).tags.values_list("slug", flat=True)) == [
        "transport"
    ]


def test_the_filer_edits_a_claim_while_it_awaits_review_and_not_after(
    contributor, editor, frozen_now
):
    pending = services.file_claim(
        filed_by=contributor,
        claim="The tunnel opens",
        predictor="A Governor",
        made_on=dt.date(2026, 2, 1),
        resolves_on=dt.date(2026, 4, 1),
    )
    assert pending.review_state == "pending"
    edited = services.edit_prediction(
        prediction=pending, actor=contributor, changes={"claim": "The east tunnel opens"}
    )
    assert edited.claim == "The east tunnel opens"

    services.review_claim(prediction=edited, actor=editor, decision="approve")
    with pytest.raises(NotPermitted, match="Only an editor may edit"):
        services.edit_prediction(
            prediction=edited, actor=contributor, changes={"claim": "The west tunnel opens"}
        )
    assert Prediction.objects.get(pk=pending.pk).claim == "The east tunnel opens"


def test_others_cannot_edit(prediction, other_contributor):
    with pytest.raises(NotPermitted):
        services.edit_prediction(
            prediction=prediction, actor=other_contributor, changes={"claim": "Vandalised"}
        )
    unchanged(prediction)


def test_events_are_append_only(prediction):
    event = PredictionEvent.objects.get(prediction=prediction)
    event.data = {"forged": True}
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_refusal_comes_before_anything_else(prediction, other_contributor, editor):
    """Someone who may not act learns neither that the input was wrong nor
    that the prediction changed meanwhile."""
    services.edit_prediction(prediction=prediction, actor=editor, changes={"claim": "Changed"})

    with pytest.raises(NotPermitted):
        services.resolve_prediction(
            prediction=prediction, outcome="maybe", actor=other_contributor, expected_version=1
        )
    with pytest.raises(NotPermitted):
        services.reopen_prediction(prediction=prediction, actor=other_contributor, reason="")
    with pytest.raises(NotPermitted):
        services.edit_prediction(
            prediction=prediction,
            actor=other_contributor,
            changes={"status": "x"},
            expected_version=1,
        )
