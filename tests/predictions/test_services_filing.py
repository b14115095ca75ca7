"""Filing a claim: the whole chain (person, source, statement, prediction) in
one transaction, reusing what already exists."""

import datetime as dt

import pytest

from core.errors import InvalidInput, NotPermitted
from predictions import services
from predictions.models import Prediction, PredictionEvent, Tag, Watch
from sources.models import Person, Source, Statement
from tests.support.factories import PersonFactory

pytestmark = pytest.mark.django_db


def file(user, **overrides):
    fields = {
        "filed_by": user,
        "claim": "OpenAI releases the weights of one of its models",
        "predictor": "Sam Altman",
        "quote": "We may open-source a model within the next month.",
        "source_url": "https://News.example.com/altman-interview/?utm_source=feed#top",
        "source_title": "Altman interview",
        "published_on": dt.date(2026, 2, 1),
        "resolves_on": dt.date(2026, 3, 1),
        "deadline_text": "within the next month",
        "tags": ["OpenAI", "open source"],
    }
    return services.file_claim(**{**fields, **overrides})


def test_filing_creates_the_whole_chain(contributor, frozen_now):
    prediction = file(contributor, confidence=0.4)

    assert prediction.claim == "OpenAI releases the weights of one of its models"
    assert prediction.predictor.name == "Sam Altman"
    assert prediction.predictor.slug == "sam-altman"
    assert prediction.statement.text == "We may open-source a model within the next month."
    assert prediction.statement.speaker == prediction.predictor
    assert prediction.statement.source.url == "https://news.example.com/altman-interview"
    # Said on the source's date unless told otherwise.
    assert prediction.made_on == dt.date(2026, 2, 1)
    assert prediction.statement.said_on == dt.date(2026, 2, 1)
    assert prediction.resolves_on == dt.date(2026, 3, 1)
    assert prediction.deadline_text == "within the next month"
    assert prediction.confidence == 0.4
    assert prediction.status == "due"  # 1 March had passed by 10 March, when it was filed
    assert sorted(prediction.tags.values_list("slug", flat=True)) == ["open-source", "openai"]
    assert prediction.filed_by == contributor
    assert prediction.version == 1


def test_filing_writes_a_filed_event_and_the_filer_watches(contributor):
    prediction = file(contributor)

    event = PredictionEvent.objects.get(prediction=prediction)
    assert event.kind == "filed"
    assert event.actor == contributor
    assert event.data["resolves_on"] == "2026-03-01"
    assert event.data["deadline_text"] == "within the next month"
    assert event.data["review_state"] == "pending"
    # The words as filed are in the event, so its hash covers them.
    assert event.data["statement"] == {
        "id": prediction.statement_id,
        "text": "We may open-source a model within the next month.",
        "speaker": "sam-altman",
        "said_on": "2026-02-01",
        "source_url": "https://news.example.com/altman-interview",
        "source_title": "Altman interview",
    }
    assert Watch.objects.filter(user=contributor, prediction=prediction).exists()


def test_filing_reuses_person_source_and_tags(contributor, other_contributor):
    first = file(contributor)
    second = file(
        other_contributor,
        claim="OpenAI publishes a model card",
        predictor="sam-altman",
        source_url="https://news.example.com/altman-interview",
        tags=["openai"],
    )

    assert second.predictor == first.predictor
    assert second.statement == first.statement  # same words, same speaker, same source
    assert Person.objects.count() == 1
    assert Source.objects.count() == 1
    assert Statement.objects.count() == 1
    assert Tag.objects.filter(slug="openai").count() == 1


def test_a_quote_may_have_another_speaker(contributor):
    altman = PersonFactory.create(name="Sam Altman", slug="sam-altman")
    prediction = file(contributor, predictor="A Commentator", speaker=altman)

    assert prediction.predictor.name == "A Commentator"
    assert prediction.statement.speaker == altman


def test_a_deadline_already_past_is_filed_as_due(contributor, frozen_now):
    prediction = file(contributor, resolves_on=dt.date(2026, 3, 9))
    assert prediction.status == "due"


def test_filing_without_a_quote_uses_today(contributor, frozen_now):
    prediction = file(contributor, quote="", resolves_on=dt.date(2026, 12, 31))
    assert prediction.statement is None
    assert prediction.made_on == dt.date(2026, 3, 10)
    assert prediction.status == "open"


def test_the_words_set_the_deadline_when_no_date_is_given(contributor):
    prediction = file(contributor, resolves_on=None, deadline_text="within the next month")
    assert prediction.made_on == dt.date(2026, 2, 1)
    assert prediction.resolves_on == dt.date(2026, 3, 1)
    assert prediction.deadline_text == "within the next month"


def test_anonymous_users_cannot_file():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotPermitted):
        file(AnonymousUser())
    assert Prediction.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"claim": "  "}, "claim"),
        ({"claim": "x" * 501}, "claim"),
        ({"resolves_on": None, "deadline_text": ""}, "resolves_on"),
        ({"resolves_on": None, "deadline_text": "soon"}, "deadline_text"),
        ({"resolves_on": dt.date(2026, 1, 31)}, "resolves_on"),
        ({"confidence": 1.5}, "confidence"),
        ({"confidence": -0.1}, "confidence"),
        ({"tags": [f"tag{n}" for n in range(21)]}, "tags"),
        ({"tags": ["x" * 51]}, "tags"),
        ({"tags": ["!!!"]}, "tags"),
        ({"predictor": "  "}, "predictor"),
        ({"source_url": "ftp://example.com/file"}, "source_url"),
        ({"source_url": "", "source_title": ""}, "source_url"),
        ({"published_on": None}, "said_on"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(contributor, overrides, field):
    with pytest.raises(InvalidInput) as error:
        file(contributor, **overrides)

    assert field in error.value.errors
    assert Prediction.objects.count() == 0
    assert Person.objects.count() == 0
    assert Source.objects.count() == 0
    assert Statement.objects.count() == 0
    assert Tag.objects.count() == 0
    assert PredictionEvent.objects.count() == 0


def test_every_problem_is_reported_at_once(contributor):
    with pytest.raises(InvalidInput) as error:
        file(contributor, claim="", confidence=2, resolves_on=None, deadline_text="")
    assert set(error.value.errors) == {"claim", "confidence", "resolves_on"}
