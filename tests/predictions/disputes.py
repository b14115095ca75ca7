"""Published predictions to dispute, for the tests of disputes (services,
pages and API): an editor files them, so they skip review; and the readers of
the dispute forms on a prediction's page."""

import datetime as dt

from django.contrib.auth.models import User
from django.urls import reverse

from predictions import services
from predictions.models import Dispute, Prediction, PredictionEvent
from tests.support.html import Page, attribute

EVIDENCE = "https://news.example.com/bridge-opened"
QUOTE = "We will open the bridge within the next month."


def published(editor: User, *, quote: bool = True) -> Prediction:
    """Open (due 20 March 2026 on the tests' 10 March), with its quote unless
    ``quote`` is False."""
    words = (
        {
            "quote": QUOTE,
            "source_title": "Mayor promises bridge",
            "published_on": dt.date(2026, 2, 20),
        }
        if quote
        else {"made_on": dt.date(2026, 2, 20)}
    )
    return services.file_claim(
        filed_by=editor,
        claim="The Riverton bridge reopens",
        predictor="A Mayor",
        deadline_text="within the next month",
        **words,
    )


def resolved(editor: User, outcome: str = "wrong", *, quote: bool = True) -> Prediction:
    """Published, then resolved by the editor as ``outcome`` with a note."""
    return services.resolve_prediction(
        prediction=published(editor, quote=quote),
        actor=editor,
        outcome=outcome,
        note="Still closed on the deadline.",
    )


def kinds(prediction: Prediction) -> list[str]:
    return list(prediction.events.order_by("id").values_list("kind", flat=True))


def stored(prediction: Prediction) -> Prediction:
    return Prediction.objects.get(pk=prediction.pk)


def dispute_url(prediction) -> str:
    return reverse("predictions:dispute", args=[prediction.pk])


def settle_url(dispute: Dispute) -> str:
    return reverse("predictions:settle-dispute", args=[dispute.prediction_id, dispute.number])


def open_one(prediction, actor, subject="outcome", reason="It reopened on 18 March.") -> Dispute:
    return services.open_dispute(
        prediction=prediction, actor=actor, subject=subject, reason=reason, evidence_url=EVIDENCE
    )


def page_of(client, prediction) -> Page:
    response = client.get(prediction.get_absolute_url())
    assert response.status_code == 200
    return Page(response.content.decode())


def settle_forms(seen: Page) -> list[str]:
    return [attribute(form, "action") for form in seen.select("form.settle-form")]


def assert_every_input_is_labelled(seen: Page) -> None:
    for element in seen.select("section.disputes input, section.disputes textarea"):
        if element.get("type") in ("hidden", "submit"):
            continue
        found = seen.soup.select(f'label[for="{attribute(element, "id")}"]')
        assert found, f"no label for {element}"
    for element in seen.select("section.disputes select"):
        assert seen.soup.select(f'label[for="{attribute(element, "id")}"]')


def prefixed(dispute: Dispute, **data) -> dict[str, str]:
    """A settle form's fields, as the page names them."""
    return {f"settle-{dispute.prediction_id}-{dispute.number}-{k}": v for k, v in data.items()}


def last_event(prediction: Prediction, kind: str) -> PredictionEvent:
    return prediction.events.filter(kind=kind).latest("id")


def settle(dispute: Dispute, actor, **arguments) -> Dispute:
    return services.settle_dispute(dispute=dispute, actor=actor, **arguments)
