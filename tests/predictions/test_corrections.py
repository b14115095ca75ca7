"""Quotes and names have a history too: an editor correcting a quote's words,
or a person's name, leaves an event on every prediction that cites the quote
or that the person made, with the old and new values and the reason, chained
like every other event. Nobody else may, and nothing changes when refused."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import InvalidInput, NotPermitted
from predictions import history, services
from predictions.models import Prediction, PredictionEvent
from predictions.services import corrections
from sources.models import Person, Statement
from tests.support.html import page

pytestmark = pytest.mark.django_db

Kind = PredictionEvent.Kind
QUOTE = "The bridge will reopen within the next month, probably."
FIXED = "The bridge will reopen within the next two months, probably."


def file(editor, claim: str, **extra) -> Prediction:
    return services.file_claim(
        filed_by=editor,
        claim=claim,
        predictor="Ann Mayor",
        made_on=dt.date(2026, 2, 1),
        resolves_on=dt.date(2026, 4, 1),
        **extra,
    )


@pytest.fixture
def cited(editor, frozen_now):
    """Two predictions citing one quote, and a third by the same person without it."""
    first = file(editor, "The bridge reopens", quote=QUOTE, source_title="Radio interview")
    second = services.file_claim(
        filed_by=editor,
        claim="The bridge reopens before April",
        predictor=first.predictor,
        statement=first.statement,
        made_on=dt.date(2026, 2, 1),
        resolves_on=dt.date(2026, 4, 1),
    )
    third = file(editor, "The tram runs on time")
    return first, second, third


def latest(prediction: Prediction) -> PredictionEvent:
    return prediction.events.latest("at", "id")


def test_correcting_a_quote_records_old_and_new_words_on_every_prediction_citing_it(cited, editor):
    first, second, third = cited
    statement = first.statement
    assert statement is not None

    corrected = corrections.correct_statement_text(
        statement=statement, text=FIXED, actor=editor, reason="The recording says two months."
    )

    assert corrected.text == FIXED
    assert Statement.objects.get(pk=statement.pk).text == FIXED
    for prediction in (first, second):
        event = latest(prediction)
        assert event.kind == Kind.QUOTE_CORRECTED
        assert event.actor == editor
        assert event.data == {
            "statement": statement.pk,
            "old": QUOTE,
            "new": FIXED,
            "reason": "The recording says two months.",
        }
        # The prediction changed (what it cites reads differently): a writer
        # holding the old version gets a conflict.
        assert Prediction.objects.get(pk=prediction.pk).version == prediction.version + 1
    assert latest(third).kind == Kind.FILED
    assert history.verify().intact


def test_renaming_a_person_records_it_on_each_of_their_predictions(cited, editor):
    first, second, third = cited
    person = first.predictor
    slug = person.slug

    renamed = corrections.rename_person(
        person=person, name="Anne Mayor", actor=editor, reason="Misspelt when first filed."
    )

    stored = Person.objects.get(pk=person.pk)
    assert (renamed.name, stored.name, stored.slug) == ("Anne Mayor", "Anne Mayor", slug)
    # The key lookalike names are found by follows the name.
    assert stored.name_key != "" and stored.name_key != person.name_key
    for prediction in (first, second, third):
        event = latest(prediction)
        assert event.kind == Kind.PERSON_RENAMED
        assert event.data == {
            "person": person.pk,
            "old": "Ann Mayor",
            "new": "Anne Mayor",
            "reason": "Misspelt when first filed.",
        }
    assert history.verify().intact


def test_a_rename_reaches_withdrawn_and_pending_predictions_too(editor, contributor, frozen_now):
    withdrawn = services.withdraw_prediction(
        prediction=file(editor, "Withdrawn one"), actor=editor, reason="Duplicate."
    )
    pending = services.file_claim(
        filed_by=contributor,
        claim="Pending one",
        predictor=withdrawn.predictor,
        made_on=dt.date(2026, 2, 1),
        resolves_on=dt.date(2026, 4, 1),
    )
    assert pending.review_state == Prediction.ReviewState.PENDING

    corrections.rename_person(
        person=withdrawn.predictor, name="Anne Mayor", actor=editor, reason="Spelling."
    )

    assert latest(withdrawn).kind == Kind.PERSON_RENAMED
    assert latest(pending).kind == Kind.PERSON_RENAMED


@pytest.mark.parametrize("persona", ["contributor", "anonymous"])
def test_only_an_editor_corrects_and_a_refusal_changes_nothing(cited, request, persona):
    from django.contrib.auth.models import AnonymousUser

    actor = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    first, *_ = cited
    statement, person = first.statement, first.predictor
    assert statement is not None
    events = PredictionEvent.objects.count()

    with pytest.raises(NotPermitted):
        corrections.correct_statement_text(
            statement=statement, text=FIXED, actor=actor, reason="Mine."
        )
    with pytest.raises(NotPermitted):
        corrections.rename_person(person=person, name="Someone Else", actor=actor, reason="Mine.")

    assert Statement.objects.get(pk=statement.pk).text == QUOTE
    assert Person.objects.get(pk=person.pk).name == "Ann Mayor"
    assert PredictionEvent.objects.count() == events


@pytest.mark.parametrize(
    ("text", "reason", "field"),
    [
        ("   ", "Fix.", "text"),
        (FIXED, "  ", "reason"),
    ],
)
def test_a_correction_needs_words_and_a_reason(cited, editor, text, reason, field):
    first, *_ = cited
    assert first.statement is not None

    with pytest.raises(InvalidInput) as refused:
        corrections.correct_statement_text(
            statement=first.statement, text=text, actor=editor, reason=reason
        )
    with pytest.raises(InvalidInput) as refused_name:
        corrections.rename_person(person=first.predictor, name=text, actor=editor, reason=reason)

    assert field in refused.value.errors
    assert {"text": "name"}.get(field, field) in refused_name.value.errors
    assert Statement.objects.get(pk=first.statement.pk).text == QUOTE


def test_the_same_words_are_no_correction(cited, editor):
    first, *_ = cited
    assert first.statement is not None
    events = PredictionEvent.objects.count()

    corrections.correct_statement_text(
        statement=first.statement, text=f"  {QUOTE} ", actor=editor, reason="Nothing."
    )
    corrections.rename_person(person=first.predictor, name="Ann Mayor", actor=editor, reason="-")

    assert PredictionEvent.objects.count() == events


def test_a_correction_that_drops_the_words_a_confidence_was_read_from_is_refused(
    editor, frozen_now
):
    """The confidence would then rest on words the quote no longer holds:
    the prediction's confidence is changed first."""
    prediction = file(
        editor,
        "The bridge reopens",
        quote=QUOTE,
        source_title="Radio interview",
        confidence_basis="hedge",
        confidence_hedge="probably",
    )
    assert prediction.confidence_basis == "hedge"
    assert prediction.statement is not None

    with pytest.raises(InvalidInput) as refused:
        corrections.correct_statement_text(
            statement=prediction.statement,
            text="The bridge will reopen within the next month.",
            actor=editor,
            reason="No hedge in the recording.",
        )

    assert "probably" in refused.value.errors["text"][0]
    assert Statement.objects.get(pk=prediction.statement.pk).text == QUOTE


def test_the_prediction_page_shows_the_old_and_new_words(client, cited, editor):
    first, *_ = cited
    assert first.statement is not None
    corrections.correct_statement_text(
        statement=first.statement, text=FIXED, actor=editor, reason="The recording."
    )
    corrections.rename_person(
        person=first.predictor, name="Anne Mayor", actor=editor, reason="Spelling."
    )

    shown = page(client.get(reverse("predictions:detail", args=[first.pk])))

    assert FIXED in " ".join(shown.quotes)
    _filed, quote, name = shown.timeline
    assert quote.startswith("Quote corrected by charlie, ")
    assert quote.endswith(f": was “{QUOTE}”, now “{FIXED}”. Reason: The recording.")
    assert name.startswith("Name corrected by charlie, ")
    assert name.endswith(": was “Ann Mayor”, now “Anne Mayor”. Reason: Spelling.")
