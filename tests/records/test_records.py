"""Track records from the database agree with predictions.records.scoring to the
decimal, cost one query per scope (and one for the whole leaderboard), are
cached, and change at once when a prediction of theirs does."""

import datetime as dt
import random

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from predictions import records, services
from predictions.models import Prediction, Tag
from predictions.records.scoring import accuracy_in_words, score
from sources.models import Person
from tests.support.factories import PersonFactory, PredictionFactory
from tests.support.markers import requires_redis

pytestmark = pytest.mark.django_db

# Edge values on purpose: bin boundaries, 0 and 1.
CONFIDENCES = [None, 0.0, 0.05, 0.1, 0.3, 0.29999, 0.5, 0.7, 0.9, 0.99, 1.0]
STATES = [
    ("open", ""),
    ("due", ""),
    ("withdrawn", ""),
    ("resolved", "right"),
    ("resolved", "wrong"),
    ("resolved", "partly_right"),
    ("resolved", "unresolvable"),
]
BASES = ["stated", "hedge", "filer"]


def random_ledger(seed: int, people: int = 4, each: int = 25):
    rng = random.Random(seed)
    tag = Tag.objects.create(name="t", slug=f"t-{seed}")
    persons = [PersonFactory() for _ in range(people)]
    for person in persons:
        for _ in range(each):
            status, outcome = rng.choice(STATES)
            confidence = rng.choice(CONFIDENCES)
            prediction = PredictionFactory(
                predictor=person,
                confidence=confidence,
                confidence_basis="" if confidence is None else rng.choice(BASES),
                status=status,
                outcome=outcome,
            )
            if rng.random() < 0.5:
                prediction.tags.add(tag)
    return persons, tag


def same(database, reference) -> bool:
    """Equal to the decimal: the database sums floats in another order, so the
    unrounded Brier may differ in its last bit."""
    return database.as_dict() == reference.as_dict() and (
        database.brier == reference.brier or abs(database.brier - reference.brier) < 1e-12
    )


def rows(predictions):
    """As scoring takes them: a confidence that is not the speaker's own (the
    filer's estimate) is no confidence to score."""
    return [
        (p.confidence if p.confidence_is_scored else None, p.status, p.outcome) for p in predictions
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_agrees_with_scoring(seed):
    persons, tag = random_ledger(seed)

    for person in persons:
        assert same(
            records.person_record(person), score(rows(Prediction.objects.filter(predictor=person)))
        )
    assert same(records.tag_record(tag), score(rows(Prediction.objects.filter(tags=tag))))
    assert same(records.site_record(), score(rows(Prediction.objects.all())))
    by_person = dict(records.people_with_records())
    for person in persons:
        assert same(by_person[person], records.person_record(person))


# Squared errors whose mean is exactly 0.2725: added as floats in the first
# order they give 0.27250000… (shown 0.273), in the second 0.27249999… (0.272).
ON_THE_EDGE = [
    (0.45, "wrong"),
    (0.35, "wrong"),
    (0.65, "right"),
    (0.75, "right"),
    (0.25, "right"),
    (0.75, "wrong"),
]


@pytest.mark.parametrize("order", [(0, 1, 2, 3, 4, 5), (1, 4, 2, 0, 3, 5)])
def test_the_brier_score_does_not_depend_on_the_order_rows_are_added(order):
    person = PersonFactory()
    for confidence, outcome in (ON_THE_EDGE[i] for i in order):
        PredictionFactory(
            predictor=person, confidence=confidence, status="resolved", outcome=outcome
        )

    record = records.person_record(person)

    assert record.brier == 0.2725
    assert record.as_dict()["brier"] == 0.273
    assert score(rows(Prediction.objects.filter(predictor=person))).brier == 0.2725


@pytest.mark.parametrize("each", [5, 60])
def test_one_query_per_scope_and_one_for_everyone(each, django_assert_num_queries):
    persons, tag = random_ledger(7, people=3, each=each)

    with django_assert_num_queries(1):
        records.person_record(persons[0])
    with django_assert_num_queries(1):
        records.tag_record(tag)
    with django_assert_num_queries(1):
        records.site_record()
    with django_assert_num_queries(1):
        assert len(records.people_with_records()) == 3
    with django_assert_num_queries(0):  # cached until a write commits
        records.site_record()


@pytest.fixture
def pundit(editor, frozen_now):
    """Five predictions by one pundit, each with the confidence the pundit
    stated, filed by an editor (so published at once); four resolved by hand below."""
    made = dt.date(2025, 1, 1)
    filed = [
        services.file_claim(
            filed_by=editor,
            claim=f"Claim {n}",
            predictor="Pat Pundit",
            made_on=made,
            resolves_on=made + dt.timedelta(days=30),
            confidence=confidence,
            confidence_basis="stated" if confidence is not None else "",
        )
        for n, confidence in enumerate([0.8, 0.6, 0.9, None, 0.7])
    ]
    return filed


def test_resolving_reopening_and_withdrawing_change_the_record_at_once(
    pundit, editor, django_capture_on_commit_callbacks
):
    person = pundit[0].predictor
    assert records.person_record(person).resolved == 0  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        services.resolve_prediction(prediction=pundit[0], outcome="right", actor=editor)
    assert records.person_record(person).right == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.reopen_prediction(prediction=pundit[0], actor=editor, reason="Too early.")
    assert records.person_record(person).right == 0
    assert records.person_record(person).overdue == 5

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_prediction(prediction=pundit[1], actor=editor, reason="Duplicate.")
    assert records.person_record(person).predictions == 4
    assert records.site_record().predictions == 4


def test_a_worked_example_agrees_with_the_page(
    client, pundit, editor, django_capture_on_commit_callbacks
):
    """By hand: right at 0.8 and 0.9, wrong at 0.6, partly right without a
    confidence; one still due.
    accuracy = (2 + 0.5 × 1) / (2 + 1 + 1) = 2.5 / 4 = 0.625.
    Wilson, z = 1.96, n = 4, p = 0.625, z²/n = 0.9604:
      centre = (p + z²/2n) / (1 + z²/n) = (0.625 + 0.4802) / 1.9604 = 0.5638
      half = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n) = 1.96 × 0.3444 / 1.9604 = 0.3443
      → 0.219 to 0.908.
    brier = ((1-0.8)² + (0-0.6)² + (1-0.9)²) / 3 = (0.04 + 0.36 + 0.01) / 3 = 0.137."""
    outcomes = ["right", "wrong", "right", "partly_right"]
    with django_capture_on_commit_callbacks(execute=True):
        for prediction, outcome in zip(pundit, outcomes, strict=False):
            services.resolve_prediction(prediction=prediction, outcome=outcome, actor=editor)

    record = records.person_record(pundit[0].predictor)
    assert (record.right, record.wrong, record.partly_right, record.overdue) == (2, 1, 1, 1)
    assert record.accuracy == 0.625
    assert record.accuracy_low is not None and record.accuracy_high is not None
    assert (round(record.accuracy_low, 3), round(record.accuracy_high, 3)) == (0.219, 0.908)
    assert record.brier is not None
    assert round(record.brier, 3) == 0.137
    # Four scored and three with a confidence: the page gives the counts, not the scores.
    assert accuracy_in_words(record) == "right in 2 and partly right in 1 of 4 scored predictions"
    assert not record.shows_accuracy and not record.shows_brier
    bins = {b.low: (b.count, b.right) for b in record.calibration if b.count}
    assert bins == {0.6: (1, 0), 0.8: (1, 1), 0.9: (1, 1)}

    page = client.get(reverse("predictions:person", args=["pat-pundit"])).content.decode()
    assert "right in 2 and partly right in 1 of 4 scored predictions." in page
    assert "Not enough resolved predictions yet for an accuracy score: it is given from 5" in page
    assert "62%" not in page and "0.137" not in page
    # Three calibrated predictions: too few for a chart; the numbers are given.
    assert "chart-calibration" not in page  # (the outcome strip is drawn)
    assert "for a calibration chart: 3 so far, and it is drawn from 5" in page
    assert "The numbers so far" in page
    assert "1 prediction past its deadline, unresolved" in page


def test_the_leaderboard_ranks_by_the_lower_bound(client):
    lucky, steady = PersonFactory(name="Lucky"), PersonFactory(name="Steady")
    for _ in range(3):
        PredictionFactory(predictor=lucky, status="resolved", outcome="right")
    for n in range(10):
        PredictionFactory(
            predictor=steady, status="resolved", outcome="right" if n < 8 else "wrong"
        )

    ranked, unranked = records.ranking(Person.objects.all(), sort="accuracy", minimum=1)
    assert [person.name for person, _ in ranked] == ["Steady", "Lucky"]  # 3/3 < 8/10 here
    ranked, unranked = records.ranking(Person.objects.all(), sort="accuracy", minimum=5)
    assert [person.name for person, _ in ranked] == ["Steady"]
    assert unranked == 1

    page = client.get("/people/", {"sort": "accuracy"}).content.decode()
    assert "at least 5 predictions judged right, wrong or partly right" in page
    assert "1 ranked, 1 not ranked (too few resolved predictions)." in page
    assert "a long record beats a short perfect one" in page
    assert "80% (49–94%)" in page


def test_the_leaderboard_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    random_ledger(5, people=6, each=8)
    # The rows of the page, and the numbers above it (cached after this);
    # with a minimum of 1 nobody can be below it, so no query asks.
    with django_assert_num_queries(2):
        assert client.get("/people/", {"sort": "brier", "min": "1"}).status_code == 200
    # Above 1, who is below the minimum too.
    with django_assert_num_queries(3):
        assert client.get("/people/", {"sort": "brier", "min": "4"}).status_code == 200


def test_the_api_carries_the_records(client, pundit):
    person = client.get("/api/v1/people/pat-pundit/").json()
    assert person["record"]["predictions"] == 5
    assert person["record"]["overdue"] == 5
    assert len(person["record"]["calibration"]) == 10
    assert set(person["record"]) >= {"accuracy", "accuracy_low", "accuracy_high", "brier"}

    stats = client.get("/api/v1/stats/").json()
    assert stats["predictions"] == 5
    assert stats["accuracy"] is None


@requires_redis
def test_a_record_cached_by_the_previous_release_is_not_read(client):
    # That release cached records pickled as predictions.scoring.Record, a
    # module that no longer exists; unpickling one would fail every page
    # showing a record until the entry expired.
    person = PersonFactory(slug="pundit")
    PredictionFactory(predictor=person, status="resolved", outcome="right", confidence=0.8)
    stale = b"\x80\x04cpredictions.scoring\nRecord\n)\x81."
    redis_cache = caches["default"]
    assert isinstance(redis_cache, RedisCache)
    for key in (f"record:person:{person.pk}", "record:site"):
        redis_cache._cache.get_client(write=True).set(redis_cache.make_key(key), stale)

    assert records.person_record(person).right == 1
    assert records.site_record().right == 1
    assert client.get("/people/pundit/").status_code == 200
