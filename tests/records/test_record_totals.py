"""The totals tables (predictions.models.totals) equal a fresh count of the
ledger after every kind of write, rebuild_totals repairs drift, and the
records read from them are those counted today."""

import datetime as dt
import random
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from core.errors import InvalidInput, InvalidTransition, NotPermitted, VersionConflict
from predictions import records, services
from predictions.models import PersonTagTotals, PersonTotals, Prediction, Tag, TagTotals
from predictions.models.totals import COUNT_FIELDS
from predictions.records.totals import _totals, compute_record
from predictions.services import corrections, people
from predictions.services.disputes import CORRECT, REOPEN, UPHOLD
from sources.models import Person
from tests.support.factories import PersonFactory, PredictionFactory

pytestmark = pytest.mark.django_db

FIELDS = (*COUNT_FIELDS, "brier_sum")
CONFIDENCES = [None, 0.0, 0.05, 0.1, 0.3, 0.1 * 3, 0.29999, 0.7 - 0.4, 0.123456789012345, 0.5, 1.0]
OUTCOMES = ["right", "wrong", "partly_right", "unresolvable"]


def fresh(predictions) -> dict:
    """What the totals of ``predictions`` are, counted now in one query."""
    counted = predictions.aggregate(**_totals())
    counted["brier_sum"] = counted["brier_sum"] or Decimal(0)
    return {name: counted[name] for name in FIELDS}


def stored(row) -> dict | None:
    return {name: getattr(row, name) for name in FIELDS} if row is not None else None


def assert_totals_are_fresh() -> None:
    everyone = Prediction.objects.all()
    for person in Person.objects.all():
        row = PersonTotals.objects.get(person=person)
        expected = fresh(everyone.filter(predictor=person))
        assert stored(row) == expected, person.name
        record = compute_record(everyone.filter(predictor=person))
        # The sort keys are the record's own numbers, to the last bit.
        assert (row.accuracy_low, row.brier) == (record.accuracy_low, record.brier)
        assert row.name == person.name
    for tag in Tag.objects.all():
        tag_row = TagTotals.objects.filter(tag=tag).first()
        expected = fresh(everyone.filter(tags=tag))
        if tag_row is None:
            assert not any(expected.values()), tag.slug
        else:
            assert stored(tag_row) == expected, tag.slug
    # Each person's count of published predictions per tag (any status).
    kept = {
        (row.person_id, row.tag_id): row.predictions
        for row in PersonTagTotals.objects.all()
        if row.predictions
    }
    counted: dict = {}
    for prediction in Prediction.objects.published().prefetch_related("tags"):
        for tag in prediction.tags.all():
            key = (prediction.predictor_id, tag.pk)
            counted[key] = counted.get(key, 0) + 1
    assert kept == counted


class Ledger:
    """Random writes through the services, as the site makes them."""

    def __init__(self, rng: random.Random, editor, contributor):
        self.rng, self.editor, self.contributor = rng, editor, contributor
        self.people = [PersonFactory(name=f"Person {n}") for n in range(4)]
        self.today = dt.date(2026, 3, 10)

    def any(self):
        return self.rng.choice(list(Prediction.objects.order_by("pk"))) if self.has_any() else None

    def has_any(self) -> bool:
        return Prediction.objects.exists()

    def file(self):
        confidence = self.rng.choice(CONFIDENCES)
        basis = "" if confidence is None else self.rng.choice(["stated", "filer"])
        days = self.rng.choice([-40, -3, 5, 20, 400])
        services.file_claim(
            filed_by=self.rng.choice([self.editor, self.contributor]),
            claim=f"Something testable happens ({self.rng.random()})",
            predictor=self.rng.choice(self.people),
            made_on=self.today - dt.timedelta(days=60),
            resolves_on=self.today + dt.timedelta(days=days),
            confidence=confidence,
            confidence_basis=basis,
            tags=self.rng.sample(["ai", "economy", "space"], self.rng.randint(0, 2)),
        )

    def review(self):
        pending = Prediction.objects.filter(review_state="pending").first()
        if pending:
            services.review_claim(
                prediction=pending,
                actor=self.editor,
                decision=self.rng.choice(["approve", "approve", "reject"]),
                reason="Checked",
            )

    def resolve(self):
        services.resolve_prediction(
            prediction=self.any(), outcome=self.rng.choice(OUTCOMES), actor=self.editor
        )

    def propose_and_decide(self):
        prediction = self.any()
        services.propose_outcome(
            prediction=prediction,
            outcome=self.rng.choice(OUTCOMES),
            actor=self.contributor,
            evidence_url="https://example.com/evidence",
        )
        if self.rng.random() < 0.7:
            services.confirm_proposal(prediction=prediction, actor=self.editor)
        else:
            services.decline_proposal(prediction=prediction, actor=self.editor, reason="No")

    def reopen(self):
        services.reopen_prediction(prediction=self.any(), actor=self.editor, reason="Wrongly")

    def withdraw(self):
        services.withdraw_prediction(prediction=self.any(), actor=self.editor, reason="Duplicate")

    def edit(self):
        changes: dict = {}
        if self.rng.random() < 0.6:
            changes["tags"] = self.rng.sample(["ai", "economy", "space", "new"], 2)
        if self.rng.random() < 0.6:
            changes["confidence"] = self.rng.choice([c for c in CONFIDENCES if c is not None])
            changes["confidence_basis"] = self.rng.choice(["stated", "hedge", "filer"])
            changes["confidence_hedge"] = "likely" if changes["confidence_basis"] == "hedge" else ""
        if self.rng.random() < 0.4:
            changes["resolves_on"] = self.today + dt.timedelta(days=self.rng.choice([-5, 30]))
        services.edit_prediction(prediction=self.any(), actor=self.editor, changes=changes)

    def dispute(self):
        resolved = Prediction.objects.filter(status="resolved", review_state="published").first()
        if resolved:
            dispute = services.open_dispute(
                prediction=resolved, actor=self.contributor, subject="outcome", reason="Not so"
            )
            action = self.rng.choice([REOPEN, CORRECT])
            services.settle_dispute(
                dispute=dispute,
                actor=self.editor,
                decision=UPHOLD,
                reason="Indeed",
                action=action,
                outcome=self.rng.choice(OUTCOMES) if action == CORRECT else "",
                evidence_url="https://example.com/e",
            )

    def mark_due(self):
        self.today += dt.timedelta(days=10)
        services.mark_due(today=self.today)

    def merge(self):
        if len(self.people) > 2:
            source = self.people.pop(self.rng.randrange(len(self.people)))
            people.merge_people(
                from_person=source, into_person=self.rng.choice(self.people), actor=self.editor
            )

    def rename(self):
        person = self.rng.choice(self.people)
        corrections.rename_person(
            person=person, name=f"{person.name}+", actor=self.editor, reason="Spelling"
        )
        person.refresh_from_db()


ACTIONS = [
    "file",
    "file",
    "file",
    "review",
    "resolve",
    "propose_and_decide",
    "reopen",
    "withdraw",
    "edit",
    "edit",
    "dispute",
    "mark_due",
    "merge",
    "rename",
]


@pytest.mark.parametrize("seed", range(6))
def test_the_totals_equal_a_fresh_count_after_every_write(seed, editor, contributor, frozen_now):
    rng = random.Random(seed)
    ledger = Ledger(rng, editor, contributor)
    done = set()
    for _ in range(40):
        action = rng.choice(ACTIONS) if ledger.has_any() else "file"
        try:
            getattr(ledger, action)()
        except (InvalidInput, InvalidTransition, NotPermitted, VersionConflict):
            continue
        done.add(action)
        assert_totals_are_fresh()
    assert len(done) >= 8, done


def test_a_deleted_prediction_leaves_its_rows(editor):
    prediction = services.file_claim(
        filed_by=editor,
        claim="It happens",
        predictor="Pat",
        resolves_on=dt.date(2030, 1, 1),
        tags=["ai"],
    )
    Prediction.objects.get(pk=prediction.pk).tags.clear()
    assert_totals_are_fresh()
    # A row written directly (no history, so it may go) takes its counts with it.
    direct = PredictionFactory(status="resolved", outcome="right", confidence=0.8)
    direct.tags.add(Tag.objects.get(slug="ai"))
    assert_totals_are_fresh()
    Prediction.objects.get(pk=direct.pk).delete()
    assert_totals_are_fresh()


def test_rebuild_totals_repairs_drift(editor):
    for n in range(3):
        services.file_claim(
            filed_by=editor,
            claim=f"It happens {n}",
            predictor=f"Person {n % 2}",
            resolves_on=dt.date(2030, 1, 1),
            tags=["ai"],
        )
    PersonTotals.objects.update(predictions=99, brier=0.5, name="wrong")
    TagTotals.objects.all().delete()

    call_command("rebuild_totals", stdout=None)

    assert_totals_are_fresh()


def test_the_records_read_from_rows_are_those_counted(editor):
    rng = random.Random(7)
    person = PersonFactory(name="Pat")
    for n in range(30):
        confidence = rng.choice(CONFIDENCES)
        prediction = services.file_claim(
            filed_by=editor,
            claim=f"It happens {n}",
            predictor=person,
            resolves_on=dt.date(2030, 1, 1),
            confidence=confidence,
            confidence_basis="" if confidence is None else "stated",
            tags=["ai"],
        )
        if rng.random() < 0.8:
            services.resolve_prediction(
                prediction=prediction, outcome=rng.choice(OUTCOMES), actor=editor
            )
    counted = Prediction.objects.filter(predictor=person)
    assert records.person_record(person) == compute_record(counted)
    assert records.tag_record(Tag.objects.get(slug="ai")) == compute_record(counted)
    assert records.site_record() == compute_record(Prediction.objects.all())


def test_a_person_made_anywhere_has_a_row_and_their_name_follows(editor):
    person = PersonFactory(name="Before")
    person.name = "After"
    person.save()

    row = PersonTotals.objects.get(person=person)

    assert (row.name, row.predictions) == ("After", 0)


def test_mark_due_moves_a_whole_batch_in_grouped_deltas(editor, django_assert_max_num_queries):
    with time_machine.travel(dt.datetime(2026, 1, 1, 12), tick=False):
        for n in range(6):
            services.file_claim(
                filed_by=editor,
                claim=f"It happens {n}",
                predictor=f"Person {n % 3}",
                resolves_on=dt.date(2026, 1, 2),
                tags=["ai", "space"],
            )
    services.mark_due(today=dt.date(2026, 2, 1))

    assert PersonTotals.objects.filter(overdue=2, open=0).count() == 3
    assert_totals_are_fresh()


def test_mark_due_moves_each_row_by_its_own_count(editor):
    # Counts of 3, 2 and 1 in one batch: one UPDATE, a branch per count.
    with time_machine.travel(dt.datetime(2026, 1, 1, 12), tick=False):
        for name, many in [("Three", 3), ("Two", 2), ("One", 1)]:
            for n in range(many):
                services.file_claim(
                    filed_by=editor,
                    claim=f"{name} says {n}",
                    predictor=name,
                    resolves_on=dt.date(2026, 1, 2),
                    tags=["ai"] if n % 2 else ["space"],
                )
    services.mark_due(today=dt.date(2026, 2, 1))

    overdue = dict(PersonTotals.objects.values_list("name", "overdue"))
    assert overdue == {"Three": 3, "Two": 2, "One": 1}
    assert dict(TagTotals.objects.values_list("tag__slug", "overdue")) == {"ai": 2, "space": 4}
    assert_totals_are_fresh()
