"""Only the speaker's own confidences are scored: a number they stated, or one
read from their words, enters their Brier score and calibration; the filer's
estimate does not, in a person's, a tag's or the site's record alike. Which
predictions count at all (accuracy, the counts) does not depend on it."""

import dataclasses

import pytest
from django.core.cache import cache
from django.urls import reverse

from predictions import records
from predictions.models import Prediction, Tag
from sources.models import Person
from tests.support.factories import PersonFactory, PredictionFactory
from tests.support.html import Page

pytestmark = pytest.mark.django_db


def resolved(person, confidence, outcome, basis, hedge="", tag=None):
    prediction = PredictionFactory(
        predictor=person,
        confidence=confidence,
        confidence_basis=basis,
        confidence_hedge=hedge,
        status="resolved",
        outcome=outcome,
    )
    if tag is not None:
        prediction.tags.add(tag)
    return prediction


def calibration(record) -> dict:
    return {b.low: (b.count, b.right) for b in record.calibration if b.count}


@pytest.fixture
def pundit():
    """Right at a stated 80%, wrong at 70% read from "likely", and wrong at
    the filer's 90%, which is not the pundit's to be scored on.
    Brier = ((1 − 0.8)² + (0 − 0.7)²) / 2 = (0.04 + 0.49) / 2 = 0.265;
    with the filer's 90% it would be (0.04 + 0.49 + 0.81) / 3 ≈ 0.447."""
    person = PersonFactory(name="Pat Pundit", slug="pat-pundit")
    tag = Tag.objects.create(name="Transport", slug="transport")
    resolved(person, 0.8, "right", "stated", tag=tag)
    resolved(person, 0.7, "wrong", "hedge", "likely", tag=tag)
    resolved(person, 0.9, "wrong", "filer", tag=tag)
    return person, tag


def test_the_filers_estimate_is_left_out_of_brier_and_calibration(pundit):
    person, tag = pundit

    for record in (records.person_record(person), records.tag_record(tag), records.site_record()):
        assert record.brier == 0.265
        assert record.brier_count == 2
        assert calibration(record) == {0.7: (1, 0), 0.8: (1, 1)}
        # It still counts as a wrong prediction: accuracy is about outcomes.
        assert (record.right, record.wrong, record.resolved) == (1, 2, 3)
        assert record.accuracy == pytest.approx(1 / 3)


def test_a_filers_estimate_changes_no_score(pundit, django_capture_on_commit_callbacks):
    person, _ = pundit
    before = records.person_record(person)

    with django_capture_on_commit_callbacks(execute=True):
        records.invalidate_records([resolved(person, 0.1, "right", "filer").pk])
    after = records.person_record(person)

    assert after.resolved == before.resolved + 1
    assert (after.brier, after.brier_count) == (before.brier, before.brier_count) == (0.265, 2)
    assert after.calibration == before.calibration


@pytest.mark.parametrize(
    ("confidence", "basis", "hedge", "brier", "bins"),
    [
        # (0.04 + 0.49 + (1 − 0.5)²) / 3 = 0.78 / 3 = 0.26
        (0.5, "stated", "", 0.26, {0.5: (1, 1), 0.7: (1, 0), 0.8: (1, 1)}),
        # (0.04 + 0.49 + (1 − 0.6)²) / 3 = 0.69 / 3 = 0.23
        (0.6, "hedge", "likely", 0.23, {0.6: (1, 1), 0.7: (1, 0), 0.8: (1, 1)}),
    ],
)
def test_a_stated_or_read_confidence_is_scored(
    pundit, django_capture_on_commit_callbacks, confidence, basis, hedge, brier, bins
):
    person, _ = pundit

    with django_capture_on_commit_callbacks(execute=True):
        records.invalidate_records([resolved(person, confidence, "right", basis, hedge).pk])
    record = records.person_record(person)

    assert record.brier == brier
    assert record.brier_count == 3
    assert calibration(record) == bins


def test_the_leaderboard_scores_by_the_same_rule(pundit):
    person, _ = pundit
    only_estimates = PersonFactory(name="Estimated")
    for _ in range(5):
        resolved(only_estimates, 0.9, "right", "filer")

    by_person = dict(records.people_with_records())

    assert (by_person[person].brier, by_person[person].brier_count) == (0.265, 2)
    assert by_person[only_estimates].brier is None
    ranked, unranked = records.ranking(Person.objects.all(), sort="brier", minimum=1)
    assert [p.name for p, _ in ranked] == ["Pat Pundit"]
    assert unranked == 1


def test_the_person_page_says_which_confidences_are_scored(client, pundit):
    page = Page(client.get(reverse("predictions:person", args=["pat-pundit"])).content.decode())

    record = page.one("#record")
    # Two such predictions: too few for the score to be shown, but the page
    # says which ones count towards it.
    assert (
        "Not enough resolved predictions with a confidence of Pat Pundit's own, stated or read "
        "from their words, for a Brier score yet: 2 so far, and it is given from 5."
    ) in " ".join(record.get_text().split())
    assert "0.265" not in record.get_text()


def test_a_record_cached_under_the_old_rule_is_not_read(pundit):
    # The previous release's records counted the filer's estimates in Brier.
    person, _ = pundit
    old = dataclasses.replace(records.compute_record(Prediction.objects.none()), brier=0.447)
    cache.set(f"record:v2:person:{person.pk}", old)

    assert records.person_record(person).brier == 0.265
