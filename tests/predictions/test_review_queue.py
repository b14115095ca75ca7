"""The editors' queue at /review/ and the decisions taken from it: a claim
approved, rejected with its reason, edited then approved; an outcome proposed,
confirmed or declined. Each decision is an event on the prediction's history."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from predictions import services
from predictions.models import Prediction
from tests.support.factories import PersonFactory, SourceFactory, UserFactory
from tests.support.html import Page

pytestmark = pytest.mark.django_db

QUEUE = "/review/"
EVIDENCE = "https://news.example.com/bridge-still-closed"
SOURCE_TEXT = (
    "At the council meeting the mayor said: “We will open the bridge within the next month”, "
    "to applause from the public gallery."
)


def file(contributor, claim="The Riverton bridge reopens", **extra) -> Prediction:
    arguments = {
        "filed_by": contributor,
        "claim": claim,
        "predictor": "A Mayor",
        "made_on": dt.date(2026, 2, 1),
        "resolves_on": dt.date(2026, 3, 1),
        **extra,
    }
    return services.file_claim(**arguments)


def kinds(prediction: Prediction) -> list[str]:
    return list(prediction.events.order_by("id").values_list("kind", flat=True))


def stored(prediction: Prediction) -> Prediction:
    return Prediction.objects.get(pk=prediction.pk)


def test_only_editors_see_the_queue(client, contributor, editor, staff):
    assert client.get(QUEUE).status_code == 302  # sign in first
    client.force_login(contributor)
    assert client.get(QUEUE).status_code == 403
    for user in (editor, staff):
        client.force_login(user)
        assert client.get(QUEUE).status_code == 200


def test_a_pending_claim_is_shown_with_its_quote_found_in_the_source(
    client, contributor, editor, frozen_now
):
    SourceFactory(url="https://news.example.com/council", text=SOURCE_TEXT)
    claim = file(
        contributor,
        quote="We will open the bridge within the next month",
        source_url="https://news.example.com/council",
    )
    client.force_login(editor)

    page = Page(client.get(QUEUE).content.decode())

    item = page.one(f"article[aria-labelledby='claim-{claim.pk}']")
    mark = item.select_one("mark")
    assert mark is not None and mark.text == "We will open the bridge within the next month"
    assert "The quote is in the source's captured text" in item.text
    assert "filed by alice" in item.text


def test_a_quote_missing_from_the_source_is_flagged(client, contributor, editor, frozen_now):
    SourceFactory(url="https://news.example.com/council", text=SOURCE_TEXT)
    claim = file(
        contributor,
        quote="The bridge opens next week",
        source_url="https://news.example.com/council",
    )
    client.force_login(editor)

    item = Page(client.get(QUEUE).content.decode()).one(
        f"article[aria-labelledby='claim-{claim.pk}']"
    )

    assert "Quote not found in the source text." in item.text


def test_near_duplicate_claims_and_people_are_listed(client, contributor, editor, frozen_now):
    services.file_claim(
        filed_by=editor,
        claim="The Riverton bridge re-opens",
        predictor="A Mayor",
        made_on=dt.date(2026, 1, 1),
        resolves_on=dt.date(2026, 6, 1),
    )
    PersonFactory(name="Jo Mayor", slug="jo-mayor")
    claim = file(contributor)
    client.force_login(editor)

    item = Page(client.get(QUEUE).content.decode()).one(
        f"article[aria-labelledby='claim-{claim.pk}']"
    )

    assert "The Riverton bridge re-opens" in item.text
    assert "Jo Mayor" in item.text


def test_the_queue_costs_the_same_queries_however_long(client, contributor, editor, frozen_now):
    def add(n: int) -> None:
        file(contributor, claim=f"Pending claim {n}", predictor=f"Pending Person {n}")
        claim = file(contributor, claim=f"Proposed claim {n}", predictor=f"Person {n}")
        services.propose_outcome(
            prediction=services.review_claim(prediction=claim, actor=editor, decision="approve"),
            actor=contributor,
            outcome="wrong",
            evidence_url=EVIDENCE,
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(QUEUE)
        assert response.status_code == 200
        return len(captured.captured_queries)

    client.force_login(editor)
    add(0)
    one_each = queries()
    for n in range(1, 6):
        add(n)

    assert queries() == one_each
    assert client.get(QUEUE).content.decode().count("Confirm: wrong") == 6


def test_approving_publishes_and_is_on_the_history(client, contributor, editor, frozen_now):
    claim = file(contributor)
    client.force_login(editor)

    response = client.post(
        reverse("predictions:review", args=[claim.pk]),
        {"decision": "approve", "version": claim.version, "next": QUEUE},
    )

    assert response.status_code == 302 and response["Location"] == QUEUE
    approved = stored(claim)
    assert (approved.review_state, approved.reviewed_by) == ("published", editor)
    assert kinds(approved) == ["filed", "approved"]
    assert approved.events.latest("id").actor == editor


def test_rejecting_needs_a_reason_and_the_filer_sees_it(client, contributor, editor, frozen_now):
    claim = file(contributor)
    client.force_login(editor)
    url = reverse("predictions:review", args=[claim.pk])

    refused = client.post(url, {"decision": "reject", "version": claim.version})
    assert refused.status_code == 400
    assert "Give a reason: the filer sees it" in refused.content.decode()
    assert stored(claim).review_state == "pending"
    assert kinds(claim) == ["filed"]

    client.post(url, {"decision": "reject", "version": claim.version, "reason": "Misquoted."})
    rejected = stored(claim)
    assert (rejected.review_state, rejected.review_reason) == ("rejected", "Misquoted.")
    assert kinds(rejected) == ["filed", "rejected"]

    client.force_login(contributor)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Rejected by an editor." in page and "Misquoted." in page
    client.logout()
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_an_editor_edits_then_approves(client, contributor, editor, frozen_now):
    claim = file(contributor, claim="The bridge reopens")
    services.edit_prediction(
        prediction=claim, actor=editor, changes={"claim": "The Riverton bridge reopens to cars"}
    )
    client.force_login(editor)

    client.post(
        reverse("predictions:review", args=[claim.pk]),
        {"decision": "approve", "version": stored(claim).version},
    )

    approved = stored(claim)
    assert (approved.claim, approved.review_state) == (
        "The Riverton bridge reopens to cars",
        "published",
    )
    assert kinds(approved) == ["filed", "edited", "approved"]


def test_a_stale_decision_is_a_conflict(client, contributor, editor, frozen_now):
    claim = file(contributor)
    services.edit_prediction(prediction=claim, actor=editor, changes={"claim": "Changed"})
    client.force_login(editor)

    response = client.post(
        reverse("predictions:review", args=[claim.pk]), {"decision": "approve", "version": 1}
    )

    assert response.status_code == 409
    assert stored(claim).review_state == "pending"


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_others_may_not_decide(client, contributor, other_contributor, decision, frozen_now):
    claim = file(contributor)
    for user in (contributor, other_contributor):
        client.force_login(user)
        response = client.post(
            reverse("predictions:review", args=[claim.pk]),
            {"decision": decision, "version": claim.version, "reason": "Mine."},
        )
        # The filer may see her claim but not judge it; anyone else may not see it.
        assert response.status_code == (403 if user == contributor else 404)
    assert stored(claim).review_state == "pending"


def proposed(contributor, editor) -> Prediction:
    claim = services.review_claim(prediction=file(contributor), actor=editor, decision="approve")
    return services.propose_outcome(
        prediction=claim,
        actor=contributor,
        outcome="wrong",
        evidence_url=EVIDENCE,
        note="Still closed.",
    )


def test_confirming_resolves_as_proposed_crediting_the_proposer(
    client, contributor, editor, frozen_now
):
    prediction = proposed(contributor, editor)
    client.force_login(editor)

    client.post(
        reverse("predictions:proposal", args=[prediction.pk]),
        {"decision": "confirm", "version": prediction.version},
    )

    resolved = stored(prediction)
    assert (resolved.status, resolved.outcome, resolved.evidence_url) == (
        "resolved",
        "wrong",
        EVIDENCE,
    )
    assert (resolved.resolved_by, resolved.proposed_outcome) == (contributor, "")
    event = resolved.events.latest("id")
    assert (event.kind, event.actor) == ("resolved", editor)
    assert event.data["confirmed_proposal"]["proposed_by_id"] == contributor.pk
    page = client.get(prediction.get_absolute_url()).content.decode()
    assert "(proposed by alice, confirmed)" in page


def test_declining_needs_a_reason_and_leaves_it_unresolved(client, contributor, editor, frozen_now):
    prediction = proposed(contributor, editor)
    client.force_login(editor)
    url = reverse("predictions:proposal", args=[prediction.pk])

    assert (
        client.post(url, {"decision": "decline", "version": prediction.version}).status_code == 400
    )
    assert stored(prediction).proposed_outcome == "wrong"

    client.post(url, {"decision": "decline", "version": prediction.version, "reason": "Opened."})
    declined = stored(prediction)
    assert (declined.status, declined.outcome, declined.proposed_outcome) == ("due", "", "")
    assert kinds(declined)[-1] == "proposal_declined"
    assert declined.events.latest("id").data["reason"] == "Opened."


def test_the_page_shows_a_proposal_to_everyone_and_its_decision_to_editors(
    client, contributor, editor, frozen_now
):
    prediction = proposed(contributor, editor)

    page = Page(client.get(prediction.get_absolute_url()).content.decode())
    assert "Proposed: wrong, by alice" in page.one(".proposal").text
    assert "counts in no record" in page.one(".proposal").text
    assert not page.select("form[action$='/proposal/']")

    client.force_login(editor)
    page = Page(client.get(prediction.get_absolute_url()).content.decode())
    assert page.select("form[action$='/proposal/']")


def test_a_second_proposal_waits_for_the_first(client, contributor, editor, frozen_now):
    prediction = proposed(contributor, editor)
    bob = UserFactory(username="bob")
    client.force_login(bob)

    response = client.post(
        reverse("predictions:resolve", args=[prediction.pk]),
        {"version": stored(prediction).version, "outcome": "right", "evidence_url": EVIDENCE},
    )

    assert response.status_code == 409
    assert "An outcome has been proposed already" in response.content.decode()
    assert stored(prediction).proposed_by == contributor
