"""The hash chain: how an event's hash is made, that every writer (the
services, the due job, the demo loader) chains its events, and that
verify_ledger passes an honest ledger and names the first broken link of a
tampered one."""

import datetime as dt
import hashlib
import io
import json
import random
from itertools import pairwise
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from predictions import demo, history, services
from predictions.models import Prediction, PredictionEvent
from tests.support.factories import UserFactory, make_editor
from tests.support.markers import on_postgres

pytestmark = pytest.mark.django_db

TABLE = PredictionEvent._meta.db_table
TRIGGER = "predictionevent_append_only"


def verify_ledger(*args: str) -> str:
    """Run the command; its output, or CommandError when a chain is broken."""
    out = io.StringIO()
    call_command("verify_ledger", *args, stdout=out)
    return out.getvalue()


def tamper(sql: str, params: list) -> None:
    """Change events behind the application's back: on PostgreSQL with the
    append-only trigger switched off for the statement, as an intruder with
    the table owner's rights would."""
    with connection.cursor() as cursor:
        if on_postgres():
            # The test's own inserts left deferred foreign-key checks pending,
            # and PostgreSQL alters no table with checks pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        cursor.execute(sql, params)
        if on_postgres():
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def chain(prediction: Prediction) -> list[PredictionEvent]:
    return list(prediction.events.order_by("at", "id"))


@pytest.fixture
def filed(editor, frozen_now):
    """Published at once, as an editor's claim is."""
    return services.file_claim(
        filed_by=editor,
        claim="The bridge reopens",
        predictor="A Mayor",
        made_on=dt.date(2026, 2, 1),
        resolves_on=dt.date(2026, 4, 1),
        confidence=0.7,
        tags=["transport"],
    )


# --- The format -------------------------------------------------------------------


def test_the_canonical_json_is_sorted_compact_utf8_with_utc_microseconds():
    at = dt.datetime(2026, 3, 10, 13, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))

    canonical = history.canonical_json(
        prediction_id=7, kind="edited", actor_id=None, at=at, data={"b": 1, "a": "Zürich"}
    )

    assert (
        canonical
        == (
            '{"actor":null,"at":"2026-03-10T12:05:00.000000+00:00",'
            '"data":{"a":"Zürich","b":1},"kind":"edited","prediction":7}'
        ).encode()
    )


def test_the_hash_is_sha256_of_the_previous_hash_then_the_canonical_json():
    at = dt.datetime(2026, 3, 10, 12, 0, 0, 123456, tzinfo=dt.UTC)
    fields: dict[str, Any] = {
        "prediction_id": 3,
        "kind": "filed",
        "actor_id": 9,
        "at": at,
        "data": {},
    }
    previous = "ab" * 32
    expected = hashlib.sha256(
        previous.encode() + b'{"actor":9,"at":"2026-03-10T12:00:00.123456+00:00","data":{},'
        b'"kind":"filed","prediction":3}'
    ).hexdigest()

    assert history.event_hash(previous_hash=previous, **fields) == expected
    assert history.event_hash(previous_hash="", **fields) != expected


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ({"changes": {"claim": ("old", "new")}}, {"changes": {"claim": ["old", "new"]}}),
        ({"confidence": 1e16}, {"confidence": 10000000000000000}),
        ({"confidence": -0.0}, {"confidence": 0.0}),
        ({"confidence": 1e-07}, {"confidence": 1e-07}),
        ({1: "key"}, {"1": "key"}),
    ],
)
def test_data_is_hashed_as_the_database_gives_it_back(given, stored):
    assert json.dumps(history.stored_form(given)) == json.dumps(stored)


def test_data_that_is_not_json_is_refused():
    with pytest.raises(ValueError):
        history.stored_form({"confidence": float("nan")})


# --- Writing ----------------------------------------------------------------------


def test_each_event_links_to_the_one_before_and_the_first_to_nothing(filed, editor):
    services.edit_prediction(prediction=filed, actor=editor, changes={"claim": "It reopens"})
    resolved = services.resolve_prediction(prediction=filed, outcome="right", actor=editor)
    services.reopen_prediction(prediction=resolved, actor=editor, reason="Too early.")

    events = chain(filed)

    assert [e.kind for e in events] == ["filed", "edited", "resolved", "reopened"]
    assert events[0].previous_hash == ""
    for before, after in pairwise(events):
        assert after.previous_hash == before.hash
    for event in events:
        assert len(event.hash) == 64
        assert event.hash == history.event_hash(
            previous_hash=event.previous_hash,
            prediction_id=filed.pk,
            kind=event.kind,
            actor_id=event.actor_id,
            at=event.at,
            data=event.data,
        )


def test_the_due_job_chains_its_events_after_each_predictions_head(editor, frozen_now):
    predictions = [
        services.file_claim(
            filed_by=editor,
            claim=f"Claim {n}",
            predictor="A Mayor",
            made_on=dt.date(2026, 2, 1),
            resolves_on=dt.date(2026, 3, 20),
        )
        for n in range(3)
    ]
    services.edit_prediction(prediction=predictions[1], actor=editor, changes={"claim": "Edited"})

    assert services.mark_due(today=dt.date(2026, 3, 25)) == 3

    for prediction in predictions:
        *earlier, became_due = chain(prediction)
        assert became_due.kind == "became_due"
        assert became_due.previous_hash == earlier[-1].hash
    assert "every chain intact" in verify_ledger()


def test_an_event_is_never_stamped_before_the_head(contributor, editor):
    """A clock stepping back must not reorder the history: (at, id) stays the chain's order."""
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        prediction = services.file_claim(
            filed_by=editor,
            claim="The bridge reopens",
            predictor="A Mayor",
            made_on=dt.date(2026, 2, 1),
            resolves_on=dt.date(2026, 4, 1),
        )
    with time_machine.travel(dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC), tick=False):
        services.resolve_prediction(prediction=prediction, outcome="right", actor=editor)

    filed, resolved = chain(prediction)

    assert (filed.kind, resolved.kind) == ("filed", "resolved")
    assert resolved.at == filed.at
    assert resolved.previous_hash == filed.hash


def test_two_events_can_never_follow_the_same_one(filed, editor):
    head = chain(filed)[-1]
    fork = PredictionEvent(
        prediction=filed,
        kind="edited",
        at=head.at,
        data={},
        previous_hash=head.previous_hash,
        hash="f" * 64,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        fork.save()
    assert chain(filed) == [head]


# --- Verifying --------------------------------------------------------------------


def test_the_demo_ledger_verifies(frozen_now):
    demo.load_demo()

    output = verify_ledger()

    predictions = Prediction.objects.count()
    events = PredictionEvent.objects.count()
    assert predictions == 1 + len(demo.EXAMPLES)
    assert output.strip() == f"{predictions} predictions, {events} events: every chain intact"


def generate_ledger(count: int) -> None:
    """``count`` predictions taken through every service, in a seeded random
    order of filing, editing, resolving, reopening, withdrawing and the due job."""
    rng = random.Random(12)
    editor = make_editor(UserFactory(username="ed"))
    filers = [None, editor, UserFactory(username="fay")]
    start = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
    for n in range(count):
        with time_machine.travel(start + dt.timedelta(hours=n), tick=False):
            filer = filers[n % 3]
            prediction = services.file_claim(
                filed_by=filer,
                claim=f"Generated claim number {n}",
                predictor=f"Pundit {n % 7}",
                made_on=dt.date(2025, 12, 1),
                resolves_on=dt.date(2026, 1, 10) + dt.timedelta(days=rng.randrange(60)),
                confidence=rng.choice([None, 0.1, 0.55, 1.0]),
                tags=rng.sample(["economy", "tech", "sport", "café"], k=rng.randrange(3)),
            )
            actor = filer if filer is not None and rng.random() < 0.5 else editor
            if rng.random() < 0.5:
                prediction = services.edit_prediction(
                    prediction=prediction,
                    actor=actor,
                    changes={"claim": f"Generated claim n° {n}", "confidence": 0.25},
                )
            if prediction.review_state != Prediction.ReviewState.PUBLISHED:
                continue
            roll = rng.random()
            if roll < 0.4:
                prediction = services.resolve_prediction(
                    prediction=prediction,
                    outcome=rng.choice(Prediction.Outcome.values),
                    actor=editor,
                    note="Checked — «as reported».",
                )
                if rng.random() < 0.3:
                    services.reopen_prediction(prediction=prediction, actor=editor, reason="Early.")
            elif roll < 0.55:
                services.withdraw_prediction(prediction=prediction, actor=editor, reason="Dup.")
        if n % 25 == 24:
            services.mark_due(today=dt.date(2026, 1, 10) + dt.timedelta(days=n // 2))


def test_a_generated_ledger_of_a_hundred_predictions_verifies():
    generate_ledger(100)

    output = verify_ledger()

    kinds = set(PredictionEvent.objects.values_list("kind", flat=True))
    assert {"filed", "edited", "resolved", "reopened", "withdrawn", "became_due"} <= kinds
    assert output.startswith(f"100 predictions, {PredictionEvent.objects.count()} events:")
    assert output.strip().endswith("every chain intact")


def test_a_changed_event_is_named_as_the_first_broken_link(filed, editor):
    services.resolve_prediction(prediction=filed, outcome="wrong", actor=editor)
    later = services.file_claim(
        filed_by=editor, claim="Later", predictor="B", resolves_on=dt.date(2026, 5, 1)
    )
    services.withdraw_prediction(prediction=later, actor=editor, reason="A duplicate.")
    resolved = filed.events.get(kind="resolved")
    assert "2 predictions, 4 events: every chain intact" in verify_ledger()

    tamper(
        f"UPDATE {TABLE} SET data = %s WHERE id = %s",
        [json.dumps({"outcome": "right"}), resolved.pk],
    )

    with pytest.raises(CommandError) as broken:
        verify_ledger()
    assert broken.value.returncode != 0
    assert str(broken.value) == (
        f"Broken chain: prediction {filed.pk}, event {resolved.pk} "
        f"(resolved at {history.utc_timestamp(resolved.at)}): hash does not match its content."
    )
    # The other chain still checks on its own.
    assert "1 prediction, 2 events" in verify_ledger("--prediction", str(later.pk))


def test_a_dropped_event_breaks_the_link_of_the_next(filed, editor):
    edited = services.edit_prediction(prediction=filed, actor=editor, changes={"claim": "New"})
    services.resolve_prediction(prediction=edited, outcome="wrong", actor=editor)
    edit, resolution = filed.events.get(kind="edited"), filed.events.get(kind="resolved")

    tamper(f"DELETE FROM {TABLE} WHERE id = %s", [edit.pk])

    with pytest.raises(CommandError, match=f"event {resolution.pk} ") as broken:
        verify_ledger()
    assert str(broken.value).endswith("previous_hash does not match the event before.")


def test_a_history_rewritten_whole_still_verifies_but_not_its_old_head(filed, editor):
    """What the chain alone cannot catch (docs/history.md): a rewrite with every
    hash recomputed; a head kept from before is what shows it."""
    services.resolve_prediction(prediction=filed, outcome="wrong", actor=editor)
    kept_head = chain(filed)[-1].hash
    resolution = filed.events.get(kind="resolved")
    data = {**resolution.data, "outcome": "right"}
    rewritten = history.event_hash(
        previous_hash=resolution.previous_hash,
        prediction_id=filed.pk,
        kind="resolved",
        actor_id=resolution.actor_id,
        at=resolution.at,
        data=data,
    )

    tamper(
        f"UPDATE {TABLE} SET data = %s, hash = %s WHERE id = %s",
        [json.dumps(data), rewritten, resolution.pk],
    )

    assert "every chain intact" in verify_ledger()
    assert kept_head not in {event.hash for event in chain(filed)}


def test_a_prediction_without_its_history_is_reported(filed):
    tamper(f"DELETE FROM {TABLE} WHERE prediction_id = %s", [filed.pk])

    with pytest.raises(CommandError, match=f"prediction {filed.pk} has no events"):
        verify_ledger()


def test_an_unknown_prediction_is_an_error(filed):
    with pytest.raises(CommandError, match="There is no prediction 999999"):
        verify_ledger("--prediction", "999999")


# --- The page ---------------------------------------------------------------------


def test_the_page_shows_the_chain_head(client, filed, editor):
    services.resolve_prediction(prediction=filed, outcome="wrong", actor=editor)
    head = chain(filed)[-1].hash

    html = client.get(filed.get_absolute_url()).content.decode()

    assert f"History chain head: <code>{head[:12]}</code>…" in html
    assert f"<code>{head}</code>" in html
    assert 'href="/about/method/#history"' in html
